// Built-in error pages (docs/apache-behaviour.md §5.2, §12.2, §12.3): Apache's exact shape, no internal details,
// escaping of everything echoed, and the generated-response writer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ERROR_PAGE_CONTENT_TYPE,
  SECURITY_HEADERS,
  builtinErrorPage,
  statusLine,
} from '../../src/respond/error-page.js';

const base = { method: 'GET', url: '/secret/<script>?token=abc' };

test('404 page is byte-identical to Apache 2.4 (ServerSignature Off)', () => {
  assert.equal(
    builtinErrorPage(404, base).body,
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n' +
      '</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
  );
});

test('401 text (docs/apache-behaviour.md §5.2)', () => {
  const { body } = builtinErrorPage(401, base);
  assert.match(body, /<title>401 Unauthorized<\/title>/);
  assert.match(body, /<h1>Unauthorized<\/h1>/);
  assert.equal(
    body
      .replace(/\s+/g, ' ')
      .includes(
        'This server could not verify that you are authorized to access the document requested. ' +
          'Either you supplied the wrong credentials (e.g., bad password), ' +
          "or your browser doesn't understand how to supply the credentials required.",
      ),
    true,
  );
});

const sentenceRows: Array<[number, string, RegExp]> = [
  [400, '400 Bad Request', /<p>Your browser sent a request that this server could not understand\.<br \/>\n<\/p>\n/],
  [403, '403 Forbidden', /<p>You don't have permission to access this resource\.<\/p>\n/],
  [404, '404 Not Found', /<p>The requested URL was not found on this server\.<\/p>\n/],
  [405, '405 Method Not Allowed', /<p>The requested method GET is not allowed for this URL\.<\/p>\n/],
  [412, '412 Precondition Failed', /<p>The precondition on the request for this URL evaluated to false\.<\/p>\n/],
  [
    414,
    '414 Request-URI Too Long',
    /<p>The requested URL's length exceeds the capacity\nlimit for this server\.<br \/>\n<\/p>\n/,
  ],
  [
    416,
    '416 Requested Range Not Satisfiable',
    /<p>None of the range-specifier values in the Range\nrequest-header field overlap/,
  ],
  [429, '429 Too Many Requests', /<p>The user has sent too many requests\nin a given amount of time\.<\/p>\n/],
  [
    431,
    '431 Request Header Fields Too Large',
    /<p>The server refused this request because\nthe request header fields are too large\.<\/p>\n/,
  ],
  [500, '500 Internal Server Error', /<p>The server encountered an internal error or\nmisconfiguration/],
  [501, '501 Not Implemented', /<p>GET not supported for current URL\.<br \/>\n<\/p>\n/],
  [503, '503 Service Unavailable', /<p>The server is temporarily unable to service your\nrequest due to maintenance/],
];
for (const [status, line, sentence] of sentenceRows) {
  test(`${line} page`, () => {
    const { body, contentType } = builtinErrorPage(status, base);
    assert.equal(contentType, ERROR_PAGE_CONTENT_TYPE);
    assert.ok(body.includes(`<title>${line}</title>\n</head><body>\n<h1>${line.slice(4)}</h1>\n`));
    assert.match(body, sentence);
    assert.ok(body.endsWith('</body></html>\n'));
  });
}

test('301/302 "The document has moved" link, location escaped; Location header set', () => {
  for (const status of [301, 302]) {
    const page = builtinErrorPage(status, { ...base, location: 'http://h/a?x=1&y="2"' });
    assert.match(
      page.body,
      /<p>The document has moved <a href="http:\/\/h\/a\?x=1&amp;y=&quot;2&quot;">here<\/a>\.<\/p>\n/,
    );
    assert.equal(page.headers['Location'], 'http://h/a?x=1&y="2"');
  }
  assert.match(builtinErrorPage(301, base).body, /<title>301 Moved Permanently<\/title>/);
  assert.match(builtinErrorPage(302, base).body, /<title>302 Found<\/title>/);
});

test('the request URL is never echoed; the method is escaped', () => {
  for (const status of [400, 401, 403, 404, 405, 412, 414, 416, 500, 501]) {
    const { body } = builtinErrorPage(status, base);
    assert.doesNotMatch(body, /secret|script|token/);
  }
  const { body } = builtinErrorPage(405, { method: 'X<b>&"', url: '/' });
  assert.match(body, /The requested method X&lt;b&gt;&amp;&quot; is not allowed/);
});

test('body is pure ASCII (declared iso-8859-1) even with non-ASCII input', () => {
  const { body } = builtinErrorPage(302, { ...base, location: '/ü' });
  assert.match(body, /href="\/&#252;"/);
  assert.ok(/^[\x00-\x7f]*$/.test(body));
});

test('"Additionally…" paragraph names the ORIGINAL status (docs/apache-behaviour.md §12.3)', () => {
  const p403 = builtinErrorPage(403, { ...base, additionally: 404 }).body;
  assert.ok(
    p403.endsWith(
      "<p>You don't have permission to access this resource.</p>\n" +
        '<p>Additionally, a 403 Forbidden\nerror was encountered while trying to use an ErrorDocument to handle the request.</p>\n' +
        '</body></html>\n',
    ),
  );
  const p404 = builtinErrorPage(404, { ...base, additionally: 403 }).body;
  assert.match(p404, /<p>Additionally, a 404 Not Found\nerror was encountered/);
  assert.doesNotMatch(builtinErrorPage(404, base).body, /Additionally/);
});

test('500 page shows the server admin (escaped), default "[no address given]"', () => {
  assert.match(builtinErrorPage(500, base).body, /administrator at \n \[no address given\] to inform them/);
  assert.match(builtinErrorPage(500, { ...base, serverAdmin: 'a<b>@x' }).body, /at \n a&lt;b&gt;@x to/);
});

test('unknown status renders as Apache does: the 500 page', () => {
  const { body } = builtinErrorPage(599, base);
  assert.match(body, /<title>500 Internal Server Error<\/title>/);
  assert.equal(statusLine(599), '500 Internal Server Error');
  assert.equal(statusLine(416), '416 Requested Range Not Satisfiable');
});

test('headers: content type, security headers, Allow for 405/501 only', () => {
  const page = builtinErrorPage(405, { ...base, allow: 'GET,POST,OPTIONS,HEAD,TRACE' });
  assert.equal(page.headers['Content-Type'], 'text/html; charset=iso-8859-1');
  assert.equal(page.headers['Allow'], 'GET,POST,OPTIONS,HEAD,TRACE');
  assert.equal(page.headers['X-Content-Type-Options'], 'nosniff');
  assert.equal(page.headers['Content-Security-Policy'], "default-src 'none'");
  assert.equal(builtinErrorPage(404, { ...base, allow: 'GET' }).headers['Allow'], undefined);
  assert.deepEqual(SECURITY_HEADERS, {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'",
  });
});
