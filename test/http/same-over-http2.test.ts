// Every access rule, range, conditional and error page answers the same over plain HTTP/1.1,
// HTTPS/1.1 and HTTP/2: one table of requests, run with each client against a plain server and
// an HTTPS server with [tls] http2 on. Status, the listed headers and the body must match; HTTP/2
// answers carry no connection-specific header (RFC 9113 section 8.2.2), even one an access file sets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest, type TestResponse } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';
import { fetchHttp2, fetchHttps, makeCertificate, tlsSettings, type TestCertificate } from '../helpers/tls.js';

const BODY36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const MTIME = new Date(1704164645 * 1000);
const ETAG = '"24-60dedc04dd340"';
const sha = (pw: string) => `{SHA}${createHash('sha1').update(pw).digest('base64')}`;

interface Check {
  name: string;
  target: string;
  req?: TestRequest;
  status: number;
  /** Headers that must be present with this value (a function of the scheme for Location). */
  headers?: Record<string, string | ((origin: string) => string)>;
  /** Headers that must be absent. */
  absent?: string[];
  body?: string | RegExp;
}

const CHECKS: Check[] = [
  {
    name: 'a file',
    target: '/etag.txt',
    status: 200,
    headers: { etag: ETAG, 'content-length': '36', 'content-type': 'text/plain', 'accept-ranges': 'bytes' },
    body: BODY36,
  },
  { name: 'HEAD', target: '/etag.txt', req: { method: 'HEAD' }, status: 200, headers: { etag: ETAG }, body: '' },
  {
    name: 'one range',
    target: '/etag.txt',
    req: { headers: { range: 'bytes=2-5' } },
    status: 206,
    headers: { 'content-range': 'bytes 2-5/36', 'content-length': '4' },
    body: '2345',
  },
  {
    name: 'two ranges',
    target: '/etag.txt',
    req: { headers: { range: 'bytes=0-1,4-5' } },
    status: 206,
    body: /Content-Range: bytes 0-1\/36\r\n\r\n01\r\n--[0-9a-f]+\r\nContent-Type: text\/plain\r\nContent-Range: bytes 4-5\/36\r\n\r\n45/,
  },
  {
    name: 'an unsatisfiable range',
    target: '/etag.txt',
    req: { headers: { range: 'bytes=100-200' } },
    status: 416,
    headers: { 'content-range': 'bytes */36' },
  },
  {
    name: 'If-None-Match',
    target: '/etag.txt',
    req: { headers: { 'if-none-match': ETAG } },
    status: 304,
    headers: { etag: ETAG },
    absent: ['content-type'],
    body: '',
  },
  { name: 'If-Match', target: '/etag.txt', req: { headers: { 'if-match': '"nope"' } }, status: 412, body: '' },
  {
    name: 'If-Range with the ETag',
    target: '/etag.txt',
    req: { headers: { range: 'bytes=0-0', 'if-range': ETAG } },
    status: 206,
    body: '0',
  },
  {
    name: 'a realm without credentials',
    target: '/priv/x.txt',
    status: 401,
    headers: { 'www-authenticate': 'Basic realm="members"' },
  },
  { name: 'a wrong password', target: '/priv/x.txt', req: { auth: 'ann:nope' }, status: 401 },
  { name: 'the right password', target: '/priv/x.txt', req: { auth: 'ann:annpw' }, status: 200, body: 'secret\n' },
  { name: 'Require ip', target: '/lan/x.txt', status: 403 },
  { name: 'Deny from all', target: '/legacy/x.txt', status: 403 },
  {
    name: 'an ErrorDocument',
    target: '/missing.txt',
    status: 404,
    headers: { 'content-type': 'text/html' },
    body: '<p>custom 404</p>\n',
  },
  { name: 'a .ht file', target: '/priv/.htpasswd', status: 403 },
  {
    name: 'the trailing-slash redirect',
    target: '/dir?q=1',
    status: 301,
    headers: { location: (origin) => `${origin}/dir/?q=1` },
  },
  {
    name: 'Header rules (and a Connection header HTTP/2 must drop)',
    target: '/headers/x.txt',
    status: 200,
    headers: { 'x-custom': 'yes', 'cache-control': 'max-age=60' },
    body: 'x\n',
  },
  // `Header always` lines join the server's own ETag and Location; HTTP/2 allows one value of each
  { name: 'a second ETag from Header always', target: '/twice/x.txt', status: 200, body: 'x\n' },
  { name: 'a second Location from Header always', target: '/twice/r', status: 302 },
  { name: 'a listing', target: '/list/', status: 200, body: /<a href="a\.txt"> a\.txt<\/a>/ },
  {
    name: 'OPTIONS',
    target: '/etag.txt',
    req: { method: 'OPTIONS' },
    status: 200,
    headers: { allow: 'GET, HEAD, OPTIONS' },
  },
  { name: 'a method htserve does not serve', target: '/etag.txt', req: { method: 'DELETE' }, status: 405 },
];

describe('the same answers over HTTP/1.1, HTTPS and HTTP/2', () => {
  let root: string;
  let cert: TestCertificate;
  let plain: TestServer;
  let secure: TestServer;
  before(async () => {
    cert = await makeCertificate();
    root = await makeTree({
      'etag.txt': { content: BODY36, mtime: MTIME },
      '.htaccess': 'ErrorDocument 404 /errors/404.html\n',
      'errors/404.html': '<p>custom 404</p>\n',
      'priv/x.txt': 'secret\n',
      'priv/.htpasswd': `ann:${sha('annpw')}\n`,
      'lan/x.txt': 'lan\n',
      'lan/.htaccess': 'Require ip 10.0.0.0/8\n',
      'legacy/x.txt': 'legacy\n',
      'legacy/.htaccess': 'Order allow,deny\nDeny from all\n',
      'dir/index.html': '<p>dir</p>\n',
      'headers/x.txt': 'x\n',
      'headers/.htaccess':
        'Header set X-Custom yes\nHeader set Cache-Control "max-age=60"\nHeader set Connection close\n',
      'twice/x.txt': 'x\n',
      'twice/.htaccess':
        'Header always set ETag "\\"rule\\""\nHeader always set Location http://example.com/\nRedirect /twice/r /twice/x.txt\n',
      'list/a.txt': 'a\n',
      'list/.htaccess': 'Options +Indexes\nDirectoryIndex none\n',
    });
    const { promises: fs } = await import('node:fs');
    await fs.writeFile(
      `${root}/priv/.htaccess`,
      `AuthType Basic\nAuthName "members"\nAuthUserFile ${root}/priv/.htpasswd\nRequire valid-user\n`,
    );
    await fs.chmod(`${root}/priv/.htaccess`, 0o644);
    plain = await startServer(root);
    secure = await startServer(root, { set: tlsSettings(cert, ['tls.http2=true']) });
  });
  after(async () => {
    await plain?.stop();
    await secure?.stop();
    await removeTree(root);
    await removeTree(cert.dir);
  });

  const clients: Array<{
    name: string;
    fetch: (c: Check) => Promise<TestResponse & { alpnProtocol?: unknown }>;
    origin: () => string;
  }> = [
    { name: 'HTTP/1.1', fetch: (c) => fetchRaw(plain.url, c.target, c.req), origin: () => plain.url },
    { name: 'HTTPS/1.1', fetch: (c) => fetchHttps(secure.url, c.target, cert.cert, c.req), origin: () => secure.url },
    { name: 'HTTP/2', fetch: (c) => fetchHttp2(secure.url, c.target, cert.cert, c.req), origin: () => secure.url },
  ];

  for (const client of clients) {
    describe(client.name, () => {
      for (const check of CHECKS) {
        it(check.name, async () => {
          const res = await client.fetch(check);
          const what = `${client.name} ${check.req?.method ?? 'GET'} ${check.target}`;
          assert.equal(res.status, check.status, `${what}: status (body ${res.body.slice(0, 200)})`);
          for (const [name, want] of Object.entries(check.headers ?? {})) {
            const expected = typeof want === 'function' ? want(client.origin()) : want;
            const got = String(res.headers[name] ?? '');
            assert.ok(
              got === expected || got.startsWith(`${expected};`),
              `${what}: ${name} is '${got}', want '${expected}'`,
            );
          }
          for (const name of check.absent ?? []) assert.equal(res.headers[name], undefined, `${what}: no ${name}`);
          if (typeof check.body === 'string') assert.equal(res.body, check.body, `${what}: body`);
          else if (check.body) assert.match(res.body, check.body, `${what}: body`);
          if (client.name === 'HTTP/2') {
            assert.equal(res.alpnProtocol, 'h2', `${what}: negotiated HTTP/2`);
            for (const name of ['connection', 'keep-alive', 'transfer-encoding'])
              assert.equal(res.headers[name], undefined, `${what}: no ${name} on HTTP/2`);
          }
        });
      }
    });
  }

  it('the access log names each protocol as Apache does (HTTP/2.0 for HTTP/2)', async () => {
    assert.ok(await waitForMatch(secure.output, /"GET \/etag\.txt HTTP\/2\.0" 200 36 /), secure.output());
    assert.ok(await waitForMatch(secure.output, /"GET \/etag\.txt HTTP\/1\.1" 200 36 /), secure.output());
  });

  it('HTTP/2 leaves the server no warning (no connection header was ever set)', () => {
    assert.doesNotMatch(secure.errorLog(), /connection header|UnsupportedWarning|HT000/i);
  });
});
