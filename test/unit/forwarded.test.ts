// The client behind trusted proxies (src/server/forwarded.ts), case by case.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileForwarding } from '../../src/server/forwarded.js';

const xff = compileForwarding({ trusted: ['10.0.0.0/8', '127.0.0.1'], header: 'x-forwarded-for' })!;
const fwd = compileForwarding({ trusted: ['10.0.0.0/8'], header: 'forwarded' })!;

describe('compileForwarding', () => {
  it('trusts no one without a trusted list', () => {
    assert.equal(compileForwarding({ trusted: [], header: 'x-forwarded-for' }), null);
  });

  it('X-Forwarded-For, right to left', () => {
    const cases: Array<[string, string | undefined, string]> = [
      ['10.0.0.1', '192.0.2.1', '192.0.2.1'],
      ['10.0.0.1', '192.0.2.1, 10.2.2.2', '192.0.2.1'],
      ['10.0.0.1', '192.0.2.9, 192.0.2.1', '192.0.2.1'],
      // every address trusted: the leftmost is the client
      ['10.0.0.1', '10.3.3.3, 10.2.2.2', '10.3.3.3'],
      // IPv4 with a port, IPv6 in brackets, IPv4-mapped folded
      ['10.0.0.1', '192.0.2.1:5555', '192.0.2.1'],
      ['10.0.0.1', '[2001:DB8::1]:443', '2001:db8::1'],
      ['10.0.0.1', '::ffff:192.0.2.7', '192.0.2.7'],
      // garbage stops the walk at the proxy that sent it
      ['10.0.0.1', '192.0.2.1, 10.2.2.2, not-an-ip', '10.0.0.1'],
      ['10.0.0.1', '192.0.2.1, not-an-ip, 10.2.2.2', '10.2.2.2'],
      // an untrusted peer: the header is not read at all
      ['192.0.2.50', '192.0.2.1', '192.0.2.50'],
      ['10.0.0.1', undefined, '10.0.0.1'],
    ];
    for (const [peer, header, want] of cases) {
      const headers = header === undefined ? {} : { 'x-forwarded-for': header };
      assert.equal(xff(peer, headers, 'http').ip, want, `${peer} ${header}`);
    }
  });

  it('X-Forwarded-Proto from a trusted peer only', () => {
    assert.equal(xff('10.0.0.1', { 'x-forwarded-proto': 'https' }, 'http').scheme, 'https');
    assert.equal(xff('10.0.0.1', { 'x-forwarded-proto': 'http, https' }, 'http').scheme, 'https');
    assert.equal(xff('10.0.0.1', { 'x-forwarded-proto': 'gopher' }, 'http').scheme, 'http');
    assert.equal(xff('192.0.2.50', { 'x-forwarded-proto': 'https' }, 'http').scheme, 'http');
    assert.equal(xff('10.0.0.1', { 'x-forwarded-proto': 'http' }, 'https').scheme, 'http');
  });

  it('Forwarded: quoted values, several elements, proto of the element naming the client', () => {
    const r = fwd(
      '10.0.0.1',
      { forwarded: 'for=192.0.2.60;proto=https, for="[2001:db8:cafe::17]:4711";proto=http' },
      'http',
    );
    assert.deepEqual(r, { ip: '2001:db8:cafe::17', scheme: 'http' });
    const chained = fwd('10.0.0.1', { forwarded: 'for=192.0.2.60;proto=https, for=10.9.9.9;proto=http' }, 'http');
    assert.deepEqual(chained, { ip: '192.0.2.60', scheme: 'https' });
    assert.deepEqual(fwd('10.0.0.1', { forwarded: 'for=unknown;proto=https' }, 'http'), {
      ip: '10.0.0.1',
      scheme: 'https',
    });
    assert.deepEqual(fwd('10.0.0.1', { forwarded: 'FOR="_hidden", for=192.0.2.1' }, 'http').ip, '192.0.2.1');
  });
});
