// auth.store = redis://…: two htserve instances share one lockout through a real Redis (failures
// counted on either add up; once locked, both answer 429, a remembered right password included);
// with Redis stopped mid-test both keep serving on local counters and the error log says so once,
// and SIGTERM still ends them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { authLines, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';
import { waitForMatch } from '../helpers/wait.js';
import { redisMissing, startRedis, type TestRedis } from '../helpers/redis.js';

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
