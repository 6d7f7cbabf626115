// HTTP semantics of static files (docs/apache-behaviour.md §13, §14, and htserve's own method table:
// GET, HEAD and OPTIONS only): methods, Content-Type, validators, conditional requests, byte
// ranges (single, suffix, open-ended, multipart, unsatisfiable, If-Range) and streaming.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';
import { expectBuiltinPage, expectFile, mediaType } from '../helpers/expect.js';
import { parseByteranges } from '../helpers/multipart.js';

// 36 bytes with mtime 1704164645 s: the example of docs/apache-behaviour.md §14.
const BODY36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const MTIME = new Date(1704164645 * 1000);
const ETAG = '"24-60dedc04dd340"';
const LAST_MODIFIED = 'Tue, 02 Jan 2024 03:04:05 GMT';
const ALLOW = 'GET, HEAD, OPTIONS';
const BIG_SIZE = 30 * 1024 * 1024;

function bigContent(): Buffer {
  const b = Buffer.alloc(BIG_SIZE);
  for (let i = 0; i < BIG_SIZE; i++) b[i] = (i * 7 + (i >> 12)) & 0xff;
  return b;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Headers a GET and a HEAD of the same resource must agree on. */
const REPRESENTATION_HEADERS = ['content-type', 'content-length', 'etag', 'last-modified', 'accept-ranges'];

function expect304(res: TestResponse, what: string): void {
  assert.equal(res.status, 304, `${what} status (body: ${res.body.slice(0, 200)})`);
  assert.equal(res.raw.length, 0, `${what}: no body`);
  assert.equal(res.headers['content-type'], undefined, `${what}: no Content-Type`);
  assert.equal(res.headers.etag, ETAG, `${what}: ETag`);
  assert.equal(res.headers['last-modified'], LAST_MODIFIED, `${what}: Last-Modified`);
}

function expect412(res: TestResponse, what: string): void {
  assert.equal(res.status, 412, `${what} status (body: ${res.body.slice(0, 200)})`);
  assert.equal(res.raw.length, 0, `${what}: no body`);
  assert.equal(res.headers['content-length'], '0', `${what}: Content-Length 0`);
}

function expectPartial(res: TestResponse, start: number, end: number, what: string): void {
  assert.equal(res.status, 206, `${what} status (body: ${res.body.slice(0, 100)})`);
  assert.equal(res.headers['content-range'], `bytes ${start}-${end}/36`, `${what}: Content-Range`);
  assert.equal(res.headers['content-length'], String(end - start + 1), `${what}: Content-Length`);
  assert.equal(mediaType(res), 'text/plain', `${what}: Content-Type`);
  assert.equal(res.body, BODY36.slice(start, end + 1), `${what}: body`);
}

describe('methods, content types, conditionals and ranges', () => {
  let root: string;
  let server: TestServer;
  let big: Buffer;
  before(async () => {
    big = bigContent();
    root = await makeTree({
      'etag.txt': { content: BODY36, mtime: MTIME },
      // old enough that their ETags are strong: one just written is weak for a second (Apache's rule),
      // and a GET and a HEAD on each side of that second would differ on a busy machine
      'page.html': { content: '<p>page</p>\n', mtime: MTIME },
      'style.css': 'p { color: red }\n',
      'app.js': 'console.log(1);\n',
      'data.json': '{"a":1}\n',
      'img.png': { content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
      'notes.txt': 'notes\n',
      README: { content: 'no extension\n', mtime: MTIME },
      'x.zzzz': 'unknown extension\n',
      'custom.htst': 'custom type\n',
      'future.txt': { content: 'from the future\n', mtime: new Date(Date.now() + 3600_000) },
      'empty.txt': { content: '', mtime: MTIME },
      'dir/index.html': '<p>dir</p>\n',
      'big.bin': { content: big },
    });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  describe('methods', () => {
    it('answers GET with the file, its validators and Accept-Ranges', async () => {
      const res = await fetchRaw(server.url, '/etag.txt');
      expectFile(res, BODY36, 'text/plain');
      assert.equal(res.headers.etag, ETAG);
      assert.equal(res.headers['last-modified'], LAST_MODIFIED);
      assert.equal(res.headers['accept-ranges'], 'bytes');
    });

    for (const target of ['/etag.txt', '/page.html', '/README', '/empty.txt']) {
      it(`answers HEAD ${target} with the same headers as GET and no body`, async () => {
        const get = await fetchRaw(server.url, target);
        const head = await fetchRaw(server.url, target, { method: 'HEAD' });
        assert.equal(get.status, 200);
        assert.equal(head.status, 200);
        for (const h of REPRESENTATION_HEADERS)
          assert.equal(head.headers[h], get.headers[h], `${h} of HEAD equals GET`);
        assert.equal(head.headers['content-length'], String(get.raw.length), 'HEAD announces the GET body length');
        assert.equal(head.raw.length, 0, 'HEAD has no body');
      });
    }

    for (const target of ['/etag.txt', '/dir/', '/missing.txt']) {
      it(`answers OPTIONS ${target} with 200 and Allow: ${ALLOW}`, async () => {
        const res = await fetchRaw(server.url, target, { method: 'OPTIONS' });
        assert.equal(res.status, 200);
        assert.equal(res.headers.allow, ALLOW);
        assert.equal(res.raw.length, 0);
        assert.equal(res.headers['content-length'] ?? '0', '0');
      });
    }

    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      it(`answers ${method} on a file with 405 and Allow: ${ALLOW}`, async () => {
        const res = await fetchRaw(server.url, '/etag.txt', { method, body: 'a=1' });
        expectBuiltinPage(res, 405, method);
        assert.equal(res.headers.allow, ALLOW);
        // the friendly page (server.error_pages default) names the method and what the URL answers
        assert.ok(res.body.includes(`cannot be used with the method ${method}.`), res.body);
        assert.ok(res.body.includes('It answers GET, HEAD and OPTIONS.'), res.body);
        assert.ok(!res.body.includes(BODY36), 'no file content');
      });
    }

    it('answers POST to a missing URL with 404', async () => {
      const res = await fetchRaw(server.url, '/missing.txt', { method: 'POST', body: 'a=1' });
      expectBuiltinPage(res, 404, 'POST missing');
      assert.equal(res.headers.allow, undefined);
    });

    it('still serves GET on the same server after requests with bodies', async () => {
      expectFile(await fetchRaw(server.url, '/notes.txt'), 'notes\n', 'text/plain');
    });
  });

  describe('Content-Type', () => {
    const types: Array<[string, string | null, string]> = [
      ['/page.html', 'text/html', '<p>page</p>\n'],
      ['/style.css', 'text/css', 'p { color: red }\n'],
      ['/app.js', 'text/javascript', 'console.log(1);\n'],
      ['/data.json', 'application/json', '{"a":1}\n'],
      ['/notes.txt', 'text/plain', 'notes\n'],
      ['/README', null, 'no extension\n'],
      ['/x.zzzz', null, 'unknown extension\n'],
      ['/custom.htst', null, 'custom type\n'],
    ];
    for (const [target, type, body] of types) {
      it(`serves ${target} ${type === null ? 'without any Content-Type' : `as ${type}`}`, async () => {
        expectFile(await fetchRaw(server.url, target), body, type, target);
      });
    }

    it('serves /img.png as image/png, byte for byte', async () => {
      expectFile(
        await fetchRaw(server.url, '/img.png'),
        Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        'image/png',
      );
    });
  });

  describe('validators', () => {
    it('sends an ETag of size and mtime in hex, and Last-Modified as an IMF-fixdate', async () => {
      const res = await fetchRaw(server.url, '/etag.txt');
      expectFile(res, BODY36, 'text/plain');
      assert.equal(res.headers.etag, ETAG);
      assert.equal(res.headers['last-modified'], LAST_MODIFIED);
    });

    it('sends a weak ETag and a clamped Last-Modified for a file modified in the future', async () => {
      const before = Date.now();
      const res = await fetchRaw(server.url, '/future.txt');
      expectFile(res, 'from the future\n', 'text/plain');
      assert.match(String(res.headers.etag), /^W\/"10-[0-9a-f]+"$/);
      const lm = Date.parse(String(res.headers['last-modified']));
      assert.ok(lm <= Date.now() && lm >= before - 2000, `Last-Modified ${res.headers['last-modified']} is about now`);
    });
  });

  describe('conditional requests', () => {
    const notModified: Array<[string, Record<string, string>]> = [
      ['If-None-Match with the ETag', { 'If-None-Match': ETAG }],
      ['If-None-Match with the weak form of the ETag', { 'If-None-Match': `W/${ETAG}` }],
      ['If-None-Match: *', { 'If-None-Match': '*' }],
      ['If-None-Match with a list containing the ETag', { 'If-None-Match': `"other", ${ETAG}` }],
      ['If-Modified-Since equal to Last-Modified', { 'If-Modified-Since': LAST_MODIFIED }],
      ['If-Modified-Since later than Last-Modified', { 'If-Modified-Since': 'Wed, 03 Jan 2024 00:00:00 GMT' }],
      ['If-Modified-Since in RFC 850 form', { 'If-Modified-Since': 'Tuesday, 02-Jan-24 03:04:05 GMT' }],
      ['If-Modified-Since in asctime form', { 'If-Modified-Since': 'Tue Jan  2 03:04:05 2024' }],
    ];
    for (const [why, headers] of notModified) {
      it(`answers 304 without body or Content-Type for ${why}`, async () => {
        expect304(await fetchRaw(server.url, '/etag.txt', { headers }), why);
      });
    }

    it('answers 304 to HEAD with a matching If-None-Match', async () => {
      expect304(
        await fetchRaw(server.url, '/etag.txt', { method: 'HEAD', headers: { 'If-None-Match': ETAG } }),
        'HEAD',
      );
    });

    const full: Array<[string, Record<string, string>]> = [
      ['If-None-Match with another ETag', { 'If-None-Match': '"other"' }],
      [
        'If-None-Match mismatch even with a matching If-Modified-Since',
        { 'If-None-Match': '"other"', 'If-Modified-Since': LAST_MODIFIED },
      ],
      ['If-Modified-Since earlier than the file', { 'If-Modified-Since': 'Mon, 01 Jan 2024 00:00:00 GMT' }],
      ['an unparsable If-Modified-Since', { 'If-Modified-Since': 'yesterday' }],
      ['If-Match with the ETag', { 'If-Match': ETAG }],
      ['If-Match: *', { 'If-Match': '*' }],
      ['If-Unmodified-Since equal to Last-Modified', { 'If-Unmodified-Since': LAST_MODIFIED }],
      ['an unparsable If-Unmodified-Since', { 'If-Unmodified-Since': 'not a date' }],
    ];
    for (const [why, headers] of full) {
      it(`answers 200 with the whole file for ${why}`, async () => {
        const res = await fetchRaw(server.url, '/etag.txt', { headers });
        expectFile(res, BODY36, 'text/plain', why);
        assert.equal(res.headers.etag, ETAG);
      });
    }

    const failed: Array<[string, Record<string, string>]> = [
      ['If-Match with another ETag', { 'If-Match': '"other"' }],
      ['If-Match with the weak form of the ETag (strong comparison)', { 'If-Match': `W/${ETAG}` }],
      ['If-Unmodified-Since earlier than the file', { 'If-Unmodified-Since': 'Mon, 01 Jan 2024 00:00:00 GMT' }],
    ];
    for (const [why, headers] of failed) {
      it(`answers 412 with an empty body for ${why}`, async () => {
        expect412(await fetchRaw(server.url, '/etag.txt', { headers }), why);
      });
    }

    it('answers 404, not 412, for If-Match: * on a missing file', async () => {
      expectBuiltinPage(await fetchRaw(server.url, '/missing.txt', { headers: { 'If-Match': '*' } }), 404);
    });
  });

  describe('byte ranges', () => {
    const single: Array<[string, number, number]> = [
      ['bytes=0-4', 0, 4],
      ['bytes=-5', 31, 35],
      ['bytes=30-', 30, 35],
      ['bytes=30-100', 30, 35],
      ['bytes=35-35', 35, 35],
      ['bytes=0-5,3-8', 0, 8],
    ];
    for (const [range, start, end] of single) {
      it(`answers Range: ${range} with 206 and Content-Range bytes ${start}-${end}/36`, async () => {
        const res = await fetchRaw(server.url, '/etag.txt', { headers: { Range: range } });
        expectPartial(res, start, end, range);
        assert.equal(res.headers.etag, ETAG);
      });
    }

    const multi: Array<[string, Array<[string, string]>]> = [
      [
        'bytes=0-1,5-6',
        [
          ['bytes 0-1/36', '01'],
          ['bytes 5-6/36', '56'],
        ],
      ],
      [
        'bytes=0-1,5-6,-3',
        [
          ['bytes 0-1/36', '01'],
          ['bytes 5-6/36', '56'],
          ['bytes 33-35/36', 'xyz'],
        ],
      ],
    ];
    for (const [range, expected] of multi) {
      it(`answers Range: ${range} with multipart/byteranges whose parts carry the right bytes`, async () => {
        const res = await fetchRaw(server.url, '/etag.txt', { headers: { Range: range } });
        assert.equal(res.status, 206);
        assert.match(String(res.headers['content-type']), /^multipart\/byteranges; ?boundary=/);
        assert.equal(res.headers['content-range'], undefined, 'no Content-Range on the whole response');
        assert.equal(res.headers['content-length'], String(res.raw.length));
        const parts = parseByteranges(res.raw, res.headers['content-type']);
        assert.deepEqual(
          parts.map((p) => [p.headers['content-range'], p.headers['content-type'], p.body.toString('latin1')]),
          expected.map(([cr, bytes]) => [cr, 'text/plain', bytes]),
        );
      });
    }

    it('keeps serving after a multipart request', async () => {
      await fetchRaw(server.url, '/etag.txt', { headers: { Range: 'bytes=0-1,5-6' } }).catch(() => undefined);
      expectPartial(
        await fetchRaw(server.url, '/etag.txt', { headers: { Range: 'bytes=0-4' } }),
        0,
        4,
        'after multipart',
      );
    });

    for (const range of ['bytes=100-200', 'bytes=36-']) {
      it(`answers the unsatisfiable Range: ${range} with 416 and Content-Range: bytes */36`, async () => {
        const res = await fetchRaw(server.url, '/etag.txt', { headers: { Range: range } });
        expectBuiltinPage(res, 416, range);
        assert.equal(res.headers['content-range'], 'bytes */36');
        assert.ok(!res.body.includes(BODY36));
      });
    }

    for (const range of ['bytes=5-2', 'bytes=abc', 'items=0-5', 'bytes=-0', 'bytes=']) {
      it(`ignores the invalid Range: ${range} and sends the whole file`, async () => {
        const res = await fetchRaw(server.url, '/etag.txt', { headers: { Range: range } });
        expectFile(res, BODY36, 'text/plain', range);
        assert.equal(res.headers['content-range'], undefined);
      });
    }

    const ifRange: Array<[string, string, boolean]> = [
      ['the current ETag', ETAG, true],
      ['the exact Last-Modified date', LAST_MODIFIED, true],
      ['a stale ETag', '"24-0"', false],
      ['the weak form of the ETag', `W/${ETAG}`, false],
      ['another date', 'Mon, 01 Jan 2024 00:00:00 GMT', false],
    ];
    for (const [why, value, partial] of ifRange) {
      it(`answers Range with If-Range set to ${why} with ${partial ? '206' : 'the whole file (200)'}`, async () => {
        const res = await fetchRaw(server.url, '/etag.txt', { headers: { Range: 'bytes=0-4', 'If-Range': value } });
        if (partial) expectPartial(res, 0, 4, why);
        else expectFile(res, BODY36, 'text/plain', why);
      });
    }

    it('never ranges a freshly modified file when If-Range carries its weak ETag', async () => {
      const first = await fetchRaw(server.url, '/future.txt');
      const res = await fetchRaw(server.url, '/future.txt', {
        headers: { Range: 'bytes=0-3', 'If-Range': String(first.headers.etag) },
      });
      expectFile(res, 'from the future\n', 'text/plain');
    });

    it('answers HEAD with Range with 206 headers and no body', async () => {
      const res = await fetchRaw(server.url, '/etag.txt', { method: 'HEAD', headers: { Range: 'bytes=0-4' } });
      assert.equal(res.status, 206);
      assert.equal(res.headers['content-range'], 'bytes 0-4/36');
      assert.equal(res.headers['content-length'], '5');
      assert.equal(res.raw.length, 0);
    });

    it('answers a ranged request for an empty file with the empty file (200)', async () => {
      expectFile(await fetchRaw(server.url, '/empty.txt', { headers: { Range: 'bytes=0-4' } }), '', 'text/plain');
    });
  });

  describe('a large file', () => {
    it('streams 30 MB with the right Content-Length and bytes', async () => {
      const res = await fetchRaw(server.url, '/big.bin');
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-length'], String(BIG_SIZE));
      assert.equal(mediaType(res), null, 'unknown extension: no Content-Type');
      assert.equal(res.raw.length, BIG_SIZE);
      assert.equal(sha256(res.raw), sha256(big));
    });

    it('serves a range from the middle of the large file', async () => {
      const res = await fetchRaw(server.url, '/big.bin', { headers: { Range: 'bytes=20000000-20000015' } });
      assert.equal(res.status, 206);
      assert.equal(res.headers['content-range'], `bytes 20000000-20000015/${BIG_SIZE}`);
      assert.ok(res.raw.equals(big.subarray(20000000, 20000016)));
    });

    it('survives a client that aborts mid-download: the next request succeeds', async () => {
      const received = await new Promise<number>((resolve, reject) => {
        let got = 0;
        let done = false;
        const req = http.request(`${server.url}/big.bin`, { agent: false }, (res) => {
          assert.equal(res.statusCode, 200);
          res.on('data', (chunk: Buffer) => {
            got += chunk.length;
            if (!done && got >= 1024 * 1024) {
              done = true;
              req.destroy();
              resolve(got);
            }
          });
          res.on('end', () => {
            if (!done) reject(new Error('the whole file arrived before the abort'));
          });
          res.on('error', () => undefined);
        });
        req.on('error', (e) => {
          if (!done) reject(e);
        });
        req.end();
      });
      assert.ok(received < BIG_SIZE, 'the download was cut short');
      await sleep(200);
      assert.equal(server.child.exitCode, null, 'the server is still running');
      expectFile(await fetchRaw(server.url, '/etag.txt'), BODY36, 'text/plain');
      const again = await fetchRaw(server.url, '/big.bin');
      assert.equal(again.status, 200);
      assert.equal(sha256(again.raw), sha256(big));
      assert.doesNotMatch(server.errorLog(), /\[error\]/, 'an aborted download is not a server error');
    });

    it('survives several aborted downloads in a row', async () => {
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve) => {
          const req = http.request(`${server.url}/big.bin`, { agent: false }, (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
            res.on('error', () => undefined);
          });
          req.on('error', () => undefined);
          req.end();
        });
      }
      await sleep(200);
      expectFile(await fetchRaw(server.url, '/notes.txt'), 'notes\n', 'text/plain');
    });
  });
});

describe('mime.types_file adds types', () => {
  let root: string;
  let conf: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({ 'custom.htst': 'custom type\n', 'notes.txt': 'notes\n', 'x.zzzz': 'still unknown\n' });
    conf = await makeTree({});
    const types = path.join(conf, 'mime.types');
    writeFileSync(types, '# test types\napplication/x-htserve-test\thtst htst2\n');
    server = await startServer(root, { set: [`mime.types_file=${types}`] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(conf);
  });

  it('serves an extension from the types file with its type', async () => {
    expectFile(await fetchRaw(server.url, '/custom.htst'), 'custom type\n', 'application/x-htserve-test');
  });

  it('keeps the built-in types', async () => {
    expectFile(await fetchRaw(server.url, '/notes.txt'), 'notes\n', 'text/plain');
  });

  it('still sends no Content-Type for extensions in neither table', async () => {
    expectFile(await fetchRaw(server.url, '/x.zzzz'), 'still unknown\n', null);
  });
});
