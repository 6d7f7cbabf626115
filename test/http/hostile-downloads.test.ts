// Downloads that never finish, against the real server (a child process; /proc/PID for its
// descriptors and memory): readers that never read a 10 MiB file, pipelined requests nobody reads,
// and downloads aborted part-way (one range and several). The server must not buffer the file in
// memory (back-pressure), must start a pipelined request only at its turn (one open file per
// connection), must close stalled connections at socket_timeout_ms, and must close every file
// descriptor. Memory is compared with a generous bound far below what buffering would take.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { connectRaw, type RawConnection } from '../helpers/raw-socket.js';
import { fdCount, rssBytes, settledFdCount, waitForFds, waitForFdsAtMost } from '../helpers/proc.js';

const MiB = 1024 * 1024;
const BIG = 10 * MiB;

describe('slow readers and aborted downloads of a 10 MiB file', () => {
  let root: string;
  let server: TestServer;
  let pid: number;
  let base: number;
  before(async () => {
    root = await makeTree({
      'big.bin': { content: randomBytes(BIG) },
      'mid.bin': { content: randomBytes(MiB) },
      'f.txt': 'hi\n',
    });
    // Bodies from disk: the streaming path is what these tests bound (a body kept in memory is
    // one shared buffer, however many clients read it slowly).
    server = await startServer(root, { set: ['server.socket_timeout_ms=3000', 'log.access=', 'cache.body_bytes=0'] });
    pid = server.child.pid!;
    const warm = await fetchRaw(server.url, '/big.bin');
    assert.equal(warm.raw.length, BIG);
    base = await settledFdCount(pid);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  async function readers(n: number, request: string): Promise<RawConnection[]> {
    const conns: RawConnection[] = [];
    for (let i = 0; i < n; i++) {
      const c = await connectRaw(server.port, '127.0.0.2', { read: false });
      c.socket.write(request);
      conns.push(c);
    }
    return conns;
  }

  it('24 readers that never read hold a socket and a file each, not the file in memory; socket_timeout_ms frees both', async () => {
    const rssBefore = rssBytes(pid);
    const conns = await readers(24, 'GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n');
    // Each stalled download holds its socket and the open file while it waits.
    assert.ok((await waitForFds(pid, (n) => n >= base + 48)) >= base + 48, 'sockets and files open');
    const growth = rssBytes(pid) - rssBefore;
    // Buffering every body would take 240 MiB; back-pressure keeps a few reads per connection.
    assert.ok(growth < 64 * MiB, `resident memory grew by ${(growth / MiB).toFixed(1)} MiB`);
    const res = await fetchRaw(server.url, '/f.txt', { from: '127.0.0.3' });
    assert.equal(res.status, 200, 'others are served meanwhile');
    // The server gives up on them by itself (a paused client would not even notice the close).
    const left = await waitForFdsAtMost(pid, base, 30000);
    assert.ok(left <= base, `descriptors back to ${base} (${left})`);
    for (const c of conns) c.socket.destroy();
  });

  it('400 pipelined requests for a 1 MiB file that nobody reads are not all answered into memory', async () => {
    const rssBefore = rssBytes(pid);
    const [c] = await readers(1, 'GET /mid.bin HTTP/1.1\r\nHost: t\r\n\r\n'.repeat(400));
    await waitForFds(pid, (n) => n >= base + 2);
    // One answer at a time: the connection and the one file being sent, not a file per queued request.
    assert.ok(fdCount(pid) <= base + 2, `${fdCount(pid) - base} descriptors for one connection`);
    const growth = rssBytes(pid) - rssBefore;
    assert.ok(growth < 64 * MiB, `resident memory grew by ${(growth / MiB).toFixed(1)} MiB (400 MiB if answered)`);
    c!.socket.destroy();
    const left = await waitForFdsAtMost(pid, base);
    assert.ok(left <= base, `descriptors back to ${base} (${left})`);
  });

  it('downloads aborted after the first bytes (whole file, one range, several ranges) close their files', async () => {
    const requests = [
      'GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n',
      'GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=100-9000000\r\n\r\n',
      'GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=0-10,5000000-9000000\r\n\r\n',
    ];
    const conns: RawConnection[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await connectRaw(server.port, '127.0.0.4');
      c.socket.once('data', () => c.socket.destroy());
      c.socket.write(requests[i % 3]!);
      conns.push(c);
    }
    await Promise.all(conns.map((c) => c.closed));
    const left = await waitForFdsAtMost(pid, base);
    assert.ok(left <= base, `descriptors back to ${base} (${left})`);
    const res = await fetchRaw(server.url, '/big.bin', { headers: { Range: 'bytes=0-9' } });
    assert.equal(res.status, 206);
  });
});
