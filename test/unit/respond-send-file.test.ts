// sendFile over a real socket: a bare node:http server on 127.0.0.1:0 serving temp files,
// checked with a plain node:http client (status, headers and exact body bytes), plus a
// client that disconnects mid-way through a 20 MB file must not leak the file descriptor.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises';
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendFile, type SendFileOptions } from '../../src/respond/send-file.js';

const CONTENT = '0123456789abcdefghijklmnopqrstuvwxyz'; // 36 bytes, as in docs/apache-behaviour.md §14
const MTIME_S = 1704164645; // Tue, 02 Jan 2024 03:04:05 GMT
const ETAG = '"24-60dedc04dd340"';
const LAST_MODIFIED = 'Tue, 02 Jan 2024 03:04:05 GMT';
const BIG_SIZE = 20 * 1024 * 1024;

let dir = '';
let server: Server;
let port = 0;

interface Served {
  file: string;
  contentType?: string | null;
  opts?: SendFileOptions;
  headers?: Record<string, string>;
}
/** What the next request is answered with, and what became of the sendFile promise. */
let serve: Served = { file: 'f.txt' };
let lastOutcome: Promise<string> = Promise.resolve('none');

async function handle(req: IncomingMessage, res: ServerResponse): Promise<string> {
  const path = join(dir, serve.file);
  try {
    const st = await stat(path).catch(() => null);
    await sendFile(
      req,
      res,
      {
        path,
        stat: st as NonNullable<typeof st>,
        contentType: serve.contentType === undefined ? 'text/plain' : serve.contentType,
        ...(serve.headers ? { headers: serve.headers } : {}),
      },
      serve.opts ?? {},
    );
    return 'resolved';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    res.writeHead(code === 'ENOENT' ? 404 : 403, { 'X-Rejected': code, 'Content-Length': '0' });
    res.end();
    return `rejected:${code}`;
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'htserve-sendfile-'));
  await writeFile(join(dir, 'f.txt'), CONTENT);
  await utimes(join(dir, 'f.txt'), MTIME_S, MTIME_S);
  await writeFile(join(dir, 'empty'), '');
  await utimes(join(dir, 'empty'), MTIME_S, MTIME_S);
  await writeFile(join(dir, 'big.bin'), Buffer.alloc(BIG_SIZE, 0x61));
  await mkdir(join(dir, 'sub'));
  server = createServer((req, res) => {
    lastOutcome = handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function fetchRaw(method: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/x', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function get(served: Served, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  serve = served;
  const reply = await fetchRaw(method, headers);
  await lastOutcome;
  return reply;
}

const F: Served = { file: 'f.txt' };

test('200: validators, Accept-Ranges, Content-Length, Content-Type, body', async () => {
  const r = await get(F);
  assert.equal(r.status, 200);
  assert.equal(r.headers['etag'], ETAG);
  assert.equal(r.headers['last-modified'], LAST_MODIFIED);
  assert.equal(r.headers['accept-ranges'], 'bytes');
  assert.equal(r.headers['content-length'], '36');
  assert.equal(r.headers['content-type'], 'text/plain');
  assert.equal(r.headers['transfer-encoding'], undefined);
  assert.equal(r.body.toString(), CONTENT);
});

test('unknown type: no Content-Type header at all', async () => {
  const r = await get({ file: 'f.txt', contentType: null });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], undefined);
  assert.equal(r.body.toString(), CONTENT);
});

test('extra headers are passed through', async () => {
  const r = await get({ file: 'f.txt', headers: { 'Cache-Control': 'max-age=60' } });
  assert.equal(r.headers['cache-control'], 'max-age=60');
});

test('a freshly modified file gets a weak ETag and Last-Modified clamped to now', async () => {
  const now = (MTIME_S - 10) * 1000;
  const r = await get({ file: 'f.txt', opts: { now } });
  assert.equal(r.headers['etag'], `W/${ETAG}`);
  assert.equal(r.headers['last-modified'], new Date(now).toUTCString());
});

test('empty file: 200 with Content-Length 0, Range ignored', async () => {
  const r = await get({ file: 'empty' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-length'], '0');
  assert.equal(r.body.length, 0);
  const ranged = await get({ file: 'empty' }, 'GET', { Range: 'bytes=0-4' });
  assert.equal(ranged.status, 200);
});

const singleRanges: Array<[string, string, string]> = [
  ['bytes=0-4', 'bytes 0-4/36', '01234'],
  ['bytes=-5', 'bytes 31-35/36', 'vwxyz'],
  ['bytes=30-', 'bytes 30-35/36', 'uvwxyz'],
  ['bytes=30-100', 'bytes 30-35/36', 'uvwxyz'],
  ['bytes=0-5,3-8', 'bytes 0-8/36', '012345678'],
];
for (const [range, contentRange, body] of singleRanges) {
  test(`206 for Range: ${range}`, async () => {
    const r = await get(F, 'GET', { Range: range });
    assert.equal(r.status, 206);
    assert.equal(r.headers['content-range'], contentRange);
    assert.equal(r.headers['content-length'], String(body.length));
    assert.equal(r.headers['content-type'], 'text/plain');
    assert.equal(r.headers['etag'], ETAG);
    assert.equal(r.body.toString(), body);
  });
}

test('multipart/byteranges: boundary, per-part headers, exact bytes and Content-Length', async () => {
  const r = await get(F, 'GET', { Range: 'bytes=0-1,5-6' });
  assert.equal(r.status, 206);
  assert.equal(r.headers['content-range'], undefined);
  const m = /^multipart\/byteranges; boundary=([0-9a-f]+)$/.exec(r.headers['content-type'] ?? '');
  assert.ok(m, r.headers['content-type']);
  const b = m[1] as string;
  const expected =
    `\r\n--${b}\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/36\r\n\r\n01` +
    `\r\n--${b}\r\nContent-Type: text/plain\r\nContent-Range: bytes 5-6/36\r\n\r\n56` +
    `\r\n--${b}--\r\n`;
  assert.equal(r.body.toString('latin1'), expected);
  assert.equal(r.headers['content-length'], String(r.body.length));
});

test('multipart without a content type omits the per-part Content-Type', async () => {
  const r = await get({ file: 'f.txt', contentType: null }, 'GET', { Range: 'bytes=0-1,5-6' });
  assert.equal(r.status, 206);
  assert.doesNotMatch(r.body.toString(), /Content-Type/);
  assert.match(r.body.toString(), /Content-Range: bytes 5-6\/36\r\n\r\n56/);
});

test('boundaries differ between responses', async () => {
  const a = await get(F, 'GET', { Range: 'bytes=0-1,5-6' });
  const b = await get(F, 'GET', { Range: 'bytes=0-1,5-6' });
  assert.notEqual(a.headers['content-type'], b.headers['content-type']);
});

const fullRanges = ['bytes=5-2', 'bytes=abc', 'items=0-5', 'bytes=-0'];
for (const range of fullRanges) {
  test(`invalid Range ${range} → full 200`, async () => {
    const r = await get(F, 'GET', { Range: range });
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), CONTENT);
  });
}

for (const range of ['bytes=100-200', 'bytes=36-']) {
  test(`416 for ${range}, with Content-Range: bytes */36 and the built-in page`, async () => {
    const r = await get(F, 'GET', { Range: range });
    assert.equal(r.status, 416);
    assert.equal(r.headers['content-range'], 'bytes */36');
    assert.equal(r.headers['content-type'], 'text/html; charset=iso-8859-1');
    assert.equal(r.headers['content-length'], String(r.body.length));
    assert.match(r.body.toString(), /<title>416 Requested Range Not Satisfiable<\/title>/);
    assert.equal(r.headers['etag'], undefined);
  });
}

test('If-Range: current etag / exact date → 206; stale or weak → 200', async () => {
  assert.equal((await get(F, 'GET', { Range: 'bytes=0-4', 'If-Range': ETAG })).status, 206);
  assert.equal((await get(F, 'GET', { Range: 'bytes=0-4', 'If-Range': LAST_MODIFIED })).status, 206);
  assert.equal((await get(F, 'GET', { Range: 'bytes=0-4', 'If-Range': '"stale"' })).status, 200);
  assert.equal((await get(F, 'GET', { Range: 'bytes=0-4', 'If-Range': `W/${ETAG}` })).status, 200);
  assert.equal((await get(F, 'GET', { Range: 'bytes=0-4', 'If-Range': 'Wed, 03 Jan 2024 00:00:00 GMT' })).status, 200);
});

test('304: ETag, Last-Modified, Accept-Ranges; no Content-Type, no body', async () => {
  for (const inm of [ETAG, `W/${ETAG}`, '*', `"x", ${ETAG}`]) {
    const r = await get({ ...F, headers: { 'Cache-Control': 'no-cache', 'Content-Language': 'en' } }, 'GET', {
      'If-None-Match': inm,
    });
    assert.equal(r.status, 304, inm);
    assert.equal(r.headers['etag'], ETAG);
    assert.equal(r.headers['last-modified'], LAST_MODIFIED);
    assert.equal(r.headers['accept-ranges'], 'bytes');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['content-type'], undefined);
    assert.equal(r.headers['content-language'], undefined);
    assert.equal(r.body.length, 0);
  }
  assert.equal((await get(F, 'GET', { 'If-Modified-Since': LAST_MODIFIED })).status, 304);
  assert.equal((await get(F, 'GET', { 'If-None-Match': '"other"', 'If-Modified-Since': LAST_MODIFIED })).status, 200);
});

test('412 with Content-Length: 0 and no body', async () => {
  const preconditionFailures: Array<Record<string, string>> = [
    { 'If-Match': '"other"' },
    { 'If-Unmodified-Since': 'Mon, 01 Jan 2024 00:00:00 GMT' },
  ];
  for (const headers of preconditionFailures) {
    const r = await get(F, 'GET', headers);
    assert.equal(r.status, 412);
    assert.equal(r.headers['content-length'], '0');
    assert.equal(r.body.length, 0);
  }
  const post = await get(F, 'POST', { 'If-None-Match': ETAG });
  assert.equal(post.status, 412);
});

test('POST is served like GET (ranges and If-Modified-Since ignored for POST)', async () => {
  const r = await get(F, 'POST', { 'If-Modified-Since': LAST_MODIFIED });
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), CONTENT);
  const ranged = await get(F, 'POST', { Range: 'bytes=0-4' });
  assert.equal(ranged.status, 206);
});

test('HEAD: identical headers, no body (200, 206, multipart, 416)', async () => {
  const cases: Array<Record<string, string>> = [{}, { Range: 'bytes=0-4' }, { Range: 'bytes=100-200' }];
  for (const headers of cases) {
    const g = await get(F, 'GET', headers);
    const h = await get(F, 'HEAD', headers);
    assert.equal(h.status, g.status);
    assert.equal(h.body.length, 0);
    for (const name of ['etag', 'last-modified', 'accept-ranges', 'content-type', 'content-range']) {
      assert.equal(h.headers[name], g.headers[name], `${name} for ${JSON.stringify(headers)}`);
    }
    if (g.status !== 416) assert.equal(h.headers['content-length'], g.headers['content-length']);
  }
  const multi = await get(F, 'HEAD', { Range: 'bytes=0-1,5-6' });
  assert.equal(multi.status, 206);
  assert.match(multi.headers['content-type'] ?? '', /^multipart\/byteranges; boundary=/);
  assert.equal(multi.body.length, 0);
  assert.ok(Number(multi.headers['content-length']) > 4);
});

test('error document mode: status kept, no 304, no ranges, validators of the error file', async () => {
  const served: Served = {
    file: 'f.txt',
    contentType: 'text/html',
    opts: { status: 404, conditional: false },
    headers: { 'WWW-Authenticate': 'Basic realm="R"' },
  };
  const r = await get(served, 'GET', { 'If-None-Match': ETAG, Range: 'bytes=0-4' });
  assert.equal(r.status, 404);
  assert.equal(r.body.toString(), CONTENT);
  assert.equal(r.headers['etag'], ETAG);
  assert.equal(r.headers['last-modified'], LAST_MODIFIED);
  assert.equal(r.headers['content-type'], 'text/html');
  assert.equal(r.headers['www-authenticate'], 'Basic realm="R"');
  const head = await get(served, 'HEAD');
  assert.equal(head.status, 404);
  assert.equal(head.headers['content-length'], '36');
  assert.equal(head.body.length, 0);
});

test('a file that vanished rejects with ENOENT before any header is sent', async () => {
  const r = await get({ file: 'gone.txt' });
  assert.equal(r.status, 404);
  assert.equal(r.headers['x-rejected'], 'ENOENT');
  assert.equal(await lastOutcome, 'rejected:ENOENT');
});

test('a directory rejects with EISDIR', async () => {
  const r = await get({ file: 'sub' });
  assert.equal(r.headers['x-rejected'], 'EISDIR');
});

const AS_ROOT = process.getuid?.() === 0 ? 'runs as root, who can read a mode 000 file' : false;

test('an unreadable file rejects with EACCES (skipped as root)', { skip: AS_ROOT }, async () => {
  const path = join(dir, 'secret.txt');
  await writeFile(path, 'x', { mode: 0o000 });
  const r = await get({ file: 'secret.txt' });
  assert.equal(r.headers['x-rejected'], 'EACCES');
});

test('large file streams completely', async () => {
  const r = await get({ file: 'big.bin', contentType: null });
  assert.equal(r.status, 200);
  assert.equal(r.body.length, BIG_SIZE);
  assert.equal(r.headers['content-length'], String(BIG_SIZE));
});

async function openFds(): Promise<string[]> {
  const entries = await readdir('/proc/self/fd');
  const targets = await Promise.all(entries.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((t) => t !== '');
}

/** Lowest descriptor count seen over a short quiet period (earlier connections wind down). */
async function quietFdCount(): Promise<number> {
  let lowest = Infinity;
  for (let i = 0; i < 10; i++) {
    lowest = Math.min(lowest, (await openFds()).length);
    await new Promise((r) => setTimeout(r, 20));
  }
  return lowest;
}

test(
  'client disconnecting mid-file: stream destroyed, no fd leak',
  { skip: process.platform !== 'linux' },
  async () => {
    const bigPath = join(dir, 'big.bin');
    const baseline = await quietFdCount();
    for (let round = 0; round < 5; round++) {
      serve = { file: 'big.bin', contentType: null };
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/big', agent: false }, (res) => {
          assert.equal(res.statusCode, 200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ECONNRESET') reject(err);
        });
        req.end();
      });
      assert.equal(await lastOutcome, 'resolved');
      // sendFile has settled: its descriptor for the file must already be closed.
      assert.deepEqual(
        (await openFds()).filter((t) => t === bigPath),
        [],
      );
    }
    assert.ok((await quietFdCount()) <= baseline);
  },
);
