// Caching and compression headers from access files over real HTTP (docs/apache-behaviour.md §22):
// mod_expires' Cache-Control/Expires, DEFLATE with gzip bodies that gunzip to the file, the
// `-gzip` ETag and its 304, ranges of the encoded bytes, HEAD, no-gzip, a large file compressed
// while streaming, and precompressed `.br`/`.gz` siblings.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';

const MTIME = new Date(1704164645 * 1000);
const TEXT = Array.from({ length: 200 }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog\n`).join('');
const ETAG = `"${Buffer.byteLength(TEXT).toString(16)}-60dedc04dd340"`;
const GZIP_ETAG = ETAG.replace(/"$/, '-gzip"');
const GZ = { 'Accept-Encoding': 'gzip, deflate' };

function seconds(date: string | string[] | undefined): number {
  assert.equal(typeof date, 'string', 'a date header');
  return Date.parse(date as string) / 1000;
}

/** A large text (4 MiB) whose bytes are easy to check after gunzip. */
function bigText(): Buffer {
  return Buffer.from('0123456789abcdef'.repeat(256 * 1024), 'latin1');
}

describe('caching and compression headers from access files', () => {
  let root: string;
  let server: TestServer;
  let big: Buffer;
  before(async () => {
    big = bigText();
    root = await makeTree({
      'e/.htaccess':
        'ExpiresActive On\nExpiresByType text/css "access plus 1 month"\nExpiresDefault "access plus 2 hours"\n' +
        'Header append Cache-Control "public"\n',
      'e/a.css': { content: TEXT, mtime: MTIME },
      'e/b.txt': { content: TEXT, mtime: MTIME },
      'e/missing-dir/.keep': '',
      'm/.htaccess': 'ExpiresActive On\nExpiresDefault "modification plus 10 years"\n',
      'm/a.txt': { content: TEXT, mtime: MTIME },
      'z/.htaccess': 'AddOutputFilterByType DEFLATE text/plain text/html\nSetEnvIfNoCase Request_URI nogz no-gzip\n',
      'z/a.txt': { content: TEXT, mtime: MTIME },
      'z/nogz.txt': { content: TEXT, mtime: MTIME },
      'z/tiny.txt': { content: 'tiny\n', mtime: MTIME },
      'z/big.txt': { content: big, mtime: MTIME },
      'z/page.css': { content: TEXT, mtime: MTIME },
      'p/app.js': { content: TEXT, mtime: MTIME },
      'p/app.js.br': { content: brotliCompressSync(Buffer.from(TEXT)) },
      'p/app.js.gz': { content: gzipSync(Buffer.from(TEXT)) },
      'p/old.js': { content: TEXT },
      'p/old.js.gz': { content: gzipSync(Buffer.from('stale')), mtime: MTIME },
      'p/plain.js': { content: TEXT, mtime: MTIME },
    });
    // a large file is compressed while it streams
    server = await startServer(root, {
      set: ['compression.max_file_bytes=1048576', 'compression.precompressed=br,gz'],
    });
  });
  after(async () => {
    await server?.stop();
    if (root) await removeTree(root);
  });

  it('ExpiresByType and ExpiresDefault give max-age and Expires, then Header rules apply', async () => {
    const css = await fetchRaw(server.url, '/e/a.css');
    assert.equal(css.status, 200);
    assert.equal(css.headers['cache-control'], 'max-age=2592000, public');
    assert.equal(seconds(css.headers.expires) - seconds(css.headers.date), 2592000);
    const txt = await fetchRaw(server.url, '/e/b.txt', { method: 'HEAD' });
    assert.equal(txt.headers['cache-control'], 'max-age=7200, public');
    assert.equal(seconds(txt.headers.expires) - seconds(txt.headers.date), 7200);
    assert.equal(txt.raw.length, 0);
  });

  it('sends Expires on 304 and 206 but not on a 404', async () => {
    const notModified = await fetchRaw(server.url, '/e/b.txt', { headers: { 'If-None-Match': ETAG } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.headers['cache-control'], 'max-age=7200, public');
    assert.ok(notModified.headers.expires);
    const partial = await fetchRaw(server.url, '/e/b.txt', { headers: { Range: 'bytes=0-3' } });
    assert.equal(partial.status, 206);
    assert.equal(partial.body, 'line');
    assert.ok(partial.headers.expires);
    const missing = await fetchRaw(server.url, '/e/nothing.txt');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.expires, undefined);
    assert.equal(missing.headers['cache-control'], undefined);
  });

  it('counts a modification code from the file time', async () => {
    const res = await fetchRaw(server.url, '/m/a.txt');
    const tenYears = 3650 * 24 * 3600;
    assert.equal(seconds(res.headers.expires), MTIME.getTime() / 1000 + tenYears);
    const maxAge = Number(/max-age=(\d+)/.exec(String(res.headers['cache-control']))![1]);
    const untilExpiry = seconds(res.headers.expires) - seconds(res.headers.date);
    assert.ok(maxAge === untilExpiry || maxAge === untilExpiry - 1, `${maxAge} vs ${untilExpiry}`);
  });

  it('gzips a listed type for a client that takes gzip, with Vary and the -gzip ETag', async () => {
    const res = await fetchRaw(server.url, '/z/a.txt', { headers: GZ });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(res.headers.etag, GZIP_ETAG);
    assert.equal(res.headers['content-type'], 'text/plain');
    assert.equal(Number(res.headers['content-length']), res.raw.length);
    assert.ok(res.raw.length < Buffer.byteLength(TEXT) / 4, 'compressed');
    assert.equal(gunzipSync(res.raw).toString(), TEXT);
    // the same answer again (from the compressed-body cache)
    const again = await fetchRaw(server.url, '/z/a.txt', { headers: GZ });
    assert.deepEqual(again.raw, res.raw);
    const head = await fetchRaw(server.url, '/z/a.txt', { method: 'HEAD', headers: GZ });
    assert.equal(head.headers['content-length'], res.headers['content-length']);
    assert.equal(head.headers.etag, GZIP_ETAG);
    assert.equal(head.raw.length, 0);
  });

  it('sends the file as it is, but with Vary, to a client without gzip', async () => {
    for (const headers of [{}, { 'Accept-Encoding': 'gzip;q=0' }, { 'Accept-Encoding': 'br' }]) {
      const res = await fetchRaw(server.url, '/z/a.txt', { headers });
      assert.equal(res.headers['content-encoding'], undefined);
      assert.equal(res.headers.vary, 'Accept-Encoding');
      assert.equal(res.headers.etag, ETAG);
      assert.equal(res.body, TEXT);
    }
  });

  it('leaves alone other types, no-gzip, and bodies too small to gain', async () => {
    for (const url of ['/z/page.css', '/z/nogz.txt', '/z/tiny.txt']) {
      const res = await fetchRaw(server.url, url, { headers: GZ });
      assert.equal(res.status, 200, url);
      assert.equal(res.headers['content-encoding'], undefined, url);
      assert.equal(res.headers.vary, undefined, url);
    }
  });

  it('answers 304 to either ETag, and cuts ranges from the encoded bytes', async () => {
    const full = gzipSync(Buffer.from(TEXT), { level: 6, memLevel: 9 });
    const plain = await fetchRaw(server.url, '/z/a.txt', { headers: { ...GZ, 'If-None-Match': ETAG } });
    assert.equal(plain.status, 304);
    assert.equal(plain.headers.etag, ETAG);
    const encoded = await fetchRaw(server.url, '/z/a.txt', { headers: { ...GZ, 'If-None-Match': GZIP_ETAG } });
    assert.equal(encoded.status, 304);
    assert.equal(encoded.headers.etag, GZIP_ETAG);
    assert.equal(encoded.headers.vary, 'Accept-Encoding');
    const part = await fetchRaw(server.url, '/z/a.txt', { headers: { ...GZ, Range: 'bytes=0-9' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-encoding'], 'gzip');
    assert.equal(part.headers['content-range'], `bytes 0-9/${full.length}`);
    assert.deepEqual(part.raw, full.subarray(0, 10));
    const beyond = await fetchRaw(server.url, '/z/a.txt', { headers: { ...GZ, Range: `bytes=${full.length}-` } });
    assert.equal(beyond.status, 416);
    const ifRange = await fetchRaw(server.url, '/z/a.txt', {
      headers: { ...GZ, Range: 'bytes=0-9', 'If-Range': ETAG },
    });
    assert.equal(ifRange.status, 200, 'If-Range compares with the -gzip tag the client was sent');
  });

  it('compresses a file above max_file_bytes while streaming: whole, without a length', async () => {
    const res = await fetchRaw(server.url, '/z/big.txt', { headers: { ...GZ, Range: 'bytes=0-9' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers['content-length'], undefined);
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.ok(gunzipSync(res.raw).equals(big));
  });

  it('serves a precompressed sibling the client accepts, with the original type', async () => {
    const br = await fetchRaw(server.url, '/p/app.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['content-type'], 'text/javascript');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.notEqual(br.headers.etag, undefined);
    const gz = await fetchRaw(server.url, '/p/app.js', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.notEqual(gz.headers.etag, br.headers.etag);
    assert.equal(gunzipSync(gz.raw).toString(), TEXT);
    const none = await fetchRaw(server.url, '/p/app.js');
    assert.equal(none.headers['content-encoding'], undefined);
    assert.equal(none.headers.vary, 'Accept-Encoding');
    assert.equal(none.body, TEXT);
    // a sibling older than its file is stale: not used, and nothing varies
    const stale = await fetchRaw(server.url, '/p/old.js', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(stale.headers['content-encoding'], undefined);
    assert.equal(stale.body, TEXT);
    const alone = await fetchRaw(server.url, '/p/plain.js', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(alone.headers.vary, undefined);
  });
});
