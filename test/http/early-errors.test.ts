// The errors answered before a request is decided — 414 (target too long), 400 (a header field
// too long), and on the socket what Node's parser refuses: 431 (head too large), 501 (unknown
// method), 400 (not HTTP) — follow server.error_pages and the client's Accept like every other
// generated error: the friendly page, JSON for a client that prefers it, Apache's exact page with
// error_pages = apache.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { connectRaw } from '../helpers/raw-socket.js';
import { expectValidHtml, styleHashes } from '../helpers/html.js';

const JSON_ACCEPT = 'application/json, text/html;q=0.5';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` on a fresh connection and parses the one answer the server sends before closing. */
async function rawAnswer(server: TestServer, request: string): Promise<RawAnswer> {
  const c = await connectRaw(server.port);
  c.socket.write(request);
  await c.closed;
  const text = c.received().toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  assert.ok(split > 0, `an answer came: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  const body = text.slice(split + 4);
  assert.equal(headers['content-length'], String(Buffer.byteLength(body)), 'Content-Length');
  assert.equal(headers['connection'], 'close');
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine ?? '')?.[1]), headers, body };
}

function expectFriendlyHtml(a: RawAnswer, status: number, ...says: RegExp[]): void {
  assert.equal(a.status, status, a.body);
  assert.equal(a.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(a.headers['x-content-type-options'], 'nosniff');
  assert.equal(a.headers['vary'], 'Accept');
  assert.equal(a.headers['content-security-policy'], `default-src 'none'; style-src ${styleHashes(a.body)[0]}`);
  expectValidHtml(a.body, String(status));
  assert.match(a.body, new RegExp(`<title>${status} `));
  for (const s of says) assert.match(a.body.replace(/\s+/g, ' '), s);
}

function expectJson(a: RawAnswer, status: number, error: string, says: RegExp): void {
  assert.equal(a.status, status, a.body);
  assert.equal(a.headers['content-type'], 'application/json');
  assert.equal(a.headers['x-content-type-options'], 'nosniff');
  assert.equal(a.headers['vary'], 'Accept');
  const body = JSON.parse(a.body) as { error: string; message: string };
  assert.equal(body.error, error);
  assert.match(body.message, says);
}

const tooBigHead = (accept: string) =>
  `GET /f.txt HTTP/1.1\r\nHost: t\r\nAccept: ${accept}\r\n` +
  `${Array.from({ length: 400 }, (_, i) => `X-${i}: ${'v'.repeat(40)}`).join('\r\n')}\r\n\r\n`;
const unknownMethod = (accept: string) => `FOO /f.txt HTTP/1.1\r\nHost: t\r\nAccept: ${accept}\r\n\r\n`;
const longTarget = `/${'a'.repeat(9000)}`;

describe('errors answered before a request is decided (error_pages = friendly)', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({ 'f.txt': 'hello\n' });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    if (root) await removeTree(root);
  });

  it('414 for a target over max_url_length: the friendly page, or JSON when preferred', async () => {
    const html = await fetchRaw(server.url, longTarget);
    expectFriendlyHtml(
      { status: html.status, headers: html.headers as Record<string, string>, body: html.body },
      414,
      /The address of this request is too long\./,
    );
    assert.ok(!html.body.includes('aaaaaaaaaa'), 'the page does not echo the URL');
    const json = await fetchRaw(server.url, longTarget, { headers: { Accept: JSON_ACCEPT } });
    expectJson(
      { status: json.status, headers: json.headers as Record<string, string>, body: json.body },
      414,
      'uri_too_long',
      /too long/,
    );
  });

  it('400 for a header field over max_header_field_bytes, as JSON when preferred', async () => {
    const res = await fetchRaw(server.url, '/f.txt', { headers: { Accept: JSON_ACCEPT, 'X-Long': 'v'.repeat(9000) } });
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.body), {
      error: 'bad_request',
      message: 'The server could not understand this request.',
    });
    assert.equal(res.headers['vary'], 'Accept');
  });

  it('431 from the parser: the friendly page, or JSON when the refused head asked for it', async () => {
    expectFriendlyHtml(await rawAnswer(server, tooBigHead('text/html')), 431, /The request headers are too large\./);
    expectJson(await rawAnswer(server, tooBigHead(JSON_ACCEPT)), 431, 'request_header_fields_too_large', /too large/);
  });

  it('501 for an unknown method names that method and the ones that work, with Allow', async () => {
    const html = await rawAnswer(server, unknownMethod('*/*'));
    expectFriendlyHtml(html, 501, /cannot be used with the method FOO\./, /It answers GET, HEAD and OPTIONS\./);
    assert.equal(html.headers['allow'], 'GET, HEAD, OPTIONS');
    const json = await rawAnswer(server, unknownMethod('application/json'));
    expectJson(json, 501, 'not_implemented', /^This address cannot be used with the method FOO\. /);
    assert.equal(json.headers['allow'], 'GET, HEAD, OPTIONS');
  });

  it('400 for a head the parser refuses (a header line without a colon), as JSON when asked for', async () => {
    const broken = (accept: string) => `GET /f.txt HTTP/1.1\r\nHost: t\r\nAccept: ${accept}\r\nNo colon here\r\n\r\n`;
    expectFriendlyHtml(await rawAnswer(server, broken('text/html')), 400, /could not understand this request/);
    expectJson(await rawAnswer(server, broken(JSON_ACCEPT)), 400, 'bad_request', /could not understand/);
  });

  it('still serves normally afterwards', async () => {
    const res = await fetchRaw(server.url, '/f.txt');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'hello\n');
  });
});

describe('errors answered before a request is decided (error_pages = apache)', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({ 'f.txt': 'hello\n' });
    server = await startServer(root, { set: ['server.error_pages=apache'] });
  });
  after(async () => {
    await server?.stop();
    if (root) await removeTree(root);
  });

  /** Apache's own page: its HTML 2.0 document, whatever the client asked for, no Vary. */
  function expectApache(status: number, body: string, headers: Record<string, string | string[] | undefined>): void {
    assert.match(body, /^<!DOCTYPE HTML PUBLIC "-\/\/IETF\/\/DTD HTML 2\.0\/\/EN">/);
    assert.match(body, new RegExp(`<title>${status} `));
    assert.equal(headers['content-type'], 'text/html; charset=iso-8859-1');
    assert.equal(headers['vary'], undefined);
  }

  it('414 and 400 from the handler are Apache’s pages even for a JSON client', async () => {
    const long = await fetchRaw(server.url, longTarget, { headers: { Accept: JSON_ACCEPT } });
    assert.equal(long.status, 414);
    expectApache(414, long.body, long.headers);
    const field = await fetchRaw(server.url, '/f.txt', {
      headers: { Accept: JSON_ACCEPT, 'X-Long': 'v'.repeat(9000) },
    });
    assert.equal(field.status, 400);
    expectApache(400, field.body, field.headers);
  });

  it('431 and 501 from the parser are Apache’s pages even for a JSON client', async () => {
    const big = await rawAnswer(server, tooBigHead(JSON_ACCEPT));
    assert.equal(big.status, 431);
    expectApache(431, big.body, big.headers);
    const method = await rawAnswer(server, unknownMethod(JSON_ACCEPT));
    assert.equal(method.status, 501);
    assert.equal(method.headers['allow'], 'GET, HEAD, OPTIONS');
    expectApache(501, method.body, method.headers);
  });
});
