// Every conditional-request row of docs/apache-behaviour.md §14, plus the RFC 9110 order around it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluatePreconditions,
  type PreconditionInput,
  type PreconditionOutcome,
} from '../../src/respond/conditional.js';

const ETAG = '"24-60dedc04dd340"';
const LM = Date.UTC(2024, 0, 2, 3, 4, 5); // Tue, 02 Jan 2024 03:04:05 GMT
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

const LM_1123 = 'Tue, 02 Jan 2024 03:04:05 GMT';
const LM_850 = 'Tuesday, 02-Jan-24 03:04:05 GMT';
const LM_ASCTIME = 'Tue Jan  2 03:04:05 2024';
const EARLIER = 'Mon, 01 Jan 2024 00:00:00 GMT';
const LATER = 'Wed, 03 Jan 2024 00:00:00 GMT';
const FUTURE = 'Fri, 01 Jan 2100 00:00:00 GMT';

type Row = [name: string, input: Partial<PreconditionInput>, expected: PreconditionOutcome];

const rows: Row[] = [
  ['no conditional headers', {}, 'proceed'],
  // If-None-Match
  ['INM exact etag', { ifNoneMatch: ETAG }, 304],
  ['INM W/ form of the etag (weak comparison)', { ifNoneMatch: `W/${ETAG}` }, 304],
  ['INM *', { ifNoneMatch: '*' }, 304],
  ['INM list containing the etag', { ifNoneMatch: `"other", ${ETAG}, "x"` }, 304],
  ['INM list without the etag', { ifNoneMatch: '"other", "x"' }, 'proceed'],
  ['INM on a weak current etag still matches', { ifNoneMatch: ETAG, etag: `W/${ETAG}` }, 304],
  [
    'INM other + matching IMS → 200 (INM takes precedence)',
    { ifNoneMatch: '"other"', ifModifiedSince: LM_1123 },
    'proceed',
  ],
  ['INM matching + stale IMS → 304 (IMS not evaluated)', { ifNoneMatch: ETAG, ifModifiedSince: EARLIER }, 304],
  ['HEAD + INM matching → 304', { method: 'HEAD', ifNoneMatch: ETAG }, 304],
  ['POST + INM matching → 412', { method: 'POST', ifNoneMatch: ETAG }, 412],
  ['POST + INM * → 412', { method: 'POST', ifNoneMatch: '*' }, 412],
  // If-Modified-Since
  ['IMS = Last-Modified (RFC 1123)', { ifModifiedSince: LM_1123 }, 304],
  ['IMS = Last-Modified (RFC 850)', { ifModifiedSince: LM_850 }, 304],
  ['IMS = Last-Modified (asctime)', { ifModifiedSince: LM_ASCTIME }, 304],
  ['IMS later than mtime but before now', { ifModifiedSince: LATER }, 304],
  ['IMS earlier than mtime', { ifModifiedSince: EARLIER }, 'proceed'],
  ['IMS unparsable', { ifModifiedSince: 'yesterday' }, 'proceed'],
  ['IMS later than now', { ifModifiedSince: FUTURE }, 'proceed'],
  ['HEAD + IMS = Last-Modified', { method: 'HEAD', ifModifiedSince: LM_1123 }, 304],
  ['POST + IMS → ignored (200)', { method: 'POST', ifModifiedSince: LM_1123 }, 'proceed'],
  // If-Match
  ['If-Match other → 412', { ifMatch: '"other"' }, 412],
  ['If-Match exact', { ifMatch: ETAG }, 'proceed'],
  ['If-Match list containing the etag', { ifMatch: `"a", ${ETAG}` }, 'proceed'],
  ['If-Match * (resource exists)', { ifMatch: '*' }, 'proceed'],
  ['If-Match W/ form: strong comparison fails', { ifMatch: `W/${ETAG}` }, 412],
  ['If-Match on a weak current etag fails', { ifMatch: ETAG, etag: `W/${ETAG}` }, 412],
  ['If-Match fails before If-None-Match could 304', { ifMatch: '"other"', ifNoneMatch: ETAG }, 412],
  ['POST + If-Match other → 412', { method: 'POST', ifMatch: '"other"' }, 412],
  // If-Unmodified-Since
  ['IUS earlier than mtime → 412', { ifUnmodifiedSince: EARLIER }, 412],
  ['IUS = Last-Modified', { ifUnmodifiedSince: LM_1123 }, 'proceed'],
  ['IUS later than mtime', { ifUnmodifiedSince: LATER }, 'proceed'],
  ['IUS unparsable → ignored', { ifUnmodifiedSince: 'not a date' }, 'proceed'],
  ['IUS ignored when If-Match is present (RFC 9110)', { ifMatch: ETAG, ifUnmodifiedSince: EARLIER }, 'proceed'],
  ['IUS passes, then INM matches → 304', { ifUnmodifiedSince: LATER, ifNoneMatch: ETAG }, 304],
  ['IUS fails before INM → 412', { ifUnmodifiedSince: EARLIER, ifNoneMatch: ETAG }, 412],
];

for (const [name, partial, expected] of rows) {
  test(`preconditions: ${name} → ${expected}`, () => {
    const input: PreconditionInput = { method: 'GET', etag: ETAG, lastModifiedMs: LM, now: NOW, ...partial };
    assert.equal(evaluatePreconditions(input), expected);
  });
}

test('Last-Modified clamped to now: IMS equal to the clamped date → 304', () => {
  const now = Date.UTC(2024, 0, 2, 3, 4, 5, 700);
  assert.equal(
    evaluatePreconditions({ method: 'GET', etag: `W/${ETAG}`, lastModifiedMs: LM, now, ifModifiedSince: LM_1123 }),
    304,
  );
});
