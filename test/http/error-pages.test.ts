// Built-in error pages when no ErrorDocument applies (server.error_pages = friendly, the default):
// plain words about what happened and what to do, valid HTML styled only by the hash the CSP
// names, nosniff; JSON {error, message} for clients that rank it above HTML, with the same status
// and headers; Vary: Accept wherever that choice was made. An ErrorDocument still wins, and
// error_pages = apache brings back Apache's exact pages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest, type TestResponse } from '../helpers/http.js';
import { expectBuiltinPage, mediaType } from '../helpers/expect.js';
import { expectValidHtml, styleHashes } from '../helpers/html.js';
import { authLines, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';

const JSON_ACCEPT = { Accept: 'application/json, text/html;q=0.5' };

interface Case {
  what: string;
  target: string;
  req?: TestRequest;
  status: number;
  code: string;
  /** Sentences the page must say, in plain words. */
  says: RegExp[];
  /** Headers the answer must carry, whichever variant. */
  headers?: Record<string, string>;
}

function expectFriendlyHtml(res: TestResponse, c: Case): void {
  assert.equal(res.status, c.status, `${c.what}: ${res.body.slice(0, 300)}`);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', c.what);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', c.what);
  assert.equal(res.headers['vary'], 'Accept', `${c.what}: Vary`);
  assert.equal(res.headers['content-length'], String(res.raw.length), c.what);
  const hashes = styleHashes(res.body);
  assert.equal(hashes.length, 1, `${c.what}: one inline stylesheet`);
  assert.equal(res.headers['content-security-policy'], `default-src 'none'; style-src ${hashes[0]}`, c.what);
  expectValidHtml(res.body, c.what);
  assert.doesNotMatch(res.body, /<script|style=|<img|src=/i, c.what);
  for (const s of c.says) assert.match(res.body.replace(/\s+/g, ' '), s, c.what);
  for (const [k, v] of Object.entries(c.headers ?? {}))
    assert.equal(res.headers[k.toLowerCase()], v, `${c.what}: ${k}`);
  // never a detail of the site: no file-system path, no access-file line
  assert.doesNotMatch(res.body, /\/(tmp|home|root|etc|var|work)\/|\.htaccess|Require|Bogus/, c.what);
}

function expectJson(res: TestResponse, c: Case): void {
  assert.equal(res.status, c.status, `${c.what} (JSON): ${res.body.slice(0, 300)}`);
  assert.equal(res.headers['content-type'], 'application/json', c.what);
  assert.equal(res.headers['vary'], 'Accept', c.what);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', c.what);
  assert.equal(res.headers['content-length'], String(res.raw.length), c.what);
  const body = JSON.parse(res.body) as { error: string; message: string };
  assert.deepEqual(Object.keys(body), ['error', 'message'], c.what);
  assert.equal(body.error, c.code, c.what);
  for (const s of c.says) assert.match(body.message, s, `${c.what}: message`);
  for (const [k, v] of Object.entries(c.headers ?? {}))
    assert.equal(res.headers[k.toLowerCase()], v, `${c.what}: ${k}`);
}

describe('friendly error pages', () => {
  let root: string;
  let files: AuthFiles;
  let server: TestServer;
  before(async () => {
    files = await makeAuthFiles();
    root = await makeTree({
      'index.html': 'home\n',
      'f.txt': 'twelve bytes',
      'members/.htaccess': `${authLines(files, 'Members')}Require valid-user\n`,
      'members/f.txt': 'm',
      'admins/.htaccess': `${authLines(files, 'Admins')}Require group staff\n`,
      'admins/f.txt': 'a',
      'closed/.htaccess': 'Require all denied\n',
      'closed/f.txt': 'c',
      'broken/.htaccess': 'Bogus directive here\n',
      'broken/f.txt': 'b',
      '.htaccess': 'RedirectMatch 429 ^/slow\nRedirectMatch 503 ^/maintenance\n',
      'doc/.htaccess': 'ErrorDocument 404 /doc/404.html\nErrorDocument 403 /doc/missing.html\n',
      'doc/404.html': '<p>OWN-404-MARKER</p>\n',
      'doc/closed/.htaccess': 'Require all denied\n',
      'doc/closed/f.txt': 'x',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
    await removeTree(files.dir);
  });

  const cases: Case[] = [
    {
      what: '401 without credentials',
      target: '/members/f.txt',
      status: 401,
      code: 'unauthorized',
      says: [/only for people who have signed in/, /Sign in with your user name and password/],
      headers: { 'WWW-Authenticate': 'Basic realm="Members"' },
    },
    {
      what: '401 with a wrong password',
      target: '/members/f.txt',
      req: { auth: 'bob:nope' },
      status: 401,
      code: 'unauthorized',
      says: [/was not accepted/],
      headers: { 'WWW-Authenticate': 'Basic realm="Members"' },
    },
    {
      what: '403 signed in, not in the group',
      target: '/admins/f.txt',
      req: { auth: 'bob:bobpw' },
      status: 403,
      code: 'forbidden',
      says: [/You are signed in as bob, but this page is not available to that account/, /contact the administrator/],
    },
    {
      what: '403 for everyone',
      target: '/closed/f.txt',
      status: 403,
      code: 'forbidden',
      says: [/it does not matter who you are/, /contact the administrator/],
    },
    {
      what: '404',
      target: '/nothing-here',
      status: 404,
      code: 'not_found',
      says: [/Nothing is at this address/],
    },
    {
      what: '405',
      target: '/f.txt',
      req: { method: 'DELETE' },
      status: 405,
      code: 'method_not_allowed',
      says: [/cannot be used with the method DELETE/, /It answers GET, HEAD and OPTIONS/],
      headers: { Allow: 'GET, HEAD, OPTIONS' },
    },
    {
      what: '416 on a file',
      target: '/f.txt',
      req: { headers: { Range: 'bytes=100-' } },
      status: 416,
      code: 'range_not_satisfiable',
      says: [/lies outside the file/],
      headers: { 'Content-Range': 'bytes */12' },
    },
    {
      what: '429 from RedirectMatch 429',
      target: '/slow/x',
      status: 429,
      code: 'too_many_requests',
      says: [/Too many requests came from you/, /Please wait a little, then try again/],
    },
    {
      what: '500 from a broken access file',
      target: '/broken/f.txt',
      status: 500,
      code: 'server_error',
      says: [/The site's configuration has an error/, /tell the site's administrator/],
    },
    {
      what: '503 from RedirectMatch 503',
      target: '/maintenance/',
      status: 503,
      code: 'service_unavailable',
      says: [/too busy to answer right now/],
    },
  ];

  for (const c of cases) {
    it(`${c.what}: a page in plain words`, async () => {
      const headers = { ...(c.req?.headers ?? {}) };
      expectFriendlyHtml(await fetchRaw(server.url, c.target, { ...c.req, headers }), c);
    });
    it(`${c.what}: JSON for a client that prefers it, same status and headers`, async () => {
      const headers = { ...(c.req?.headers ?? {}), ...JSON_ACCEPT };
      expectJson(await fetchRaw(server.url, c.target, { ...c.req, headers }), c);
    });
  }

  it('still fits the checks every built-in page passes (title names the status, short, no paths)', async () => {
    for (const [target, status] of [
      ['/nothing-here', 404],
      ['/closed/f.txt', 403],
      ['/broken/f.txt', 500],
    ] as const) {
      expectBuiltinPage(await fetchRaw(server.url, target), status, target);
    }
  });

  it('answers HEAD with the headers only', async () => {
    const res = await fetchRaw(server.url, '/nothing-here', { method: 'HEAD', headers: JSON_ACCEPT });
    assert.equal(res.status, 404);
    assert.equal(res.raw.length, 0);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.headers['vary'], 'Accept');
  });

  it('lets an ErrorDocument win for HTML and JSON clients alike (no negotiation, no Vary)', async () => {
    for (const headers of [{}, JSON_ACCEPT]) {
      const res = await fetchRaw(server.url, '/doc/nothing', { headers });
      assert.equal(res.status, 404);
      assert.equal(mediaType(res), 'text/html');
      assert.equal(res.body, '<p>OWN-404-MARKER</p>\n');
      assert.equal(res.headers['vary'], undefined);
    }
  });

  it('says so when the ErrorDocument itself could not be served', async () => {
    const res = await fetchRaw(server.url, '/doc/closed/f.txt');
    const c: Case = { what: 'failed ErrorDocument 403', target: '', status: 403, code: 'forbidden', says: [] };
    expectFriendlyHtml(res, c);
    assert.match(res.body, /Additionally, a 403 Forbidden error was encountered while trying to use an ErrorDocument/);
    const json = await fetchRaw(server.url, '/doc/closed/f.txt', { headers: JSON_ACCEPT });
    expectJson(json, { ...c, says: [/Additionally, a 403 Forbidden error/] });
  });
});

describe('server.error_pages = apache', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({ 'f.txt': 'x', 'closed/.htaccess': 'Require all denied\n' });
    server = await startServer(root, { set: ['server.error_pages=apache'] });
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
  });

  it("sends Apache's exact pages to every client, without negotiation", async () => {
    for (const headers of [{}, JSON_ACCEPT]) {
      const res = await fetchRaw(server.url, '/nothing', { headers });
      expectBuiltinPage(res, 404, 'apache 404');
      assert.equal(res.headers['content-type'], 'text/html; charset=iso-8859-1');
      assert.equal(
        res.body,
        '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n' +
          '</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
      );
      assert.equal(res.headers['vary'], undefined);
      assert.equal(res.headers['content-security-policy'], "default-src 'none'");
    }
    const denied = await fetchRaw(server.url, '/closed/', { headers: JSON_ACCEPT });
    expectBuiltinPage(denied, 403, 'apache 403');
    assert.match(denied.body, /You don't have permission to access this resource/);
  });
});
