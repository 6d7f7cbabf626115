// sendGenerated / sendBuiltinError over a real socket: exact Content-Length, HEAD without
// body (and, like Apache's generated pages, without Content-Length), header merging.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendGenerated } from '../../src/respond/send-html.js';
import { sendBuiltinError } from '../../src/respond/error-page.js';
import { LISTING_CONTENT_TYPE, renderListing } from '../../src/respond/listing.js';

let server: Server;
let port = 0;
let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;

before(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function fetchRaw(method: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('sendGenerated: exact byte Content-Length for UTF-8 bodies; HEAD has no body', async () => {
  const body = renderListing('/ü/', [{ name: 'ü.txt', isDir: false, size: 1, mtime: new Date(0) }], '');
  handler = (req, res) =>
    sendGenerated(req, res, 200, { 'Content-Type': LISTING_CONTENT_TYPE, 'content-type': LISTING_CONTENT_TYPE }, body);
  const g = await fetchRaw('GET');
  assert.equal(g.status, 200);
  assert.equal(g.headers['content-length'], String(Buffer.byteLength(body)));
  assert.equal(g.headers['content-type'], LISTING_CONTENT_TYPE);
  assert.equal(g.body.toString('utf8'), body);
  const h = await fetchRaw('HEAD');
  assert.equal(h.status, 200);
  assert.equal(h.headers['content-length'], undefined);
  assert.equal(h.headers['transfer-encoding'], undefined);
  assert.equal(h.body.length, 0);
});

test('sendGenerated with contentLengthOnHead', async () => {
  handler = (req, res) => sendGenerated(req, res, 200, {}, 'abc', { contentLengthOnHead: true });
  const h = await fetchRaw('HEAD');
  assert.equal(h.headers['content-length'], '3');
  assert.equal(h.body.length, 0);
});

test('sendBuiltinError: 401 with challenge, security headers; HEAD without body or length (docs/apache-behaviour.md §5.2)', async () => {
  handler = (req, res) =>
    sendBuiltinError(
      req,
      res,
      401,
      { method: req.method ?? 'GET', url: req.url ?? '/' },
      { 'WWW-Authenticate': 'Basic realm="R"' },
    );
  const g = await fetchRaw('GET');
  assert.equal(g.status, 401);
  assert.equal(g.headers['www-authenticate'], 'Basic realm="R"');
  assert.equal(g.headers['content-type'], 'text/html; charset=iso-8859-1');
  assert.equal(g.headers['x-content-type-options'], 'nosniff');
  assert.equal(g.headers['content-security-policy'], "default-src 'none'");
  assert.equal(g.headers['content-length'], String(g.body.length));
  assert.match(g.body.toString(), /<title>401 Unauthorized<\/title>/);
  const h = await fetchRaw('HEAD');
  assert.equal(h.status, 401);
  assert.equal(h.headers['www-authenticate'], 'Basic realm="R"');
  assert.equal(h.headers['content-length'], undefined);
  assert.equal(h.body.length, 0);
});
