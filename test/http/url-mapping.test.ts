// From request target to file (docs/apache-behaviour.md §1.1, §10): exact raw targets are sent, so
// these prove what the server does with dot-segments, escapes, backslashes, odd names and
// over-long requests — never anything outside the document root.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { expectBuiltinPage, expectFile } from '../helpers/expect.js';

const ROOT_INDEX = '<p>root index</p>\n';

describe('URL mapping', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({
      'index.html': ROOT_INDEX,
      'ok.txt': 'ok\n',
      'a/b.txt': 'a-b\n',
      'd/x.txt': 'in d\n',
      'd\\x.txt': 'backslash name\n',
      'dir/file': 'dir-file\n',
      'sub/index.html': '<p>sub index</p>\n',
      'semi;colon.txt': 'semicolon name\n',
      'snow ☃.txt': 'snowman\n',
      'sp ace.txt': 'space name\n',
      'caf\u00e9.txt': 'cafe\n',
      'pct%41.txt': 'literal percent\n',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  // [request target, expected status, expected body (for 200s)]
  const cases: Array<{ target: string; status: number; body?: string; why: string }> = [
    { target: '/d/../../etc/passwd', status: 400, why: '.. climbing above the root is a bad request' },
    { target: '/d/%2e%2e/%2e%2e/etc/passwd', status: 400, why: 'encoded .. climbing above the root is a bad request' },
    { target: '/../ok.txt', status: 400, why: '.. directly above the root is a bad request' },
    { target: '/%2E%2E/ok.txt', status: 400, why: 'upper-case encoded .. above the root is a bad request' },
    { target: '/d%2Fx.txt', status: 404, why: 'an encoded slash is never a separator' },
    { target: '/d%2fx.txt', status: 404, why: 'a lower-case encoded slash is never a separator' },
    { target: '/ok.txt%00', status: 404, why: 'an encoded NUL is not found' },
    { target: '/ok.txt%00.html', status: 404, why: 'an encoded NUL cannot truncate the name' },
    { target: '/ok%zz.txt', status: 400, why: 'an invalid percent escape is a bad request' },
    { target: '/ok.txt%', status: 400, why: 'a truncated percent escape is a bad request' },
    { target: '/ok.txt%4', status: 400, why: 'a one-digit percent escape is a bad request' },
    { target: '/a/./b.txt', status: 200, body: 'a-b\n', why: '/./ is removed' },
    { target: '//a//b.txt', status: 200, body: 'a-b\n', why: 'repeated slashes are merged' },
    { target: '/a/%2e/b.txt', status: 200, body: 'a-b\n', why: 'an encoded single dot segment is removed' },
    { target: '/a/../ok.txt', status: 200, body: 'ok\n', why: '.. inside the root resolves' },
    {
      target: '/sub/%2e%2e/index.html',
      status: 200,
      body: ROOT_INDEX,
      why: 'encoded .. below the root resolves to the root index',
    },
    { target: '/%6fk.txt', status: 200, body: 'ok\n', why: 'an encoded unreserved letter is decoded' },
    { target: '/ok.txt?x=1&y=%zz', status: 200, body: 'ok\n', why: 'the query string is not part of the path' },
    {
      target: '/d\\x.txt',
      status: 200,
      body: 'backslash name\n',
      why: 'a backslash is a literal character of the name',
    },
    {
      target: '/d%5Cx.txt',
      status: 200,
      body: 'backslash name\n',
      why: 'an encoded backslash is a literal character of the name',
    },
    { target: '/dir\\file', status: 404, why: 'a backslash is not a directory separator' },
    { target: '/ok.txt;param', status: 404, why: 'a ; is part of the file name' },
    { target: '/semi;colon.txt', status: 200, body: 'semicolon name\n', why: 'a name containing ; is served' },
    { target: '/OK.TXT', status: 404, why: 'names are case-sensitive' },
    { target: '/Ok.txt', status: 404, why: 'a single case difference is not found' },
    {
      target: '/snow%20%E2%98%83.txt',
      status: 200,
      body: 'snowman\n',
      why: 'UTF-8 and spaces, percent-encoded (upper-case hex)',
    },
    {
      target: '/snow%20%e2%98%83.txt',
      status: 200,
      body: 'snowman\n',
      why: 'UTF-8 and spaces, percent-encoded (lower-case hex)',
    },
    { target: '/sp%20ace.txt', status: 200, body: 'space name\n', why: 'a space, percent-encoded' },
    { target: '/caf%C3%A9.txt', status: 200, body: 'cafe\n', why: 'a precomposed accented name' },
    {
      target: '/pct%2541.txt',
      status: 200,
      body: 'literal percent\n',
      why: '%25 is a literal percent sign, decoded once',
    },
    { target: '/pct%41.txt', status: 404, why: 'escapes are decoded exactly once' },
    { target: '/missing.txt', status: 404, why: 'a missing file is not found' },
  ];

  for (const c of cases) {
    it(`answers ${c.target} with ${c.status}: ${c.why}`, async () => {
      const res = await fetchRaw(server.url, c.target);
      if (c.status === 200) expectFile(res, c.body!, undefined, c.target);
      else expectBuiltinPage(res, c.status, c.target);
      assert.doesNotMatch(res.body, /root:x:0:0/, 'never any byte of /etc/passwd');
    });
  }

  it('answers a request target longer than max_url_length (8190) with 414', async () => {
    const target = '/' + 'a'.repeat(8300);
    const res = await fetchRaw(server.url, target);
    expectBuiltinPage(res, 414, 'long URL');
    assert.ok(!res.body.includes('aaaaaaaaaa'), 'the page does not echo the URL');
  });

  it('answers a target of exactly 8190 characters normally (404 for a missing name)', async () => {
    const target = '/' + 'b/'.repeat(4094) + 'b';
    assert.equal(target.length, 8190);
    expectBuiltinPage(await fetchRaw(server.url, target), 404, 'URL at the limit');
  });

  it('answers 403 for a name longer than the filesystem allows, as Apache does', async () => {
    expectBuiltinPage(await fetchRaw(server.url, '/' + 'n'.repeat(300) + '.txt'), 403, 'over-long name');
  });

  it('answers a header block larger than 16 KiB with 431', async () => {
    const res = await fetchRaw(server.url, '/ok.txt', { headers: { 'X-Padding': 'p'.repeat(17 * 1024) } });
    expectBuiltinPage(res, 431, 'big headers');
  });

  it('still serves normally after the over-long requests', async () => {
    expectFile(await fetchRaw(server.url, '/ok.txt'), 'ok\n', 'text/plain');
  });

  it('serves the root index for /', async () => {
    expectFile(await fetchRaw(server.url, '/'), ROOT_INDEX, 'text/html');
  });

  it('serves the path of an absolute-form request target', async () => {
    const res = await fetchRaw(server.url, `http://127.0.0.1:${server.port}/a/b.txt`);
    expectFile(res, 'a-b\n', 'text/plain');
  });
});
