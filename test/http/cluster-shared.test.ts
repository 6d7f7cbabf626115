// server.workers = 2: the attempt limits are one table in the primary, not one per worker — past
// max_failures the next attempt is a 429 whichever worker answers (fresh connections spread over
// both), a burst of distinct guesses on many connections buys no more than max_failures checks,
// and a remembered sign-in is refused during the lockout. SIGHUP reaches every worker.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestServer } from '../helpers/server.js';
import { startMembersSite, type MembersSite } from '../helpers/members-site.js';
import { fetchRaw } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';

const MAX = 3;

describe('server.workers=2 share one attempt table', () => {
  let site: MembersSite;
  let server: TestServer;
  before(async () => {
    site = await startMembersSite(`[access]\ndirectory_index = one.html\n`, [
      'server.workers=2',
      `auth.max_failures=${MAX}`,
      'auth.lockout_s=60',
      'log.access=',
    ]);
    server = site.server;
  });
  after(() => site?.remove());

  it(`locks a client out after ${MAX} failures spread over both workers`, async () => {
    const from = '127.0.0.7';
    // the right password first: both workers remember it (a remembered sign-in needs no hash)
    for (let i = 0; i < 4; i++)
      assert.equal((await fetchRaw(server.url, '/m/f.txt', { auth: 'bob:bobpw', from })).status, 200);
    // one failure per connection: the cluster hands connections to the workers in turn
    for (let i = 0; i < MAX; i++)
      assert.equal(
        (await fetchRaw(server.url, '/m/f.txt', { auth: `bob:wrong${i}`, from })).status,
        401,
        `failure ${i}`,
      );
    const after = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        fetchRaw(server.url, '/m/f.txt', { auth: i % 2 ? 'bob:bobpw' : `bob:more${i}`, from }),
      ),
    );
    assert.deepEqual(
      after.map((r) => r.status),
      [429, 429, 429, 429, 429, 429],
      'wrong and (remembered) right passwords alike, on every worker',
    );
    assert.ok(after.every((r) => Number(r.headers['retry-after']) >= 1));
    assert.ok(await waitForMatch(server.errorLog, /\[HT429\] client "127\.0\.0\.7" locked out/), server.errorLog());
    // another client is not affected
    assert.equal((await fetchRaw(server.url, '/m/f.txt', { auth: 'bob:bobpw', from: '127.0.0.8' })).status, 200);
  });

  it(`lets a burst of distinct guesses on many connections check at most ${MAX} passwords`, async () => {
    const from = '127.0.0.9';
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => fetchRaw(server.url, '/m/f.txt', { auth: `bob:burst${i}`, from })),
    );
    const statuses = burst.map((r) => r.status);
    assert.ok(
      statuses.every((s) => s === 401 || s === 429),
      JSON.stringify(statuses),
    );
    assert.ok(statuses.filter((s) => s === 401).length <= MAX, `checked: ${JSON.stringify(statuses)}`);
    assert.equal((await fetchRaw(server.url, '/m/f.txt', { auth: 'bob:bobpw', from })).status, 429);
  });

  it('passes SIGHUP to every worker', async () => {
    assert.equal((await fetchRaw(server.url, '/')).body, 'one\n');
    await writeFile(site.conf, `[access]\ndirectory_index = two.html\n`);
    server.child.kill('SIGHUP');
    const deadline = Date.now() + 5000;
    while (server.errorLog().split('[HT008]').length < 3 && Date.now() < deadline) await sleep(20);
    assert.equal(server.errorLog().split('[HT008]').length, 3, `both workers reloaded:\n${server.errorLog()}`);
    for (let i = 0; i < 6; i++) assert.equal((await fetchRaw(server.url, '/')).body, 'two\n', `request ${i}`);
  });
});
