// Property: the parsers of client input in headers never throw and always answer in their own
// terms, whatever the bytes: Authorization (src/authn/basic-header.ts, docs/apache-behaviour.md §5.3), Range
// (src/respond/range.ts, docs/apache-behaviour.md §14) and HTTP dates (src/respond/http-date.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBasicAuthorization } from '../../src/authn/basic-header.js';
import { planRange } from '../../src/respond/range.js';
import { formatHttpDate, parseHttpDate } from '../../src/respond/http-date.js';

const RUNS = 5000;

test('Authorization: any header value parses to none, wrong-scheme or a user and password', () => {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc
      .tuple(
        fc.constantFrom('Basic', 'basic', 'BASIC', 'Basic\t', 'Bearer', 'Basicx', ''),
        fc.constantFrom(' ', '  ', ' \t', ''),
        fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')),
        fc.constantFrom('', '=', '==', '-_', ' x', '\0', '%'),
      )
      .map((parts) => parts.join('')),
  );
  fc.assert(
    fc.property(value, (v) => {
      const c = parseBasicAuthorization(v);
      assert.ok(['wrong-scheme', 'basic'].includes(c.kind), c.kind);
      if (c.kind === 'basic') {
        assert.equal(typeof c.user, 'string');
        assert.equal(typeof c.password, 'string');
        assert.ok(!c.user.includes(':'), 'the user ends at the first colon');
        assert.ok(!c.user.includes('\0') && !c.password.includes('\0'), 'decoding stops at a NUL');
      }
    }),
    { numRuns: RUNS },
  );
  assert.deepEqual(parseBasicAuthorization(undefined), { kind: 'none' });
});

test('Range: any header, size and If-Range give full, unsatisfiable, or ranges inside the file', () => {
  const spec = fc.oneof(
    fc.tuple(fc.nat(300), fc.nat(300)).map(([a, b]) => `${a}-${b}`),
    fc.nat(300).map((a) => `${a}-`),
    fc.nat(300).map((n) => `-${n}`),
    fc.constantFrom('', ' 1-2', '+3-4', '-', '1-2-3', 'x-1', '99999999999999999999-', '1 - 2', '\t0-0'),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  const header = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('bytes=', 'BYTES=', 'bytes =', 'items=', ''),
        fc.array(spec, { maxLength: 30 }),
        fc.constantFrom(',', ', ', ',,'),
      )
      .map(([unit, specs, comma]) => unit + specs.join(comma)),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  const ifRange = fc.option(fc.constantFrom('"e"', 'W/"e"', '"x"', formatHttpDate(0), 'garbage'), { nil: undefined });
  fc.assert(
    fc.property(header, fc.nat(400), ifRange, (h, size, ir) => {
      const plan = planRange(h, ir, size, '"e"', 0, 120_000);
      if (plan.kind !== 'ranges') return;
      assert.ok(plan.ranges.length > 0 && size > 0);
      for (const r of plan.ranges) {
        assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), JSON.stringify(r));
        assert.ok(r.start >= 0 && r.start <= r.end && r.end < size, `${JSON.stringify(r)} of ${size}`);
      }
      const total = plan.ranges.reduce((n, r) => n + r.end - r.start + 1, 0);
      assert.ok(total <= size, 'never more bytes than the file (Apache sends the whole file instead)');
    }),
    { numRuns: RUNS },
  );
});

test('HTTP dates: any text parses to null or a whole second since 1970; formatted dates parse back', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (v) => {
      const ms = parseHttpDate(v);
      if (ms !== null) assert.ok(Number.isInteger(ms / 1000) && ms >= 0, `${JSON.stringify(v)} -> ${ms}`);
    }),
    { numRuns: RUNS },
  );
  // Up to the year 9999: the four-digit year of all three formats.
  const instant = fc.integer({ min: 0, max: 253402300799 }).map((s) => s * 1000);
  fc.assert(
    fc.property(instant, (ms) => {
      const d = new Date(ms);
      assert.equal(parseHttpDate(formatHttpDate(ms)), ms);
      // The same instant in asctime form (docs/apache-behaviour.md §14: all three forms are accepted).
      const [wd, mon] = [d.toUTCString().slice(0, 3), d.toUTCString().slice(8, 11)];
      const day = String(d.getUTCDate()).padStart(2, ' ');
      const time = d.toISOString().slice(11, 19);
      assert.equal(parseHttpDate(`${wd} ${mon} ${day} ${time} ${d.getUTCFullYear()}`), ms);
      // RFC 850 carries two digits: 70-99 are 19xx, 00-69 are 20xx.
      const year = d.getUTCFullYear();
      if (year < 2070) {
        const dd = String(d.getUTCDate()).padStart(2, '0');
        const rfc850 = `${wd}day, ${dd}-${mon}-${String(year % 100).padStart(2, '0')} ${time} GMT`;
        assert.equal(parseHttpDate(rfc850), ms, rfc850);
      }
    }),
    { numRuns: RUNS },
  );
});
