// SIGHUP re-reads server.ini: new requests use the new configuration while requests in flight
// finish on the old one, with no failed request under load; an invalid file is refused with its
// file:LINE and the old configuration keeps serving; settings bound at start-up are kept and
// named as needing a restart; the replaced context's watchers and threads are closed (repeated
// reloads do not grow descriptors or inotify watches). SIGTERM drains: idle keep-alive connections
// close at once, a download in flight completes, new connections are refused, exit code 0.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { startMembersSite, type MembersSite } from '../helpers/members-site.js';
import { fetchRaw } from '../helpers/http.js';
import { settledFdCount } from '../helpers/proc.js';
import { waitForMatch } from '../helpers/wait.js';

function ini(index: string, extra = ''): string {
  return `[server]\nroot = ../site\n${extra}\n[access]\ndirectory_index = ${index}\n`;
}

/** How many `HT008` (reloaded) lines the error log holds. */
function reloads(server: TestServer): number {
  return server
    .errorLog()
    .split('\n')
    .filter((l) => l.includes('[HT008]')).length;
}

async function reloadTo(server: TestServer, conf: string, text: string): Promise<void> {
  const before = reloads(server);
  await writeFile(conf, text);
  server.child.kill('SIGHUP');
  const deadline = Date.now() + 5000;
  while (reloads(server) === before && Date.now() < deadline) await sleep(20);
  assert.equal(reloads(server), before + 1, `reloaded:\n${server.errorLog()}`);
}

/** inotify watches the process holds (each fs.watch'ed directory is one `inotify wd:` line). */
function inotifyWatches(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      n += readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

describe('SIGHUP reload', () => {
  let site: MembersSite;
  let conf: string;
  let server: TestServer;
  before(async () => {
    site = await startMembersSite(ini('one.html'), ['log.access=']);
    ({ server, conf } = site);
  });
  after(() => site?.remove());

  it('serves the new configuration after SIGHUP', async () => {
    assert.equal((await fetchRaw(server.url, '/')).body, 'one\n');
    await reloadTo(server, conf, ini('two.html'));
    const res = await fetchRaw(server.url, '/');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'two\n');
  });

  it('refuses an invalid file with file:LINE and keeps serving the old configuration', async () => {
    await reloadTo(server, conf, ini('one.html'));
    await writeFile(conf, `[server]\nroot = ../site\nport = many\n`);
    server.child.kill('SIGHUP');
    const line = await waitForMatch(server.errorLog, /\[error\] \[HT006\] reload refused.*/);
    assert.ok(line, server.errorLog());
    assert.match(line[0], /server\.ini:3: server\.port: /);
    const res = await fetchRaw(server.url, '/');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'one\n', 'the old configuration serves');
  });

  it('refuses a file that loads but cannot serve (a missing types file) and keeps serving', async () => {
    const refused = server.errorLog().split('[HT006]').length;
    await writeFile(conf, `${ini('two.html')}[mime]\ntypes_file = ../missing.types\n`);
    server.child.kill('SIGHUP');
    const deadline = Date.now() + 5000;
    while (server.errorLog().split('[HT006]').length === refused && Date.now() < deadline) await sleep(20);
    assert.match(server.errorLog(), /\[HT006\] reload refused.*mime\.types_file .*missing\.types: /);
    assert.equal((await fetchRaw(server.url, '/')).body, 'one\n');
  });

  it('keeps settings bound at start-up, names them as needing a restart, applies the rest', async () => {
    await reloadTo(server, conf, ini('two.html', 'workers = 3\nkeep_alive_timeout_ms = 4000'));
    assert.match(
      server.errorLog(),
      /\[warn\] \[HT007\] reload: server\.workers: 1 -> 3 needs a restart; kept as it runs/,
    );
    const res = await fetchRaw(server.url, '/');
    assert.equal(res.body, 'two\n', 'one process still, with the new directory index');
  });

  it('answers every request of a load during several reloads', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const u = new URL(server.url);
    let stop = false;
    const statuses = new Map<string, number>();
    const bodies = new Set<string>();
    const worker = async () => {
      while (!stop) {
        const [status, body] = await new Promise<[number, string]>((resolve, reject) => {
          http
            .get({ host: u.hostname, port: u.port, path: '/', agent }, (res) => {
              let b = '';
              res.setEncoding('utf8').on('data', (c: string) => (b += c));
              res.on('end', () => resolve([res.statusCode ?? 0, b]));
            })
            .on('error', reject);
        });
        const key = String(status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        bodies.add(body);
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    for (let i = 0; i < 6; i++) await reloadTo(server, conf, ini(i % 2 === 0 ? 'one.html' : 'two.html'));
    stop = true;
    await load;
    agent.destroy();
    assert.deepEqual([...statuses.keys()], ['200'], `statuses: ${JSON.stringify([...statuses])}`);
    assert.ok(statuses.get('200')! > 20, `requests made: ${statuses.get('200')}`);
    assert.deepEqual([...bodies].sort(), ['one\n', 'two\n']);
  });

  it('closes the replaced contexts: repeated reloads do not grow descriptors or watches', async () => {
    const pid = server.child.pid!;
    const warm = async () => {
      assert.equal((await fetchRaw(server.url, '/m/f.txt', { auth: 'bob:bobpw' })).status, 200);
      assert.equal((await fetchRaw(server.url, '/')).status, 200);
    };
    await warm();
    await reloadTo(server, conf, ini('one.html'));
    await warm();
    const fds = await settledFdCount(pid);
    const watches = inotifyWatches(pid);
    for (let i = 0; i < 8; i++) {
      await reloadTo(server, conf, ini(i % 2 === 0 ? 'two.html' : 'one.html'));
      await warm(); // each context hashes a password (its own threads) and watches its directories
    }
    await sleep(300); // the last replaced context closes once its requests are done
    const fdsAfter = await settledFdCount(pid);
    assert.ok(fdsAfter <= fds + 2, `descriptors ${fds} -> ${fdsAfter}`);
    assert.ok(inotifyWatches(pid) <= watches, `inotify watches ${watches} -> ${inotifyWatches(pid)}`);
  });
});

describe('SIGTERM drains', () => {
  let dir: string;
  let server: TestServer;
  const BIG = 16 * 1024 * 1024;
  before(async () => {
    dir = await makeTree({ 'big.bin': { content: Buffer.alloc(BIG, 7) }, 'a.txt': 'a\n' });
    server = await startServer(dir, { set: ['log.access=', 'server.shutdown_grace_ms=20000'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(dir);
  });

  it('closes idle keep-alive connections, finishes a download in flight, refuses new ones, exits 0', async () => {
    const u = new URL(server.url);
    // an idle keep-alive connection, after one answered request
    const idle = net.connect(Number(u.port), u.hostname);
    await new Promise<void>((resolve) => {
      idle.once('data', () => resolve());
      idle.write(`GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    // a download read slowly: paused until the server has been told to stop
    const download = new Promise<{ status: number; bytes: number; res: http.IncomingMessage }>((resolve, reject) => {
      http
        .get({ host: u.hostname, port: u.port, path: '/big.bin', agent: false }, (res) => {
          res.pause();
          resolve({ status: res.statusCode ?? 0, bytes: 0, res });
        })
        .on('error', reject);
    });
    const { status, res } = await download;
    assert.equal(status, 200);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    await idleClosed; // before the download is read at all
    assert.ok(await waitForMatch(server.errorLog, /\[HT003\] SIGTERM/), server.errorLog());
    await assert.rejects(fetchRaw(server.url, '/a.txt'), /ECONNREFUSED|ECONNRESET/);
    let bytes = 0;
    res.on('data', (c: Buffer) => (bytes += c.length));
    await new Promise<void>((resolve, reject) => {
      res.on('end', () => resolve());
      res.on('error', reject);
      res.resume();
    });
    assert.equal(bytes, BIG, 'the whole download');
    assert.equal(await exited, 0);
  });
});
