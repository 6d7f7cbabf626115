// Assertions shared by the real-server HTTP tests: every response is checked for its status,
// the headers that matter for it, and its body.
import assert from 'node:assert/strict';
import type { TestResponse } from './http.js';

/** The media type without parameters, lower-cased, or null when there is no Content-Type. */
export function mediaType(res: TestResponse): string | null {
  const ct = res.headers['content-type'];
  return ct === undefined ? null : ct.split(';')[0]!.trim().toLowerCase();
}

/** A 200 with exactly `body`, a matching Content-Length and (when given) this media type;
 * `type: null` asserts that no Content-Type is sent at all. */
export function expectFile(res: TestResponse, body: string | Buffer, type?: string | null, what = ''): void {
  const expected = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  assert.equal(res.status, 200, `${what} status (body: ${res.body.slice(0, 200)})`);
  assert.ok(
    res.raw.equals(expected),
    `${what} body: expected ${JSON.stringify(expected.toString('utf8').slice(0, 80))}, got ${JSON.stringify(res.body.slice(0, 80))}`,
  );
  assert.equal(res.headers['content-length'], String(expected.length), `${what} Content-Length`);
  if (type !== undefined)
    assert.equal(mediaType(res), type, `${what} Content-Type (${String(res.headers['content-type'])})`);
}

const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  414: 'Request-URI Too Long',
  416: 'Requested Range Not Satisfiable',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

/** The built-in page for `status`: short HTML naming the status, no file-system paths. */
export function expectBuiltinPage(res: TestResponse, status: number, what = '', method = 'GET'): void {
  assert.equal(res.status, status, `${what} status (body: ${res.body.slice(0, 300)})`);
  assert.equal(mediaType(res), 'text/html', `${what} Content-Type (${String(res.headers['content-type'])})`);
  if (method === 'HEAD') {
    assert.equal(res.raw.length, 0, `${what} HEAD has no body`);
    return;
  }
  assert.match(res.body, /^<!DOCTYPE HTML/i, `${what} body is an HTML document`);
  const reason = REASONS[status];
  assert.ok(
    res.body.includes(`<title>${status} ${reason ?? ''}`),
    `${what} title names ${status} ${reason ?? ''}: ${res.body.slice(0, 200)}`,
  );
  assert.ok(res.raw.length < 1024, `${what} the built-in page is short (${res.raw.length} bytes)`);
  assert.doesNotMatch(res.body, /\/(tmp|home|root|etc|var|work)\//, `${what} the page names no file-system path`);
  if (res.headers['content-length'] !== undefined) {
    assert.equal(res.headers['content-length'], String(res.raw.length), `${what} Content-Length`);
  }
}
