// Hostile connections against the real server (a child process; its descriptors counted in
// /proc/PID/fd): the per-address and total connection caps, slowloris heads, oversized heads and
// fields, bodies on GET, pipelining and half-closed sockets. Each time other clients keep being
// served and the server ends up holding no more descriptors than before. No timing assertions:
// events are awaited, and counts are polled until they settle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { connectRaw, statusesIn, type RawConnection } from '../helpers/raw-socket.js';
import { settledFdCount, waitForFds, waitForFdsAtMost } from '../helpers/proc.js';
import { waitForMatch } from '../helpers/wait.js';

const HEAD = 'GET /f.txt HTTP/1.1\r\nHost: t\r\n';

async function site(): Promise<string> {
  return makeTree({ 'f.txt': 'hello\n', 'index.html': '<p>home</p>\n' });
}

/** A normal client from another address is answered. */
async function othersServed(server: TestServer, from = '127.0.0.9'): Promise<void> {
  const res = await fetchRaw(server.url, '/f.txt', { from });
  assert.equal(res.status, 200);
  assert.equal(res.body, 'hello\n');
}

/** Descriptors of the idle server after one request (lazy watchers and the like are open by then). */
async function baseline(server: TestServer): Promise<number> {
  await othersServed(server);
  return settledFdCount(server.child.pid!);
}

async function openMany(n: number, port: number, from: string, first = ''): Promise<RawConnection[]> {
  const conns: RawConnection[] = [];
  for (let i = 0; i < n; i++) {
    const c = await connectRaw(port, from);
    if (first !== '') c.socket.write(first);
    conns.push(c);
  }
  return conns;
}

describe('server.max_connections_per_ip and server.max_connections', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await site();
    server = await startServer(root, {
      set: ['server.max_connections_per_ip=5', 'server.max_connections=12', 'log.access='],
    });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('closes a sixth connection from one address unanswered, serves other addresses, and frees the slot on close', async () => {
    const base = await baseline(server);
    const held = await openMany(5, server.port, '127.0.0.2');
    // Held connections are counted once the server has accepted them.
    assert.ok((await waitForFds(server.child.pid!, (n) => n >= base + 5)) >= base + 5);
    const sixth = await connectRaw(server.port, '127.0.0.2');
    sixth.socket.write(`${HEAD}\r\n`);
    await sixth.closed;
    assert.equal(sixth.received().length, 0, 'closed before any answer');
    await othersServed(server, '127.0.0.3');
    assert.ok(await waitForMatch(server.errorLog, /\[warn\] \[HT011\] client 127\.0\.0\.2 holds 5 connections/));

    // A held connection is served normally, and once one closes the address may connect again.
    held[0]!.socket.end(`${HEAD}Connection: close\r\n\r\n`);
    await held[0]!.closed;
    assert.deepEqual(statusesIn(held[0]!.received()), [200]);
    const again = await connectRaw(server.port, '127.0.0.2');
    again.socket.end(`${HEAD}Connection: close\r\n\r\n`);
    await again.closed;
    assert.deepEqual(statusesIn(again.received()), [200]);

    for (const c of held) c.socket.destroy();
    assert.ok((await waitForFdsAtMost(server.child.pid!, base)) <= base, 'every descriptor released');
    assert.equal(server.errorLog().match(/\[warn\] \[HT011\]/g)?.length, 1, 'one warning per burst');
  });

  it('closes connections over max_connections in all, whatever their address', async () => {
    const base = await baseline(server);
    const held = [
      ...(await openMany(4, server.port, '127.0.0.4')),
      ...(await openMany(4, server.port, '127.0.0.5')),
      ...(await openMany(4, server.port, '127.0.0.6')),
    ];
    assert.ok((await waitForFds(server.child.pid!, (n) => n >= base + 12)) >= base + 12);
    const over = await connectRaw(server.port, '127.0.0.7');
    over.socket.write(`${HEAD}\r\n`);
    await over.closed;
    assert.equal(over.received().length, 0);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    assert.ok((await waitForFdsAtMost(server.child.pid!, base)) <= base);
    await othersServed(server);
  });
});

describe('slowloris, oversized heads, bodies on GET, pipelining, half-closed sockets', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await site();
    server = await startServer(root, {
      set: ['server.headers_timeout_ms=1500', 'server.max_connections_per_ip=60', 'log.access='],
    });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('slowloris: half-sent heads are capped per address, answered 408 at headers_timeout_ms, and others are served meanwhile', async () => {
    const base = await baseline(server);
    const conns = await openMany(80, server.port, '127.0.0.2', HEAD);
    // Drip one more header line into each: still no end of head.
    for (const c of conns) if (!c.socket.destroyed) c.socket.write('X-a: b\r\n');
    // A refused connection holds a descriptor for the moment between accept and close: give those
    // a short while to go (well inside headers_timeout_ms, so the held ones are still open).
    const held = await waitForFdsAtMost(server.child.pid!, base + 60, 300);
    assert.ok(held <= base + 60, `at most 60 held (${held - base})`);
    await othersServed(server);
    await Promise.all(conns.map((c) => c.closed));
    const answers = conns.map((c) => statusesIn(c.received()));
    assert.equal(answers.filter((s) => s.length === 0).length, 20, JSON.stringify(answers));
    assert.equal(answers.filter((s) => s.length === 1 && s[0] === 408).length, 60, 'the 60 held got 408');
    assert.ok((await waitForFdsAtMost(server.child.pid!, base)) <= base);
  });

  it('oversized heads get 431, overlong fields 400, overlong targets 414, and the connection closes', async () => {
    const cases: Array<[string, number]> = [
      [`${HEAD}${Array.from({ length: 400 }, (_, i) => `X-${i}: ${'v'.repeat(40)}`).join('\r\n')}\r\n\r\n`, 431],
      [`${HEAD}X-Long: ${'v'.repeat(9000)}\r\n\r\n`, 400],
      [`GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: t\r\n\r\n`, 414],
    ];
    const base = await baseline(server);
    for (const [request, status] of cases) {
      const c = await connectRaw(server.port, '127.0.0.3');
      c.socket.write(request);
      await c.closed;
      assert.deepEqual(statusesIn(c.received()), [status]);
    }
    await othersServed(server);
    assert.ok((await waitForFdsAtMost(server.child.pid!, base)) <= base);
  });

  it('a body on GET (never sent in full, or chunked without end) is not read: the answer says close and the server closes', async () => {
    const base = await baseline(server);
    for (const head of ['Content-Length: 5000000\r\n', 'Transfer-Encoding: chunked\r\n']) {
      const c = await connectRaw(server.port, '127.0.0.3');
      c.socket.write(
        `${HEAD}${head}\r\n${head.startsWith('Content') ? 'x'.repeat(1000) : '3e8\r\n' + 'x'.repeat(1000)}`,
      );
      await c.closed;
      const text = c.received().toString('latin1');
      assert.deepEqual(statusesIn(c.received()), [200], text);
      assert.match(text, /\r\nConnection: close\r\n/i);
      assert.ok(text.endsWith('hello\n'), 'the whole file, then the close');
    }
    assert.ok((await waitForFdsAtMost(server.child.pid!, base)) <= base);
  });

  it('pipelining: 100 requests in one write get 100 answers in order', async () => {
    const c = await connectRaw(server.port, '127.0.0.3');
    const requests = Array.from({ length: 100 }, (_, i) =>
      i === 42 ? 'GET /missing HTTP/1.1\r\nHost: t\r\n\r\n' : `${HEAD}${i === 99 ? 'Connection: close\r\n' : ''}\r\n`,
    );
    c.socket.write(requests.join(''));
    await c.closed;
    const statuses = statusesIn(c.received());
    assert.equal(statuses.length, 100);
    assert.deepEqual(
      statuses,
      requests.map((_, i) => (i === 42 ? 404 : 200)),
    );
  });

  it('half-closed: a whole request then FIN is answered; half a head then FIN gets 400 at once, not the 408 of a timeout', async () => {
    const whole = await connectRaw(server.port, '127.0.0.3');
    whole.socket.end(`${HEAD}\r\n`);
    await whole.closed;
    assert.deepEqual(statusesIn(whole.received()), [200]);
    assert.ok(whole.received().toString('latin1').endsWith('hello\n'));

    const half = await connectRaw(server.port, '127.0.0.3');
    half.socket.end(HEAD);
    await half.closed;
    assert.deepEqual(statusesIn(half.received()), [400], half.received().toString('latin1'));
    await othersServed(server);
  });
});
