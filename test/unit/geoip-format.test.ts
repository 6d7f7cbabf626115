// mod_maxminddb's text for values and networks (src/geoip/format.ts) and its merge of directory
// configurations (src/geoip/settings.ts), checked against what the module's C code produces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { networkText, scalarText, valueAt } from '../../src/geoip/format.js';
import { mergeMaxMind, parseLookupPath, type MaxMindSettings } from '../../src/geoip/settings.js';

describe('scalarText (export_env_for_lookups)', () => {
  it('writes each type as the module does', () => {
    assert.equal(scalarText('Zürich'), 'Zürich');
    assert.equal(scalarText(true), '1');
    assert.equal(scalarText(false), '0');
    assert.equal(scalarText(37.751), '37.75100');
    assert.equal(scalarText(-97.8221234567), '-97.82212');
    assert.equal(scalarText(2921044), '2921044');
    assert.equal(scalarText(-5), '-5');
    assert.equal(scalarText(18446744073709551615n), '18446744073709551615');
    assert.equal(scalarText(1n << 64n), '0x00000000000000010000000000000000');
    assert.equal(scalarText(Buffer.from([0x61, 0x62, 0, 0x63])), 'ab');
  });

  it('has no text for a map or an array', () => {
    assert.equal(scalarText({ a: 1 }), null);
    assert.equal(scalarText([1]), null);
  });
});

describe('valueAt (MMDB_aget_value)', () => {
  const record = { country: { iso_code: 'NZ' }, subdivisions: [{ iso_code: 'AUK' }, { iso_code: 'WGN' }] };

  it('follows keys and indexes, negative ones from the end', () => {
    assert.deepEqual(valueAt(record, ['country', 'iso_code']), { kind: 'value', text: 'NZ' });
    assert.deepEqual(valueAt(record, ['subdivisions', '0', 'iso_code']), { kind: 'value', text: 'AUK' });
    assert.deepEqual(valueAt(record, ['subdivisions', '-1', 'iso_code']), { kind: 'value', text: 'WGN' });
  });

  it('does not match a missing key, an index out of range or a path below a value', () => {
    assert.deepEqual(valueAt(record, ['city', 'names']), { kind: 'no-match' });
    assert.deepEqual(valueAt(record, ['subdivisions', '2']), { kind: 'no-match' });
    assert.deepEqual(valueAt(record, ['country', 'iso_code', 'x']), { kind: 'no-match' });
    // inherited properties are not keys of the record
    assert.deepEqual(valueAt(record, ['constructor']), { kind: 'no-match' });
  });

  it('is an error for a word as an array index, and for a map at the end of the path', () => {
    assert.equal(valueAt(record, ['subdivisions', 'first']).kind, 'error');
    assert.deepEqual(valueAt(record, ['country']), { kind: 'error', message: 'Database error: unknown data type' });
  });
});

describe('networkText (set_network_environment_variable)', () => {
  it('masks the address to the prefix', () => {
    assert.equal(networkText('192.0.2.77', 4, 24), '192.0.2.0/24');
    assert.equal(networkText('10.1.2.3', 4, 0), '0.0.0.0/0');
    assert.equal(networkText('127.0.0.1', 4, 32), '127.0.0.1/32');
  });

  it("writes IPv6 as glibc's inet_ntop does", () => {
    assert.equal(networkText('2001:db8:1:2::7', 6, 32), '2001:db8::/32');
    assert.equal(networkText('::1', 6, 128), '::1/128');
    assert.equal(networkText('2001:db8:0:1:0:0:0:1', 6, 128), '2001:db8:0:1::1/128');
    assert.equal(networkText('::ffff:192.0.2.1', 6, 120), '::ffff:192.0.2.0/120');
    assert.equal(networkText('2001:0:0:1:0:0:0:0', 6, 64), '2001:0:0:1::/64');
  });
});

describe('merging directory configurations (merge_config)', () => {
  const loc = { file: '/a/.htaccess', line: 1 };
  const parent: MaxMindSettings = {
    enabled: { value: true, loc },
    databases: new Map([['DB', { value: '/x.mmdb', loc }]]),
    lookups: new Map([['DB', new Map([['CC', ['country', 'iso_code']]])]]),
    networkEnv: new Map([['DB', 'NET']]),
  };

  it('keeps what the child does not say, overlays what it does', () => {
    const child: MaxMindSettings = {
      databases: new Map(),
      lookups: new Map([['DB', new Map([['CITY', ['city', 'names', 'en']]])]]),
      networkEnv: new Map([['DB', 'NET2']]),
    };
    const merged = mergeMaxMind(parent, child);
    assert.equal(merged.enabled?.value, true);
    assert.deepEqual([...merged.lookups.get('DB')!.keys()], ['CC', 'CITY']);
    assert.equal(merged.networkEnv.get('DB'), 'NET2');
    assert.equal(merged.databases.get('DB')?.value, '/x.mmdb');
    const off = mergeMaxMind(parent, { ...child, enabled: { value: false, loc } });
    assert.equal(off.enabled?.value, false);
  });

  it('splits lookup paths as apr_strtok does', () => {
    assert.deepEqual(parseLookupPath('DB//country/iso_code/'), { database: 'DB', path: ['country', 'iso_code'] });
    assert.equal(parseLookupPath('//'), null);
  });
});
