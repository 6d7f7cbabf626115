// The friendly error pages' words that depend on the response (Retry-After, Allow, the user),
// which the HTTP tests cannot all provoke, and the style hashes the CSP headers name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorPageFor } from '../../src/respond/error-response.js';
import {
  ERROR_CSS,
  ERROR_PAGE_HEADERS,
  LISTING_CSS,
  LISTING_PAGE_HEADERS,
  styleSource,
} from '../../src/respond/page-style.js';
import { expectValidHtml, styleHashes } from '../helpers/html.js';

const base = { style: 'friendly' as const, accept: undefined, method: 'GET', url: '/x', user: null };

const waits: Array<[number, string | undefined, RegExp]> = [
  [429, '30', /Please wait 30 seconds, then try again\./],
  [429, '1', /Please wait 1 second, then try again\./],
  [503, '120', /too busy.*Please wait 120 seconds, then try again\./s],
  [503, 'Wed, 21 Oct 2026 07:28:00 GMT', /Please wait until Wed, 21 Oct 2026 07:28:00 GMT, then try again\./],
  [429, undefined, /Please wait a little, then try again\./],
];
for (const [status, retryAfter, says] of waits) {
  test(`${status} with Retry-After ${String(retryAfter)}: ${says.source}`, () => {
    const html = errorPageFor(status, { ...base, retryAfter });
    expectValidHtml(html.body, String(status));
    assert.match(html.body, says);
    const json = errorPageFor(status, { ...base, retryAfter, accept: 'application/json' });
    const parsed = JSON.parse(json.body) as { error: string; message: string };
    assert.equal(parsed.error, status === 429 ? 'too_many_requests' : 'service_unavailable');
    assert.match(parsed.message, says);
  });
}

test('405 names the method and the Allow list; the user name is escaped', () => {
  const page = errorPageFor(405, { ...base, method: 'PUT', allow: 'GET, HEAD' });
  assert.match(page.body, /method PUT\.<\/p>\n<p>It answers GET and HEAD\.<\/p>/);
  const forbidden = errorPageFor(403, { ...base, user: '<b>&x' });
  assert.match(forbidden.body, /signed in as &lt;b&gt;&amp;x,/);
});

test('an unknown status reads as a 500 in plain words', () => {
  const json = JSON.parse(errorPageFor(599, { ...base, accept: 'application/json' }).body) as { error: string };
  assert.equal(json.error, 'server_error');
  assert.match(errorPageFor(599, base).body, /<title>500 Internal Server Error<\/title>/);
});

test('the CSP of each page kind allows exactly its stylesheet', () => {
  assert.equal(
    ERROR_PAGE_HEADERS['Content-Security-Policy'],
    `default-src 'none'; style-src ${styleSource(ERROR_CSS)}`,
  );
  assert.equal(
    LISTING_PAGE_HEADERS['Content-Security-Policy'],
    `default-src 'none'; style-src ${styleSource(LISTING_CSS)}`,
  );
  const page = errorPageFor(404, base);
  assert.deepEqual(styleHashes(page.body), [styleSource(ERROR_CSS)]);
  assert.equal(page.headers['Vary'], 'Accept');
});

test('apache style ignores Accept and carries no Vary', () => {
  const page = errorPageFor(404, { ...base, style: 'apache', accept: 'application/json' });
  assert.match(page.body, /^<!DOCTYPE HTML PUBLIC "-\/\/IETF\/\/DTD HTML 2\.0\/\/EN">/);
  assert.equal(page.headers['Vary'], undefined);
});
