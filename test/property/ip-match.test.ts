// Property: `Require ip` / `Allow from` matching (src/authz/ip-match.ts) agrees with ipaddr.js on random
// addresses and networks: IPv4, IPv6 and IPv4-mapped clients, CIDR, netmask and partial forms. Where
// Apache's rules differ from a plain CIDR library they are encoded here (docs/apache-behaviour.md §6.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { matchIp, parseIpMatcher } from '../../src/authz/ip-match.js';

const RUNS = 4000;

/** IPv4 without leading zeros (ipaddr.js would read `010` as octal; APR reads it as decimal). */
const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
/** IPv6 in the compressed, full and fixed-length text forms, sometimes with a dotted IPv4 tail. */
const v6 = fc
  .tuple(
    fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }),
    fc.constantFrom('short', 'full', 'rfc5952', 'dotted'),
  )
  .map(([words, form]) => {
    const a = new ipaddr.IPv6(words);
    if (form === 'short') return a.toString();
    if (form === 'full') return a.toNormalizedString();
    if (form === 'rfc5952') return a.toRFC5952String();
    const b = a.toByteArray();
    return `${a.toNormalizedString().split(':').slice(0, 6).join(':')}:${b.slice(12).join('.')}`;
  });
/** Clients near a network as often as far from it, so both answers are exercised. */
function near(net: string, family: 4 | 6): fc.Arbitrary<string> {
  const bytes = ipaddr.parse(net).toByteArray();
  return fc
    .tuple(fc.nat(bytes.length - 1), fc.nat(255))
    .map(([i, b]) => ipaddr.fromByteArray(bytes.map((x, j) => (j >= i ? (j === i ? b : x) : x))).toString())
    .filter((a) => (family === 4 ? ipaddr.IPv4.isValid(a) : true));
}
const mapped = v4.map((a) => `::ffff:${a}`);

function oracle(client: string, net: string, bits: number): boolean {
  // APR folds an IPv4-mapped client to IPv4 for IPv4 rules (docs/apache-behaviour.md §6.3); ipaddr.process does too.
  const c = ipaddr.process(client);
  const n = ipaddr.parse(net);
  return c.kind() === n.kind() && c.match(n, bits);
}

test('CIDR rules (IPv4 /1-/32, IPv6 /1-/128) match exactly the clients ipaddr.js puts in the network', () => {
  const rule = fc.oneof(
    fc.tuple(v4, fc.integer({ min: 1, max: 32 })).map(([n, b]) => ({ net: n, bits: b, family: 4 as const })),
    fc.tuple(v6, fc.integer({ min: 1, max: 128 })).map(([n, b]) => ({ net: n, bits: b, family: 6 as const })),
  );
  fc.assert(
    fc.property(
      rule.chain((r) => fc.tuple(fc.constant(r), fc.oneof(v4, v6, mapped, near(r.net, r.family)))),
      ([r, client]) => {
        const m = parseIpMatcher(`${r.net}/${r.bits}`);
        // APR refuses an IPv4-mapped network in a rule (docs/apache-behaviour.md §6.3).
        if (r.family === 6 && ipaddr.IPv6.parse(r.net).isIPv4MappedAddress()) return assert.equal(m, null);
        assert.ok(m, `${r.net}/${r.bits} is accepted`);
        assert.equal(matchIp(m, client), oracle(client, r.net, r.bits), `${client} in ${r.net}/${r.bits}`);
      },
    ),
    { numRuns: RUNS },
  );
});

test('a full address is a /32 or /128; a netmask is its prefix; a partial IPv4 is whole octets', () => {
  const form = fc.oneof(
    v4.map((n) => ({ text: n, net: n, bits: 32 })),
    v6.filter((n) => !ipaddr.IPv6.parse(n).isIPv4MappedAddress()).map((n) => ({ text: n, net: n, bits: 128 })),
    fc.tuple(v4, fc.integer({ min: 1, max: 32 })).map(([n, b]) => ({
      text: `${n}/${ipaddr.IPv4.subnetMaskFromPrefixLength(b).toString()}`,
      net: n,
      bits: b,
    })),
    // `10.1` = 10.1.0.0/16, `127.` = 127.0.0.0/8 (docs/apache-behaviour.md §6.3).
    fc.tuple(fc.array(fc.nat(255), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([o, dot]) => ({
      text: o.join('.') + (dot ? '.' : ''),
      net: [...o, 0, 0, 0].slice(0, 4).join('.'),
      bits: 8 * o.length,
    })),
  );
  fc.assert(
    fc.property(form, fc.oneof(v4, v6, mapped), ({ text, net, bits }, client) => {
      const m = parseIpMatcher(text);
      assert.ok(m, `${text} is accepted`);
      assert.equal(matchIp(m, client), oracle(client, net, bits), `${client} against ${text}`);
    }),
    { numRuns: RUNS },
  );
});

test('forms Apache refuses are refused: /0, a mask beyond the family, a partial address with a mask', () => {
  const refused = fc.oneof(
    v4.map((n) => `${n}/0`),
    v6.map((n) => `${n}/0`),
    fc.tuple(v4, fc.integer({ min: 33, max: 999 })).map(([n, b]) => `${n}/${b}`),
    fc.tuple(v6, fc.integer({ min: 129, max: 999 })).map(([n, b]) => `${n}/${b}`),
    fc.tuple(fc.nat(255), fc.integer({ min: 1, max: 32 })).map(([o, b]) => `${o}/${b}`),
    mapped,
  );
  fc.assert(
    fc.property(refused, (text) => assert.equal(parseIpMatcher(text), null, text)),
    { numRuns: RUNS },
  );
});
