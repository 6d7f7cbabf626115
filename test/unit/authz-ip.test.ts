// Address rules (docs/apache-behaviour.md §6.3), client address folding and `Require local`,
// host-name matching (docs/apache-behaviour.md §6.4).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeIp, matchIp, parseAddressBytes, parseIpMatcher } from '../../src/authz/ip-match.js';
import { foldClientAddress, isLocalAddress, sameAddress } from '../../src/authz/client-address.js';
import { hostNameMatches } from '../../src/authz/host-match.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('parseIpMatcher: every valid form of docs/apache-behaviour.md §6.3', () => {
  // [rule, clients that match, clients that do not]
  const cases: [string, string[], string[]][] = [
    ['127.0.0.1', ['127.0.0.1'], ['127.0.0.2', '::1']],
    ['::1', ['::1', '0:0:0:0:0:0:0:1'], ['127.0.0.1', '::2']],
    ['0:0:0:0:0:0:0:1', ['::1'], ['127.0.0.1']],
    ['127', ['127.0.0.1', '127.255.1.2'], ['128.0.0.1', '::1']],
    ['127.0', ['127.0.0.1', '127.0.255.255'], ['127.1.0.1']],
    ['127.', ['127.0.0.1', '127.9.9.9'], ['126.0.0.1']],
    ['10.1', ['10.1.0.0', '10.1.2.3'], ['127.0.0.1', '10.2.0.1']],
    ['127.0.0.0/8', ['127.0.0.1'], ['128.0.0.1']],
    ['127.0.0.1/32', ['127.0.0.1'], ['127.0.0.2']],
    ['127.0.0.5/8', ['127.0.0.1'], ['10.0.0.5']],
    ['::1/64', ['::1', '::abcd'], ['1::1', '127.0.0.1']],
    ['fe80::/10', ['fe80::1', 'febf:ffff::1'], ['fec0::1', '::1']],
    ['127.0.0.0/255.0.0.0', ['127.0.0.1'], ['128.0.0.1']],
    ['127.0.0.1/255.0.255.0', ['127.0.0.1', '127.9.0.200'], ['127.0.1.1', '128.0.0.1']],
    ['10.0.0.0/255.255.0.0', ['10.0.3.4'], ['10.1.0.0']],
    ['2001:db8::/32', ['2001:db8::1', '2001:0DB8:ffff::'], ['2001:db9::1']],
    ['::1.2.3.4', ['::102:304'], ['1.2.3.4']],
  ];
  for (const [rule, yes, no] of cases) {
    it(`${rule} is valid`, () => {
      const m = parseIpMatcher(rule);
      assert.ok(m, `${rule} should parse`);
      assert.equal(m.text, rule);
      for (const c of yes) assert.equal(matchIp(m, c), true, `${rule} should match ${c}`);
      for (const c of no) assert.equal(matchIp(m, c), false, `${rule} should not match ${c}`);
    });
  }

  it('compiles network bytes already masked, with the implied mask', () => {
    const cases2: [string, 4 | 6, string, string][] = [
      ['127.0.0.5/8', 4, '7f000000', 'ff000000'],
      ['10.1', 4, '0a010000', 'ffff0000'],
      ['127.', 4, '7f000000', 'ff000000'],
      ['127.0.0.1/255.0.255.0', 4, '7f000000', 'ff00ff00'],
      ['127.0.0.1/20', 4, '7f000000', 'fffff000'],
      ['fe80::/10', 6, 'fe800000000000000000000000000000', 'ffc00000000000000000000000000000'],
      ['::1/64', 6, '0'.repeat(32), 'f'.repeat(16) + '0'.repeat(16)],
    ];
    for (const [rule, family, bytes, mask] of cases2) {
      const m = parseIpMatcher(rule);
      assert.ok(m, rule);
      assert.deepEqual([m.family, hex(m.bytes), hex(m.mask)], [family, bytes, mask], rule);
    }
  });
});

describe('parseIpMatcher: every invalid form of docs/apache-behaviour.md §6.3 is null (→ 500)', () => {
  const invalid = [
    '127.*',
    'foo',
    '300.1.1.1',
    '/33',
    '127.0.0.1/33',
    '0.0.0.0/0',
    '::/0',
    '::1/129',
    '[::1]',
    '127/8',
    '10.1/16',
    '::ffff:127.0.0.1',
    '::ffff:127.0.0.1/128',
    '#',
    '10.0.0.1#',
    '#comment',
    '',
    '1..2',
    '.1',
    '1.2.3.4.5',
    '256',
    '127.0.0.1/',
    '127.0.0.1/8/9',
    '127.0.0.1/-8',
    '127.0.0.1/8x',
    '::1/255.255.255.0',
    ':::',
    '1::2::3',
    ':1',
    '1:',
    'fe80::1%eth0',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    'g::1',
    '12345::1',
    'localhost',
    '127.0.0.1 ',
    '1.2.3.4::',
    '::1.2.3',
    '127.0.0.256',
  ];
  for (const text of invalid) {
    it(JSON.stringify(text), () => assert.equal(parseIpMatcher(text), null));
  }
});

describe('matchIp: families never cross', () => {
  it('an IPv4 rule never matches an IPv6 client, and vice versa', () => {
    assert.equal(matchIp(parseIpMatcher('127.0.0.1')!, '::1'), false);
    assert.equal(matchIp(parseIpMatcher('::1')!, '127.0.0.1'), false);
    assert.equal(matchIp(parseIpMatcher('::/1')!, '127.0.0.1'), false);
  });
  it('like APR, an IPv4 rule sees through a v4-mapped client that was not folded', () => {
    assert.equal(matchIp(parseIpMatcher('127.0.0.0/8')!, '::ffff:127.0.0.5'), true);
    assert.equal(matchIp(parseIpMatcher('::/1')!, '::ffff:127.0.0.5'), false);
  });
  it('an unparseable client matches nothing', () => {
    for (const c of ['', 'localhost', '127.0.0', '::ffff:127.0.0.1%x']) {
      assert.equal(matchIp(parseIpMatcher('127')!, c), false, c);
    }
  });
});

describe('parseAddressBytes', () => {
  const cases: [string, { family: 4 | 6; hex: string } | null][] = [
    ['127.0.0.1', { family: 4, hex: '7f000001' }],
    ['0.0.0.0', { family: 4, hex: '00000000' }],
    ['::1', { family: 6, hex: '0'.repeat(31) + '1' }],
    ['::', { family: 6, hex: '0'.repeat(32) }],
    ['2001:DB8::8:800:200C:417A', { family: 6, hex: '20010db80000000000080800200c417a' }],
    ['1:2:3:4:5:6:7::', { family: 6, hex: '00010002000300040005000600070000' }],
    ['::ffff:1.2.3.4', { family: 6, hex: '00000000000000000000ffff01020304' }],
    ['127.0.0', null],
    ['127', null],
    ['', null],
    ['1:2:3:4:5:6:7:8::', null],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => {
      const got = parseAddressBytes(text);
      assert.deepEqual(got && { family: got.family, hex: hex(got.bytes) }, want);
    });
  }
});

describe('looksLikeIp (Allow from: address or host name?)', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['10.1', true],
    ['127.', true],
    ['300.1.1.1', true],
    ['::1', true],
    ['[::1]', true],
    ['example.com', false],
    ['foo', false],
    ['127.*', false],
    ['', false],
  ];
  for (const [text, want] of cases)
    it(`${JSON.stringify(text)} → ${want}`, () => assert.equal(looksLikeIp(text), want));
});

describe('foldClientAddress', () => {
  const cases: [string | undefined, string][] = [
    ['::ffff:127.0.0.5', '127.0.0.5'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:DB8::1', '2001:db8::1'],
    [undefined, ''],
  ];
  for (const [input, want] of cases)
    it(`${String(input)} → ${JSON.stringify(want)}`, () => assert.equal(foldClientAddress(input), want));
});

describe('isLocalAddress (Require local)', () => {
  const cases: [string, string, boolean][] = [
    ['127.0.0.1', '127.0.0.1', true],
    ['127.8.9.10', '192.168.1.2', true],
    ['::1', '::1', true],
    ['0:0:0:0:0:0:0:1', '10.0.0.1', true],
    ['::ffff:127.0.0.1', '10.0.0.1', true],
    ['192.168.1.2', '192.168.1.2', true], // the server's own address
    ['192.168.1.3', '192.168.1.2', false],
    ['10.0.0.1', '', false],
    ['::2', '::1', false],
    ['', '', false],
  ];
  for (const [ip, local, want] of cases)
    it(`${ip} (server ${local || '?'}) → ${want}`, () => assert.equal(isLocalAddress(ip, local), want));

  it('sameAddress compares addresses, not spellings', () => {
    assert.equal(sameAddress('::1', '0:0:0:0:0:0:0:1'), true);
    assert.equal(sameAddress('::ffff:10.0.0.1', '10.0.0.1'), true);
    assert.equal(sameAddress('10.0.0.1', '10.0.0.2'), false);
    assert.equal(sameAddress('', ''), false);
  });
});

describe('hostNameMatches (docs/apache-behaviour.md §6.4)', () => {
  const cases: [string, string | null, boolean][] = [
    ['example.com', 'example.com', true],
    ['example.com', 'www.example.com', true],
    ['example.com', 'a.b.EXAMPLE.com', true],
    ['Example.COM', 'www.example.com', true],
    ['example.com', 'badexample.com', false],
    ['example.com', 'example.com.evil.net', false],
    ['.example.com', 'www.example.com', true],
    ['.example.com', 'example.com', false],
    ['localhost', 'localhost', true],
    ['localhost', null, false],
    ['127.0.0.1', '127.0.0.1', false], // an IP literal never matches
    ['0.1', '10.0.0.1', false],
    ['example.com', '10.0.0.1', false], // reverse lookup failed: the "name" is an address
    ['', 'example.com', false],
    ['www.example.com', 'example.com', false],
  ];
  for (const [pattern, host, want] of cases) {
    it(`${pattern} vs ${String(host)} → ${want}`, () => assert.equal(hostNameMatches(pattern, host), want));
  }
});
