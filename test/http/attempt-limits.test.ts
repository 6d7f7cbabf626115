// Attempt limits against the real server (issue 10): past auth.max_failures wrong passwords a
// client gets 429 with Retry-After (ErrorDocument 429 applies) for auth.lockout_s, whatever
// credentials it sends, in that realm only; other clients, other realms and public files are not
// affected; the error log records the lockout once; when it is over the right password works again.
// The limiter's arithmetic (windows, /64s, the table's bound) is in test/unit/authn-attempt-limits.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { authLines, expectOutcome, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';
import { waitForMatch } from '../helpers/wait.js';

const MARKER = 'too-many-marker';
const LOCKOUT_S = 3;

describe('attempt limits (auth.max_failures=3, auth.lockout_s=3)', () => {
  let files: AuthFiles;
  let root: string;
  let server: TestServer;
  before(async () => {
    files = await makeAuthFiles();
    root = await makeTree({
      'pub.txt': 'public\n',
      'm/.htaccess': `${authLines(files)}Require valid-user\nErrorDocument 429 "${MARKER}"\n`,
      'm/f.txt': 'members\n',
      'other/.htaccess': `${authLines(files, 'Other')}Require valid-user\n`,
      'other/f.txt': 'other\n',
    });
    server = await startServer(root, {
      set: ['auth.max_failures=3', 'auth.failure_window_s=60', `auth.lockout_s=${LOCKOUT_S}`],
    });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(files.dir);
  });

  it('locks a client out of the realm after 3 wrong passwords, once logged, then lets it back in', async () => {
    const get = (target: string, auth?: string, from = '127.0.0.1') =>
      fetchRaw(server.url, target, { from, ...(auth !== undefined ? { auth } : {}) });
    // A remembered sign-in, and a request without credentials (which is not a failure).
    expectOutcome(await get('/m/f.txt', 'bob:bobpw'), { status: 200, body: 'members\n' }, 'right password');
    expectOutcome(await get('/m/f.txt'), { status: 401 }, 'no credentials');
    for (const pw of ['w1', 'w2', 'w3']) expectOutcome(await get('/m/f.txt', `bob:${pw}`), { status: 401 }, pw);

    for (const [what, auth] of [
      ['the right password (remembered)', 'bob:bobpw'],
      ['another user', 'alice:alicepw'],
      ['no credentials', undefined],
    ] as const) {
      const res = await get('/m/f.txt', auth);
      expectOutcome(res, { status: 429, marker: MARKER }, what);
      const retry = Number(res.headers['retry-after']);
      assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= LOCKOUT_S, `${what}: Retry-After ${retry}`);
    }
    // Public files, other clients and other realms are not affected.
    expectOutcome(await get('/pub.txt'), { status: 200, body: 'public\n' }, 'public file');
    expectOutcome(await get('/m/f.txt', 'bob:bobpw', '127.0.0.2'), { status: 200, body: 'members\n' }, 'other client');
    expectOutcome(await get('/other/f.txt'), { status: 401, realm: 'Other' }, 'other realm');
    expectOutcome(await get('/other/f.txt', 'bob:bobpw'), { status: 200, body: 'other\n' }, 'other realm, signed in');

    // One error-log line for the lockout, not one per refused request.
    assert.ok(await waitForMatch(server.errorLog, /\[HT429\]/), `lockout logged:\n${server.errorLog()}`);
    const lines = server
      .errorLog()
      .split('\n')
      .filter((l) => l.includes('[HT429]'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(
      lines[0]!,
      /\[warn\] \[HT429\] client "127\.0\.0\.1" locked out of realm "R" .* for 3 s after 3 failed/,
    );
    assert.ok(!lines[0]!.includes('w3'), 'never the password');

    // Once the lockout is over (polled, not timed), the right password works and the count is fresh.
    const deadline = Date.now() + (LOCKOUT_S + 5) * 1000;
    let res = await get('/m/f.txt', 'bob:bobpw');
    while (res.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      res = await get('/m/f.txt', 'bob:bobpw');
    }
    expectOutcome(res, { status: 200, body: 'members\n' }, 'after the lockout');
    expectOutcome(await get('/m/f.txt', 'bob:again'), { status: 401 }, 'a new first failure');
  });

  it('a success resets the count', async () => {
    const get = (auth: string) => fetchRaw(server.url, '/m/f.txt', { from: '127.0.0.3', auth });
    for (const pw of ['a1', 'a2']) assert.equal((await get(`bob:${pw}`)).status, 401);
    assert.equal((await get('bob:bobpw')).status, 200);
    for (const pw of ['a3', 'a4']) assert.equal((await get(`bob:${pw}`)).status, 401);
    assert.equal((await get('bob:bobpw')).status, 200, 'two failures after a success: not locked out');
  });
});

describe('attempt limits switched off (auth.max_failures=0)', () => {
  let files: AuthFiles;
  let root: string;
  let server: TestServer;
  before(async () => {
    files = await makeAuthFiles();
    root = await makeTree({ 'm/.htaccess': `${authLines(files)}Require valid-user\n`, 'm/f.txt': 'members\n' });
    server = await startServer(root, { set: ['auth.max_failures=0'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(files.dir);
  });

  it('never answers 429', async () => {
    for (let i = 0; i < 15; i++)
      assert.equal((await fetchRaw(server.url, '/m/f.txt', { auth: `bob:x${i}` })).status, 401);
    assert.equal((await fetchRaw(server.url, '/m/f.txt', { auth: 'bob:bobpw' })).status, 200);
  });
});
