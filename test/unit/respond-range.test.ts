// Every Range / If-Range row of docs/apache-behaviour.md §14 (36-byte file), plus Apache's
// coalescing and the amplification limits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ifRangeMatches, planRange, type RangePlan } from '../../src/respond/range.js';

const SIZE = 36;
const ETAG = '"24-60dedc04dd340"';
const LM = Date.UTC(2024, 0, 2, 3, 4, 5);
const LM_TEXT = 'Tue, 02 Jan 2024 03:04:05 GMT';
const NOW = Date.UTC(2025, 5, 1);

const full: RangePlan = { kind: 'full' };
const unsat: RangePlan = { kind: 'unsatisfiable' };
const ranges = (...pairs: Array<[number, number]>): RangePlan => ({
  kind: 'ranges',
  ranges: pairs.map(([start, end]) => ({ start, end })),
});

const rows: Array<[string | undefined, RangePlan]> = [
  [undefined, full],
  // single ranges (docs/apache-behaviour.md §14)
  ['bytes=0-4', ranges([0, 4])],
  ['bytes=-5', ranges([31, 35])],
  ['bytes=30-', ranges([30, 35])],
  ['bytes=30-100', ranges([30, 35])],
  ['bytes=35-35', ranges([35, 35])],
  ['bytes=-100', ranges([0, 35])], // suffix longer than the file: the whole file
  ['bytes=0-', ranges([0, 35])],
  ['BYTES=0-4', ranges([0, 4])], // unit is case-insensitive
  // unsatisfiable → 416
  ['bytes=100-200', unsat],
  ['bytes=36-', unsat],
  ['bytes=36-40,50-60', unsat],
  // invalid syntax → the whole header is ignored (200)
  ['bytes=5-2', full],
  ['bytes=abc', full],
  ['items=0-5', full],
  ['bytes=-0', full],
  ['bytes=', full],
  ['bytes=5', full],
  ['bytes=1-2x', full],
  ['bytes=0-1,abc', full],
  ['bytes=0-1,5-2', full],
  ['bytes=--5', full],
  ['bytes=0-99999999999999999999', full], // beyond int64 (ERANGE)
  // Apache's strtoll leniency: leading blanks and '+' are fine, trailing ones are not
  ['bytes=0-1, 5-6', ranges([0, 1], [5, 6])],
  ['bytes=0-1 ,5-6', full],
  ['bytes=+2-3', ranges([2, 3])],
  // multiple ranges
  ['bytes=0-1,5-6', ranges([0, 1], [5, 6])],
  ['bytes=0-1,,5-6', ranges([0, 1], [5, 6])], // runs of commas are one separator
  ['bytes=0-1,5-6,', ranges([0, 1], [5, 6])],
  ['bytes=,0-1', full], // leading empty spec ends the list before it starts
  ['bytes=5-6,0-1', ranges([5, 6], [0, 1])], // request order kept
  ['bytes=0-1,100-200', ranges([0, 1])], // unsatisfiable members dropped
  ['bytes=100-200,0-1', ranges([0, 1])],
  // coalescing (overlap and adjacency, in request order)
  ['bytes=0-5,3-8', ranges([0, 8])],
  ['bytes=0-4,5-9', ranges([0, 9])],
  ['bytes=3-8,0-5', ranges([0, 8])],
  ['bytes=0-10,2-3', ranges([0, 10])],
  ['bytes=0-1,3-4,2-2', ranges([0, 1], [2, 4])],
  ['bytes=10-20,0-1,5-6', ranges([10, 20], [0, 1], [5, 6])],
  // "0-" anywhere wins: one range over everything, other specs ignored
  ['bytes=5-6,0-', ranges([0, 35])],
  ['bytes=0-,garbage', ranges([0, 35])],
  ['bytes=garbage,0-', full], // invalid before "0-" still voids the header
  // overlapping ranges that add up to more than the file → full 200
  ['bytes=0-30,20-35,10-25', ranges([0, 35])],
  ['bytes=0-20,30-35,10-32', full],
];

for (const [header, expected] of rows) {
  test(`Range ${JSON.stringify(header)}`, () => {
    assert.deepEqual(planRange(header, undefined, SIZE, ETAG, LM, NOW), expected);
  });
}

test('an empty file is never ranged (Apache skips the filter for empty bodies)', () => {
  assert.deepEqual(planRange('bytes=0-4', undefined, 0, ETAG, LM, NOW), full);
  assert.deepEqual(planRange('bytes=-1', undefined, 0, ETAG, LM, NOW), full);
});

test('MaxRanges: more than 200 ranges → full; 200 → ranged', () => {
  const big = 10_000;
  const specs = (n: number): string =>
    'bytes=' + Array.from({ length: n }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',');
  const ok = planRange(specs(200), undefined, big, ETAG, LM, NOW);
  assert.equal(ok.kind, 'ranges');
  assert.equal(ok.kind === 'ranges' ? ok.ranges.length : 0, 200);
  assert.deepEqual(planRange(specs(201), undefined, big, ETAG, LM, NOW), full);
});

test('MaxRangeOverlaps: more than 20 merges → full', () => {
  const specs = (n: number): string => 'bytes=0-9' + ',0-9'.repeat(n);
  assert.deepEqual(planRange(specs(20), undefined, 1000, ETAG, LM, NOW), ranges([0, 9]));
  assert.deepEqual(planRange(specs(21), undefined, 1000, ETAG, LM, NOW), full);
});

test('MaxRangeReversals: more than 20 leftward extensions → full', () => {
  const specs = (n: number): string =>
    'bytes=' + Array.from({ length: n + 1 }, (_, i) => `${500 - i * 10}-${509 - i * 10}`).join(',');
  assert.deepEqual(planRange(specs(20), undefined, 1000, ETAG, LM, NOW), ranges([300, 509]));
  assert.deepEqual(planRange(specs(21), undefined, 1000, ETAG, LM, NOW), full);
});

test('custom limits', () => {
  const limits = { maxRanges: 1, maxOverlaps: 0, maxReversals: 0 };
  assert.deepEqual(planRange('bytes=0-1,5-6', undefined, SIZE, ETAG, LM, NOW, limits), full);
  assert.deepEqual(planRange('bytes=0-5,3-8', undefined, SIZE, ETAG, LM, NOW, limits), full);
  assert.deepEqual(planRange('bytes=0-4', undefined, SIZE, ETAG, LM, NOW, limits), ranges([0, 4]));
});

const ifRangeRows: Array<[string, string, string, RangePlan]> = [
  ['current etag', ETAG, ETAG, ranges([0, 4])],
  ['exact Last-Modified date', LM_TEXT, ETAG, ranges([0, 4])],
  ['same date in RFC 850 form', 'Tuesday, 02-Jan-24 03:04:05 GMT', ETAG, ranges([0, 4])],
  ['stale etag', '"24-0"', ETAG, full],
  ['weak etag (W/ form)', `W/${ETAG}`, ETAG, full],
  ['resource etag is weak', ETAG, `W/${ETAG}`, full],
  ['weak against weak', `W/${ETAG}`, `W/${ETAG}`, full],
  ['other date', 'Wed, 03 Jan 2024 00:00:00 GMT', ETAG, full],
  ['garbage', 'whatever', ETAG, full],
];
for (const [name, ifRange, etag, expected] of ifRangeRows) {
  test(`If-Range: ${name}`, () => {
    assert.deepEqual(planRange('bytes=0-4', ifRange, SIZE, etag, LM, NOW), expected);
  });
}

test('If-Range with no Range is irrelevant; If-Range mismatch never yields 416', () => {
  assert.deepEqual(planRange(undefined, '"stale"', SIZE, ETAG, LM, NOW), full);
  assert.deepEqual(planRange('bytes=100-200', '"stale"', SIZE, ETAG, LM, NOW), full);
});

test('If-Range date only counts once the file is 60 s old (weak date validator)', () => {
  assert.equal(ifRangeMatches(LM_TEXT, ETAG, LM, LM + 59_000), false);
  assert.equal(ifRangeMatches(LM_TEXT, ETAG, LM, LM + 60_000), true);
});
