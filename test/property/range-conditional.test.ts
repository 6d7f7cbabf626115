// Property: byte ranges (src/respond/range.ts) agree with range-parser and preconditions
// (src/respond/conditional.ts) agree with `fresh`, except for the Apache rules of docs/apache-behaviour.md §14,
// each encoded here: one invalid spec voids the header (200), an empty file is never ranged, a suffix
// longer than the file is the whole file, too many
// specs or more bytes than the file give the whole file, and an If-Modified-Since in the future is ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import rangeParser from 'range-parser';
import fresh from 'fresh';
import { planRange, type ByteRange } from '../../src/respond/range.js';
import { evaluatePreconditions } from '../../src/respond/conditional.js';
import { formatHttpDate } from '../../src/respond/http-date.js';

const RUNS = 5000;

type Spec = { start: number; end: number | null } | { suffix: number };
const specText = (s: Spec): string => ('suffix' in s ? `-${s.suffix}` : `${s.start}-${s.end ?? ''}`);
/** Apache's syntax check (ap_set_byterange): "a-b" needs a <= b, "-n" needs n >= 1. */
const invalid = (s: Spec): boolean => ('suffix' in s ? s.suffix < 1 : s.end !== null && s.start > s.end);

const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.tuple(fc.nat(120), fc.nat(120)).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
  fc.tuple(fc.nat(120), fc.nat(120)).map(([a, b]) => ({ start: a, end: b })),
  fc.nat(120).map((a) => ({ start: a, end: null })),
  fc.nat(120).map((n) => ({ suffix: n })),
);

function bytesOf(ranges: readonly ByteRange[]): Set<number> {
  const set = new Set<number>();
  for (const r of ranges) for (let i = r.start; i <= r.end; i++) set.add(i);
  return set;
}

test('Range: the same bytes as range-parser, or one of the documented Apache rules', () => {
  const specs = fc.oneof(
    { weight: 8, arbitrary: fc.array(spec, { minLength: 1, maxLength: 8 }) },
    { weight: 1, arbitrary: fc.array(spec, { minLength: 20, maxLength: 60 }) },
  );
  fc.assert(
    fc.property(specs, fc.nat(100), (list, size) => {
      const header = `bytes=${list.map(specText).join(',')}`;
      const plan = planRange(header, undefined, size, '"e"', 0);
      // A suffix longer than the file is the whole file (docs/apache-behaviour.md §14, RFC 9110 section 14.1.2);
      // range-parser drops it, so it is asked for the whole file instead.
      const asOracle = list.map((s) => ('suffix' in s && s.suffix > size ? `0-${size - 1}` : specText(s)));
      const oracle = rangeParser(size, `bytes=${asOracle.join(',')}`, { combine: true });
      // An empty file is never ranged (docs/apache-behaviour.md §14).
      if (size === 0) return assert.deepEqual(plan, { kind: 'full' });
      // `0-` asks for everything: the specs after it are not even read (docs/apache-behaviour.md §14).
      const all = list.findIndex((s) => !('suffix' in s) && s.start === 0 && s.end === null);
      const read = all < 0 ? list : list.slice(0, all + 1);
      // One invalid spec voids the whole header: 200 (docs/apache-behaviour.md §14; range-parser skips it).
      if (read.some(invalid)) return assert.deepEqual(plan, { kind: 'full' }, header);
      if (all >= 0) {
        // The overlap and reversal counts of the specs before `0-` still apply (as in Apache's
        // ap_set_byterange, which keeps them): past MaxRangeOverlaps/MaxRangeReversals it is the whole file.
        if (plan.kind === 'full') return assert.ok(read.length > 20, `full for ${header} of ${size}`);
        return assert.deepEqual(plan, { kind: 'ranges', ranges: [{ start: 0, end: size - 1 }] }, header);
      }
      assert.notEqual(oracle, -2, `range-parser calls ${header} malformed`);
      if (oracle === -1) return assert.deepEqual(plan, { kind: 'unsatisfiable' }, header);
      if (plan.kind === 'ranges') {
        assert.deepEqual(bytesOf(plan.ranges), bytesOf(oracle as rangeParser.Ranges), header);
        return;
      }
      // The whole file instead of ranges only past MaxRanges/MaxRangeOverlaps/MaxRangeReversals, or when the
      // ranges as asked (merged in request order) add up to more than the file (docs/apache-behaviour.md §14).
      assert.equal(plan.kind, 'full', header);
      const asked = list.reduce((n, s) => {
        const start = 'suffix' in s ? Math.max(0, size - s.suffix) : s.start;
        const end = 'suffix' in s || s.end === null ? size - 1 : Math.min(s.end, size - 1);
        return start < size ? n + end - start + 1 : n;
      }, 0);
      assert.ok(list.length > 20 || asked > size, `full for ${header} of ${size}`);
    }),
    { numRuns: RUNS },
  );
});

test('If-None-Match / If-Modified-Since: 304 exactly when `fresh` says fresh, except a future date (ignored)', () => {
  const NOW = 1_700_000_000_000;
  const LM = NOW - 3_600_000;
  const ETAG = '"24-60dedc04dd340"';
  const tag = fc.constantFrom(ETAG, `W/${ETAG}`, '"other"', 'W/"other"', '"24-60dedc04dd341"');
  const inm = fc.oneof(
    fc.constant('*'),
    fc.array(tag, { minLength: 1, maxLength: 3 }).map((t) => t.join(', ')),
  );
  const ims = fc.integer({ min: -7200, max: 7200 }).map((s) => formatHttpDate(LM + s * 1000));
  const weak = fc.boolean();
  fc.assert(
    fc.property(fc.option(inm, { nil: undefined }), fc.option(ims, { nil: undefined }), weak, (n, m, w) => {
      const etag = w ? `W/${ETAG}` : ETAG;
      const outcome = evaluatePreconditions({
        method: 'GET',
        ifNoneMatch: n,
        ifModifiedSince: m,
        etag,
        lastModifiedMs: LM,
        now: NOW,
      });
      const req: Record<string, string> = {};
      if (n !== undefined) req['if-none-match'] = n;
      if (m !== undefined) req['if-modified-since'] = m;
      let want = fresh(req, { etag, 'last-modified': formatHttpDate(LM) });
      // A date later than the request is ignored (docs/apache-behaviour.md §14); `fresh` compares it anyway.
      if (n === undefined && m !== undefined && Date.parse(m) > NOW) want = false;
      assert.equal(outcome, want ? 304 : 'proceed', JSON.stringify({ n, m, etag }));
    }),
    { numRuns: RUNS },
  );
});
