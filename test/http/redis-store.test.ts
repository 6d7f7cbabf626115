// auth.store = redis://…: two htserve instances share one lockout through a real Redis (failures
// counted on either add up; once locked, both answer 429, a remembered right password included);
// with Redis stopped mid-test both keep serving on local counters and the error log says so once,
// and SIGTERM still ends them. An instance started while Redis is down joins it once it is up,
// lockouts published by others included.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { authLines, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';
import { waitForMatch } from '../helpers/wait.js';
import { redisMissing, startRedis, type TestRedis } from '../helpers/redis.js';
import { freePort } from '../conformance/ports.js';

const MAX = 3;
const missing = redisMissing();
if (missing) console.log(`# skipped: ${missing}`);

describe('two instances sharing attempt limits through Redis', { skip: missing ?? false }, () => {
  let files: AuthFiles;
  let root: string;
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    files = await makeAuthFiles();
    root = await makeTree({
      'pub.txt': 'public\n',
      'm/.htaccess': `${authLines(files)}Require valid-user\n`,
      'm/f.txt': 'members\n',
    });
    redis = await startRedis();
    const set = [`auth.store=${redis.url}`, `auth.max_failures=${MAX}`, 'auth.lockout_s=60', 'log.access='];
    [a, b] = await Promise.all([startServer(root, { set }), startServer(root, { set })]);
    for (const s of [a, b]) assert.ok(await waitForMatch(s.errorLog, /\[HT051\]/, 5000), `connected:\n${s.errorLog()}`);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await removeTree(root);
    await removeTree(files.dir);
  });

  it(`locks a client out of both after ${MAX} failures counted on either`, async () => {
    const from = '127.0.0.11';
    for (const s of [a, b]) assert.equal((await fetchRaw(s.url, '/m/f.txt', { auth: 'bob:bobpw', from })).status, 200);
    assert.equal((await fetchRaw(a.url, '/m/f.txt', { auth: 'bob:x1', from })).status, 401);
    assert.equal((await fetchRaw(b.url, '/m/f.txt', { auth: 'bob:x2', from })).status, 401);
    assert.equal((await fetchRaw(a.url, '/m/f.txt', { auth: 'bob:x3', from })).status, 401);
    assert.ok(await waitForMatch(a.errorLog, /\[HT429\] client "127\.0\.0\.11" locked out/), a.errorLog());
    for (const [name, s] of [
      ['a', a],
      ['b', b],
    ] as const) {
      // a remembered right password on b is refused too: b heard the lockout
      for (const auth of ['bob:bobpw', 'bob:x4']) {
        const res = await fetchRaw(s.url, '/m/f.txt', { auth, from });
        assert.equal(res.status, 429, `${name} ${auth}`);
        assert.ok(Number(res.headers['retry-after']) >= 1);
      }
    }
    assert.equal((await fetchRaw(b.url, '/m/f.txt', { auth: 'bob:bobpw', from: '127.0.0.12' })).status, 200);
  });

  it('keeps serving on local counters when Redis stops, and says so once', async () => {
    await redis.stop();
    for (const s of [a, b]) {
      assert.equal((await fetchRaw(s.url, '/pub.txt')).status, 200);
      // a password check now asks nothing of Redis (or gives up on it) and still answers
      assert.equal((await fetchRaw(s.url, '/m/f.txt', { auth: 'alice:alicepw', from: '127.0.0.13' })).status, 200);
      assert.equal((await fetchRaw(s.url, '/m/f.txt', { auth: 'alice:nope', from: '127.0.0.13' })).status, 401);
      assert.ok(
        await waitForMatch(
          s.errorLog,
          /\[warn\] \[HT050\] attempt store redis:\/\/127\.0\.0\.1:\d+\/0 unreachable/,
          5000,
        ),
        s.errorLog(),
      );
      const lines = s
        .errorLog()
        .split('\n')
        .filter((l) => l.includes('[HT050]'));
      assert.equal(lines.length, 1, lines.join('\n'));
    }
    // the local count still locks out
    for (let i = 0; i < MAX; i++) await fetchRaw(a.url, '/m/f.txt', { auth: `bob:y${i}`, from: '127.0.0.14' });
    assert.equal((await fetchRaw(a.url, '/m/f.txt', { auth: 'bob:bobpw', from: '127.0.0.14' })).status, 429);
    // and a SIGTERM still ends an instance whose Redis client is waiting to reconnect
    assert.equal(await a.stop(), 0);
  });
});

describe('an instance started before its Redis', { skip: missing ?? false }, () => {
  let files: AuthFiles;
  let root: string;
  let redis: TestRedis | undefined;
  let early: TestServer;
  let late: TestServer | undefined;
  before(async () => {
    files = await makeAuthFiles();
    root = await makeTree({ 'm/.htaccess': `${authLines(files)}Require valid-user\n`, 'm/f.txt': 'members\n' });
  });
  after(async () => {
    await Promise.all([early?.stop(), late?.stop()]);
    await redis?.stop();
    await removeTree(root);
    await removeTree(files.dir);
  });

  it('serves on local counters, then shares counts and hears lockouts once Redis is up', async () => {
    const port = await freePort();
    const set = [
      `auth.store=redis://127.0.0.1:${port}/0`,
      `auth.max_failures=${MAX}`,
      'auth.lockout_s=60',
      'log.access=',
    ];
    early = await startServer(root, { set });
    assert.ok(await waitForMatch(early.errorLog, /\[HT050\]/, 5000), early.errorLog());
    const from = '127.0.0.21';
    // a right password now: `early` remembers the sign-in and will not hash it again
    assert.equal((await fetchRaw(early.url, '/m/f.txt', { auth: 'bob:bobpw', from })).status, 200);
    redis = await startRedis(port);
    assert.ok(await waitForMatch(early.errorLog, /\[HT051\]/, 10000), early.errorLog());
    late = await startServer(root, { set });
    assert.ok(await waitForMatch(late.errorLog, /\[HT051\]/, 5000), late.errorLog());
    for (let i = 0; i < MAX; i++)
      assert.equal((await fetchRaw(late.url, '/m/f.txt', { auth: `bob:z${i}`, from })).status, 401);
    // only the published lockout can refuse a sign-in `early` remembers: it asks Redis nothing for it
    let status = 0;
    for (let tries = 0; tries < 30 && status !== 429; tries++) {
      status = (await fetchRaw(early.url, '/m/f.txt', { auth: 'bob:bobpw', from })).status;
      if (status !== 429) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 429, early.errorLog());
  });
});
