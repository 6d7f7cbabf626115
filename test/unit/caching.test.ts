// mod_expires and mod_deflate pieces (docs/apache-behaviour.md §22): expiry codes as check_code
// reads them, the merge across levels, the headers for one response, the DEFLATE decision and
// Accept-Encoding as mod_deflate reads it, and the gzip ETag.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, compileError } from '../helpers/compile.js';
import { parseExpiryCode } from '../../src/htaccess/directives/caching.js';
import { mergeExpires, mergeOutputFilters } from '../../src/htaccess/merge-caching.js';
import type { AllowOverride, OverrideCategory } from '../../src/htaccess/types.js';
import { acceptsCoding, DEFLATE_MIN_BYTES, deflatePlan } from '../../src/respond/deflate-plan.js';
import { expiresApplies, expiresHeaders } from '../../src/respond/expires.js';
import { gzipEtag } from '../../src/respond/send-file.js';

const DAY = 24 * 3600;

test('expiry codes: both syntaxes, abbreviations and errors as mod_expires check_code', () => {
  const rows: Array<[string, unknown]> = [
    ['A3600', { base: 'A', seconds: 3600 }],
    ['M0', { base: 'M', seconds: 0 }],
    ['Ajunk', { base: 'A', seconds: 0 }],
    ['access plus 1 month 2 days', { base: 'A', seconds: 32 * DAY }],
    ['now plus 1 year', { base: 'A', seconds: 365 * DAY }],
    ['modification plus 10 years', { base: 'M', seconds: 3650 * DAY }],
    ['access 2 hours', { base: 'A', seconds: 7200 }],
    ['a p 1 mo 2 mi 3 s', { base: 'A', seconds: 30 * DAY + 123 }],
    ['n 1 w 1 d 1 h', { base: 'A', seconds: 8 * DAY + 3600 }],
    ['a3600', { base: 'A', seconds: 0 }],
    ['later plus 1 day', "bad expires code, unrecognised <base> 'later'"],
    ['access plus one day', "bad expires code, numeric value expected <num> 'one'"],
    ['access plus 1', 'bad expires code, missing <type>'],
    ['access plus 1 fortnight', "bad expires code, unrecognised <type>'fortnight'"],
    ['access plus 1 m', "bad expires code, unrecognised <type>'m'"],
  ];
  for (const [code, want] of rows) assert.deepEqual(parseExpiryCode(code), want, code);
});

test('Expires directives compile, with AllowOverride Indexes', () => {
  const frag = compile(
    'ExpiresActive On\nExpiresByType Text/HTML "access plus 1 hour"\nExpiresByType image/* A60\nExpiresDefault M10',
  );
  assert.equal(frag.expires?.active?.value, true);
  assert.deepEqual(frag.expires?.byType.get('text/html')?.value, { base: 'A', seconds: 3600 });
  assert.equal(frag.expires?.wildcards, true);
  assert.deepEqual(frag.expires?.default?.value, { base: 'M', seconds: 10 });
  const fileInfoOnly: AllowOverride = { categories: new Set<OverrideCategory>(['FileInfo']), optionsList: null };
  assert.equal(compileError('ExpiresActive On', fileInfoOnly), 'ExpiresActive not allowed here');
  assert.equal(compileError('ExpiresByType text "A1"'), 'Invalid mimetype: should contain a slash');
  assert.equal(
    compileError('ExpiresDefault "access plus 1 fortnight"'),
    "'ExpiresDefault access plus 1 fortnight': bad expires code, unrecognised <type>'fortnight'",
  );
  assert.match(compileError('ExpiresDefault access plus 1 day'), /ExpiresDefault takes one argument/);
  assert.equal(compileError('DeflateCompressionLevel 9'), 'DeflateCompressionLevel not allowed here');
});

test('expires merge: active and default inherited, the child types first, wildcards kept', () => {
  const parent = mergeExpires(
    undefined,
    compile('ExpiresActive On\nExpiresDefault A100\nExpiresByType image/* A5').expires!,
  );
  const child = mergeExpires(parent, compile('ExpiresByType text/plain A200').expires!);
  assert.equal(child.active, true);
  assert.deepEqual(child.default, { base: 'A', seconds: 100 });
  assert.deepEqual(child.byType.get('text/plain'), { base: 'A', seconds: 200 });
  assert.equal(child.wildcards, true);
  const off = mergeExpires(child, compile('ExpiresActive Off').expires!);
  assert.equal(expiresApplies(off), false);
  assert.equal(expiresApplies(child), true);
});

test('expires headers: access and modification bases, clamping, wildcard lookup, charset ignored', () => {
  const cfg = mergeExpires(
    undefined,
    compile('ExpiresActive On\nExpiresByType text/html A50\nExpiresByType image/* M3600\nExpiresDefault A10').expires!,
  );
  const now = Date.UTC(2026, 0, 1, 12, 0, 0, 250);
  const html = expiresHeaders(cfg, 'text/html; charset=UTF-8', null, now);
  assert.deepEqual(html, {
    maxAge: 'max-age=50',
    expires: 'Thu, 01 Jan 2026 12:00:50 GMT',
    date: 'Thu, 01 Jan 2026 12:00:00 GMT',
  });
  assert.equal(expiresHeaders(cfg, null, null, now)?.maxAge, 'max-age=10');
  // modification: max-age counts from the exact request time, floored (3599 s, not 3600)
  const mtimeUs = BigInt(Date.UTC(2026, 0, 1, 12, 0, 0)) * 1000n;
  assert.deepEqual(expiresHeaders(cfg, 'image/png', mtimeUs, now), {
    maxAge: 'max-age=3599',
    expires: 'Thu, 01 Jan 2026 13:00:00 GMT',
    date: 'Thu, 01 Jan 2026 12:00:00 GMT',
  });
  // an expiry in the past is the request time itself
  assert.equal(expiresHeaders(cfg, 'image/png', mtimeUs - 7200_000_000n, now)?.maxAge, 'max-age=0');
  // a generated page has no mtime: a modification code does nothing
  assert.equal(expiresHeaders(cfg, 'image/png', null, now), null);
});

test('Accept-Encoding read as mod_deflate reads it', () => {
  const rows: Array<[string | undefined, boolean]> = [
    ['gzip', true],
    ['GZIP', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['gzip;q=0.001', true],
    ['x-gzip', false],
    ['*', false],
    ['identity', false],
    ['', false],
    [undefined, false],
  ];
  for (const [ae, want] of rows) assert.equal(acceptsCoding(ae, 'gzip'), want, String(ae));
  assert.equal(acceptsCoding('br;q=1, gzip', 'br'), true);
});

test('DEFLATE: in the chain by SetOutputFilter, type or extension; no-gzip; size threshold', () => {
  const byType = mergeOutputFilters(
    undefined,
    compile('AddOutputFilterByType DEFLATE;INCLUDES text/html TEXT/CSS').outputFilters!,
  );
  const big = DEFLATE_MIN_BYTES;
  assert.equal(deflatePlan(byType, 'a.html', 'text/html; charset=UTF-8', big, undefined, 'gzip'), 'gzip');
  assert.equal(deflatePlan(byType, 'a.css', 'text/css', big, undefined, undefined), 'vary');
  assert.equal(deflatePlan(byType, 'a.txt', 'text/plain', big, undefined, 'gzip'), 'none');
  assert.equal(deflatePlan(byType, 'a.html', 'text/html', big - 1, undefined, 'gzip'), 'none');
  const env = new Map([['no-gzip', '1']]);
  assert.equal(deflatePlan(byType, 'a.html', 'text/html', big, env, 'gzip'), 'none');
  const force = new Map([['force-gzip', '1']]);
  assert.equal(deflatePlan(byType, 'a.html', 'text/html', big, force, undefined), 'gzip');

  const all = mergeOutputFilters(undefined, compile('SetOutputFilter DEFLATE').outputFilters!);
  assert.equal(deflatePlan(all, 'x.bin', null, big, undefined, 'gzip'), 'gzip');
  const other = mergeOutputFilters(all, compile('SetOutputFilter INCLUDES').outputFilters!);
  assert.equal(deflatePlan(other, 'x.bin', null, big, undefined, 'gzip'), 'none');

  // a child's AddOutputFilterByType DEFLATE replaces the parent's types
  const child = mergeOutputFilters(byType, compile('AddOutputFilterByType DEFLATE text/plain').outputFilters!);
  assert.equal(deflatePlan(child, 'a.html', 'text/html', big, undefined, 'gzip'), 'none');
  assert.equal(deflatePlan(child, 'a.txt', 'text/plain', big, undefined, 'gzip'), 'gzip');
  const ext = mergeOutputFilters(undefined, compile('AddOutputFilter DEFLATE .txt css').outputFilters!);
  assert.equal(deflatePlan(ext, 'a.TXT', 'text/plain', big, undefined, 'gzip'), 'gzip');
  assert.equal(deflatePlan(ext, 'a.txt.en', 'text/plain', big, undefined, 'gzip'), 'gzip');
  const removed = mergeOutputFilters(ext, compile('RemoveOutputFilter txt').outputFilters!);
  assert.equal(deflatePlan(removed, 'a.txt', 'text/plain', big, undefined, 'gzip'), 'none');
  assert.equal(deflatePlan(removed, 'a.css', 'text/css', big, undefined, 'gzip'), 'gzip');
});

test('gzip ETag: -gzip before the closing quote, weak stays weak', () => {
  assert.equal(gzipEtag('"7f7-60dedc04dd340"'), '"7f7-60dedc04dd340-gzip"');
  assert.equal(gzipEtag('W/"7f7-60dedc04dd340"'), 'W/"7f7-60dedc04dd340-gzip"');
});
