// ETag / Last-Modified shape (docs/apache-behaviour.md §14) and HTTP date parsing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fileValidators,
  lastModifiedMs,
  makeEtag,
  mtimeMicros,
  parseEntityTagList,
  strongMatch,
  weakMatch,
} from '../../src/respond/etag.js';
import { formatHttpDate, parseHttpDate } from '../../src/respond/http-date.js';

const MTIME_S = 1704164645; // Tue, 02 Jan 2024 03:04:05 GMT
const MTIME_US = BigInt(MTIME_S) * 1_000_000n;

test('ETag is "<size-hex>-<mtime-µs-hex>" (docs/apache-behaviour.md §14 example)', () => {
  assert.equal(makeEtag(36, MTIME_US, Date.UTC(2025, 0, 1)), '"24-60dedc04dd340"');
  assert.equal(makeEtag(0, MTIME_US, Date.UTC(2025, 0, 1)), '"0-60dedc04dd340"');
  assert.equal(makeEtag(20n * 1024n * 1024n, MTIME_US + 123_456n, Date.UTC(2025, 0, 1)), '"1400000-60dedc04fb580"');
});

const weakRows: Array<[string, number, boolean]> = [
  ['mtime years ago', Date.UTC(2025, 0, 1), false],
  ['request 1.001 s after mtime', MTIME_S * 1000 + 1001, false],
  ['request exactly 1 s after mtime', MTIME_S * 1000 + 1000, true],
  ['request 0.5 s after mtime', MTIME_S * 1000 + 500, true],
  ['same instant', MTIME_S * 1000, true],
  ['mtime in the future', MTIME_S * 1000 - 60_000, true],
];
for (const [name, now, weak] of weakRows) {
  test(`ETag weakness: ${name} → ${weak ? 'W/' : 'strong'}`, () => {
    const tag = makeEtag(36, MTIME_US, now);
    assert.equal(tag.startsWith('W/"'), weak);
    assert.equal(tag.replace(/^W\//, ''), '"24-60dedc04dd340"');
  });
}

test('Last-Modified: IMF-fixdate, sub-seconds dropped, clamped to now for future mtimes', () => {
  const v = fileValidators(36, MTIME_US + 999_999n, Date.UTC(2025, 0, 1));
  assert.equal(v.lastModified, 'Tue, 02 Jan 2024 03:04:05 GMT');
  assert.equal(v.lastModifiedMs, MTIME_S * 1000);
  const now = MTIME_S * 1000 - 3_600_000 + 250;
  assert.equal(lastModifiedMs(MTIME_US, now), (MTIME_S - 3600) * 1000);
  assert.equal(fileValidators(36, MTIME_US, now).lastModified, 'Tue, 02 Jan 2024 02:04:05 GMT');
});

test('mtimeMicros is exact from bigint stats', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-etag-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'f.txt');
  await writeFile(file, 'x'.repeat(36));
  await utimes(file, MTIME_S, MTIME_S);
  const big = await stat(file, { bigint: true });
  assert.equal(mtimeMicros(big), MTIME_US);
  assert.equal(mtimeMicros(await stat(file)), MTIME_US);
});

test('formatHttpDate', () => {
  assert.equal(formatHttpDate(MTIME_S * 1000 + 999), 'Tue, 02 Jan 2024 03:04:05 GMT');
});

const dateRows: Array<[string, number | null]> = [
  ['Tue, 02 Jan 2024 03:04:05 GMT', MTIME_S * 1000], // RFC 1123 / IMF-fixdate
  ['Tuesday, 02-Jan-24 03:04:05 GMT', MTIME_S * 1000], // RFC 850
  ['Tue Jan  2 03:04:05 2024', MTIME_S * 1000], // asctime
  ['Tue Jan 12 03:04:05 2024', Date.UTC(2024, 0, 12, 3, 4, 5)],
  ['Tue, 2 Jan 2024 03:04:05 GMT', MTIME_S * 1000], // one-digit day
  ['  Tue, 02 Jan 2024 03:04:05 GMT', MTIME_S * 1000], // leading blanks
  ['Xyz, 02 Jan 2024 03:04:05 UTC', MTIME_S * 1000], // weekday and zone text not checked
  ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
  ['Thursday, 01-Jan-69 00:00:00 GMT', Date.UTC(2069, 0, 1)], // 2-digit years below 70 are 20xx
  ['Tue, 02 Jan 2024 03:04:05', null], // no space after the time
  ['Tue, 02 jan 2024 03:04:05 GMT', null], // month is case-sensitive
  ['Tue, 31 Apr 2024 03:04:05 GMT', null],
  ['Thu, 29 Feb 2024 00:00:00 GMT', Date.UTC(2024, 1, 29)],
  ['Thu, 29 Feb 2023 00:00:00 GMT', null],
  ['Thu, 29 Feb 2100 00:00:00 GMT', null],
  ['Tue, 02 Jan 2024 24:04:05 GMT', null],
  ['Tue, 00 Jan 2024 03:04:05 GMT', null],
  ['Thu, 01 Jan 1960 00:00:00 GMT', null], // before 1970
  ['garbage', null],
  ['', null],
  ['2024-01-02T03:04:05Z', null],
];
for (const [value, expected] of dateRows) {
  test(`parseHttpDate ${JSON.stringify(value)}`, () => {
    assert.equal(parseHttpDate(value), expected);
  });
}

test('parseEntityTagList: lists, weak tags, junk skipped', () => {
  assert.deepEqual(parseEntityTagList('"a", W/"b" ,"c,d",junk, "e"'), [
    { weak: false, opaque: '"a"' },
    { weak: true, opaque: '"b"' },
    { weak: false, opaque: '"c,d"' },
    { weak: false, opaque: '"e"' },
  ]);
  assert.deepEqual(parseEntityTagList(''), []);
  assert.deepEqual(parseEntityTagList('"unterminated'), []);
});

test('strong vs weak comparison (RFC 9110 section 8.8.3.2 table)', () => {
  const w1 = { weak: true, opaque: '"1"' };
  const w2 = { weak: true, opaque: '"2"' };
  const s1 = { weak: false, opaque: '"1"' };
  assert.equal(strongMatch(w1, w1), false);
  assert.equal(weakMatch(w1, w1), true);
  assert.equal(strongMatch(w1, w2), false);
  assert.equal(weakMatch(w1, w2), false);
  assert.equal(strongMatch(w1, s1), false);
  assert.equal(weakMatch(w1, s1), true);
  assert.equal(strongMatch(s1, s1), true);
  assert.equal(weakMatch(s1, s1), true);
});
