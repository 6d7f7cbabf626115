// Request targets with raw bytes 0x80-0xFF, written byte for byte on a socket (node's own HTTP
// parser refuses them; src/server/raw-target.ts replays them). What Apache does is checked by the
// conformance cases "p6 raw ..."; these cover the connection handling the suite cannot: a head
// arriving in pieces, a client that half-closes, keep-alive, the log line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';

interface Answer {
  /** Status codes of every response on the connection, in order. */
  statuses: number[];
  head: string;
  body: Buffer;
  /** The server closed the connection (false: still open after the wait). */
  closed: boolean;
}

/** Writes `pieces` (latin1: one char per byte) with a pause between them; reads until close or 1.5 s. */
function exchange(port: number, pieces: readonly string[], opts: { halfClose?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const sep = all.indexOf('\r\n\r\n');
      const text = all.toString('latin1');
      resolve({
        statuses: [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])),
        head: sep < 0 ? text : text.slice(0, sep),
        body: sep < 0 ? Buffer.alloc(0) : all.subarray(sep + 4),
        closed,
      });
      socket.destroy();
    };
    const timer = setTimeout(() => finish(false), 1500);
    socket.on('connect', () => {
      void (async () => {
        for (const piece of pieces) {
          socket.write(Buffer.from(piece, 'latin1'));
          await new Promise((r) => setTimeout(r, 60));
        }
        if (opts.halfClose) socket.end();
      })();
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => finish(true));
    socket.on('error', reject);
  });
}

const CAFE = '/caf\xc3\xa9.txt'; // the UTF-8 bytes of "café.txt", raw

describe('raw bytes in the request target', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({ 'café.txt': 'cafe\n', 'déjà/index.html': 'deja\n', 'big.bin': 'x'.repeat(300000) });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('serves the file the bytes name, then closes the connection', async () => {
    const a = await exchange(server.port, [`GET ${CAFE} HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n`]);
    assert.deepEqual(a.statuses, [200]);
    assert.equal(a.body.toString(), 'cafe\n');
    assert.match(a.head, /^Connection: close$/im);
    assert.ok(a.closed);
  });

  it('redirects a directory with its bytes percent-encoded in lower-case hex, the raw query kept', async () => {
    const a = await exchange(server.port, [`GET /d\xc3\xa9j\xc3\xa0?q=\xc3\xa9&r=\xe9 HTTP/1.1\r\nHost: x\r\n\r\n`]);
    assert.deepEqual(a.statuses, [301]);
    assert.match(a.head, /^Location: http:\/\/x\/d%c3%a9j%c3%a0\/\?q=\xc3\xa9&r=\xe9$/m);
  });

  it('waits for a head that arrives in pieces', async () => {
    const a = await exchange(server.port, [`GET ${CAFE} HTTP/1.1\r\nHo`, 'st: x\r\n', 'X-A: 1\r\n', '\r\n']);
    assert.deepEqual(a.statuses, [200]);
  });

  it('answers a client that half-closes after the request (a large file too)', async () => {
    const a = await exchange(server.port, [`GET ${CAFE} HTTP/1.1\r\nHost: x\r\n\r\n`], { halfClose: true });
    assert.deepEqual(a.statuses, [200]);
    const b = await exchange(server.port, [`GET /big.bin?\xe9 HTTP/1.1\r\nHost: x\r\n\r\n`], { halfClose: true });
    assert.deepEqual(b.statuses, [200]);
    assert.equal(b.body.length, 300000);
  });

  it('answers the raw request behind an ordinary one on the same connection', async () => {
    const a = await exchange(server.port, [
      `GET /caf%C3%A9.txt HTTP/1.1\r\nHost: x\r\n\r\nGET ${CAFE} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]);
    assert.deepEqual(a.statuses, [200, 200]);
    assert.ok(a.closed);
  });

  it('waits for the answers in front of it before its own (no interleaving)', async () => {
    const a = await exchange(server.port, [
      `GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /caf%C3%A9.txt HTTP/1.1\r\nHost: x\r\n\r\nGET ${CAFE} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]);
    assert.deepEqual(a.statuses, [200, 200, 200]);
    const text = a.body.toString('latin1');
    assert.ok(text.startsWith('x'.repeat(300000) + 'HTTP/1.1 200 OK\r\n'), 'the big file comes whole, first');
    assert.equal(text.split('cafe\n').length - 1, 2);
    assert.ok(a.closed);
  });

  it('still refuses control characters next to raw bytes (400, as Apache)', async () => {
    for (const target of [`${CAFE}\x01`, `${CAFE}?\x7f`, `${CAFE}\t`]) {
      const a = await exchange(server.port, [`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`]);
      assert.deepEqual(a.statuses, [400], JSON.stringify(target));
    }
  });

  it('answers 400 when the request line itself was split before the raw byte (not recoverable)', async () => {
    const a = await exchange(server.port, ['GET /ca', `f\xc3\xa9.txt HTTP/1.1\r\nHost: x\r\n\r\n`]);
    assert.deepEqual(a.statuses, [400]);
  });

  it('logs the request with its target as text and keeps serving', async () => {
    assert.match(server.output(), /"GET \/café\.txt HTTP\/1\.1" 200 /);
    const a = await exchange(server.port, ['GET /caf%C3%A9.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    assert.deepEqual(a.statuses, [200]);
  });
});
