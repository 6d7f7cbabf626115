// Decide once, serve many times — and stay right: cached plans, bodies, listings and password
// files see edits (at once through watchers, within cache.revalidate_ms without them), a shared
// listing never shows one client what only another may see, and a file replaced by rename is
// never served half old, half new. No timing assertions: changes are awaited by polling with a
// generous deadline, and the deadline only bounds the wait.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { fetchRaw, type TestRequest, type TestResponse } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { htpasswdLine } from '../helpers/engine.js';

/** Polls until `ok(response)` or the deadline; returns the last response. */
async function eventually(
  url: string,
  target: string,
  ok: (r: TestResponse) => boolean,
  req: TestRequest = {},
  deadlineMs = 5000,
): Promise<TestResponse> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const r = await fetchRaw(url, target, req);
    if (ok(r) || Date.now() >= end) return r;
    await sleep(25);
  }
}

async function writeReadable(file: string, text: string): Promise<void> {
  await fs.writeFile(file, text);
  await fs.chmod(file, 0o644);
}

for (const mode of [
  { name: 'with directory watchers', set: [] as string[] },
  { name: 'without watchers (revalidation window only)', set: ['cache.watch=false', 'cache.revalidate_ms=300'] },
]) {
  describe(`cached answers follow edits ${mode.name}`, () => {
    let root: string;
    let users: string;
    let server: TestServer;
    before(async () => {
      root = await makeTree({
        'site/d/f.txt': 'first version\n',
        'site/list/a.txt': 'a\n',
        'site/list/b.txt': 'b\n',
        'site/p/secret.txt': 'members only\n',
        'site/g/admin.txt': 'admins only\n',
        'auth/groups': 'admins: sam alice\n',
        'auth/users': `${htpasswdLine('s', 'sam', 'sampw')}\n${htpasswdLine('m', 'alice', 'alicepw')}\n`,
      });
      users = path.join(root, 'auth/users');
      await writeReadable(
        path.join(root, 'site/p/.htaccess'),
        `AuthType Basic\nAuthName "R"\nAuthUserFile ${users}\nRequire valid-user\n`,
      );
      await writeReadable(
        path.join(root, 'site/g/.htaccess'),
        `AuthType Basic\nAuthName "G"\nAuthUserFile ${users}\n` +
          `AuthGroupFile ${path.join(root, 'auth/groups')}\nRequire group admins\n`,
      );
      // A low first-request threshold: the 20 KiB file of the rename test enters the body cache on
      // its second request, so both admission paths are exercised.
      server = await startServer(path.join(root, 'site'), {
        set: ['log.access=', 'cache.body_first_request_bytes=4096', ...mode.set],
      });
    });
    after(async () => {
      await server.stop();
      await removeTree(root);
    });

    it('an access file created, changed and removed applies to the next requests', async () => {
      const first = await fetchRaw(server.url, '/d/f.txt');
      assert.equal(first.status, 200);
      assert.equal(first.body, 'first version\n');
      await writeReadable(path.join(root, 'site/d/.htaccess'), 'Require all denied\n');
      assert.equal((await eventually(server.url, '/d/f.txt', (r) => r.status === 403)).status, 403);
      await writeReadable(path.join(root, 'site/d/.htaccess'), 'Require all granted\nHeader set X-Edited yes\n');
      const granted = await eventually(server.url, '/d/f.txt', (r) => r.headers['x-edited'] === 'yes');
      assert.equal(granted.status, 200);
      assert.equal(granted.headers['x-edited'], 'yes');
      await fs.rm(path.join(root, 'site/d/.htaccess'));
      const plain = await eventually(server.url, '/d/f.txt', (r) => r.headers['x-edited'] === undefined);
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['x-edited'], undefined);
    });

    it('a file replaced by rename is served whole, old or new, never mixed', async () => {
      const file = path.join(root, 'site/d/f.txt');
      const older = 'old '.repeat(5000);
      const newer = 'NEW!'.repeat(6000);
      await writeReadable(file, older);
      assert.equal((await eventually(server.url, '/d/f.txt', (r) => r.body === older)).body, older);
      const tmp = `${file}.tmp`;
      await writeReadable(tmp, newer);
      await fs.rename(tmp, file);
      let sawNew = false;
      for (let i = 0; i < 200 && !sawNew; i++) {
        const r = await fetchRaw(server.url, '/d/f.txt');
        assert.equal(r.status, 200);
        assert.ok(r.body === older || r.body === newer, `a mixed body of ${r.body.length} bytes`);
        assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
        sawNew = r.body === newer;
        if (!sawNew) await sleep(25);
      }
      assert.ok(sawNew, 'the new contents are served');
    });

    it('a deleted file becomes 404 and a new one appears in the listing', async () => {
      await fs.rm(path.join(root, 'site/list/b.txt'));
      assert.equal((await eventually(server.url, '/list/b.txt', (r) => r.status === 404)).status, 404);
      await writeReadable(path.join(root, 'site/list/c.txt'), 'c\n');
      const listing = await eventually(server.url, '/list/', (r) => r.body.includes('c.txt'));
      assert.equal(listing.status, 200);
      assert.match(listing.body, /href="c\.txt"/);
      assert.doesNotMatch(listing.body, /href="b\.txt"/);
    });

    it('a user taken out of a group is refused (403) after a remembered sign-in', async () => {
      const alice = { auth: 'alice:alicepw' };
      assert.equal((await fetchRaw(server.url, '/g/admin.txt', alice)).status, 200);
      assert.equal((await fetchRaw(server.url, '/g/admin.txt', alice)).body, 'admins only\n');
      const groups = path.join(root, 'auth/groups');
      await writeReadable(`${groups}.new`, 'admins: sam\n');
      await fs.rename(`${groups}.new`, groups);
      const refused = await eventually(server.url, '/g/admin.txt', (r) => r.status === 403, alice);
      assert.equal(refused.status, 403);
      assert.equal(refused.headers['www-authenticate'], undefined);
    });

    it('a user removed from the password file is refused (401) after a cached sign-in', async () => {
      const sam = { auth: 'sam:sampw' };
      assert.equal((await fetchRaw(server.url, '/p/secret.txt', sam)).status, 200);
      assert.equal((await fetchRaw(server.url, '/p/secret.txt', sam)).status, 200);
      // as `htserve passwd` does it: a new file renamed over the old one
      await writeReadable(`${users}.new`, `${htpasswdLine('m', 'alice', 'alicepw')}\n`);
      await fs.rename(`${users}.new`, users);
      const refused = await eventually(server.url, '/p/secret.txt', (r) => r.status === 401, sam);
      assert.equal(refused.status, 401);
      assert.equal(refused.headers['www-authenticate'], 'Basic realm="R"');
      assert.equal((await fetchRaw(server.url, '/p/secret.txt', { auth: 'alice:alicepw' })).status, 200);
    });
  });
}

describe('a cached listing never shows one client what only another may see', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({
      'site/shared/public.txt': 'p\n',
      'site/shared/office.txt': 'o\n',
      'site/shared/.htaccess': 'Options +Indexes\n<Files office.txt>\n  Require ip 127.0.0.2\n</Files>\n',
      'site/open/one.txt': '1\n',
      'site/open/two.txt': '2\n',
    });
    server = await startServer(path.join(root, 'site'), { set: ['log.access='] });
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
  });

  it('entries that depend on the client address are decided per client, in any order', async () => {
    for (const [from, shown] of [
      ['127.0.0.1', false],
      ['127.0.0.2', true],
      ['127.0.0.1', false],
      ['127.0.0.2', true],
    ] as const) {
      const r = await fetchRaw(server.url, '/shared/', { from });
      assert.equal(r.status, 200);
      assert.match(r.body, /href="public\.txt"/);
      assert.equal(/href="office\.txt"/.test(r.body), shown, `office.txt listed for ${from}`);
    }
  });

  it('a listing that is the same for everyone is shared, and sorts by the query', async () => {
    const a = await fetchRaw(server.url, '/open/', { from: '127.0.0.3' });
    const b = await fetchRaw(server.url, '/open/', { from: '127.0.0.4' });
    assert.equal(a.status, 200);
    assert.equal(a.body, b.body);
    const desc = await fetchRaw(server.url, '/open/?C=N;O=D');
    assert.ok(desc.body.indexOf('two.txt') < desc.body.indexOf('one.txt'), 'descending by name');
    const asc = await fetchRaw(server.url, '/open/?C=N;O=A');
    assert.ok(asc.body.indexOf('one.txt') < asc.body.indexOf('two.txt'), 'ascending by name');
  });
});

describe('cache.revalidate_ms = 0 reads the disk on every request', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({ 'site/f.txt': 'one\n' });
    server = await startServer(path.join(root, 'site'), { set: ['log.access=', 'cache.revalidate_ms=0'] });
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
  });

  it('an edit applies to the very next request', async () => {
    assert.equal((await fetchRaw(server.url, '/f.txt')).body, 'one\n');
    await writeReadable(path.join(root, 'site/.htaccess'), 'Require all denied\n');
    assert.equal((await fetchRaw(server.url, '/f.txt')).status, 403);
    await fs.rm(path.join(root, 'site/.htaccess'));
    await writeReadable(path.join(root, 'site/f.txt'), 'two, longer\n');
    const r = await fetchRaw(server.url, '/f.txt');
    assert.equal(r.status, 200);
    assert.equal(r.body, 'two, longer\n');
  });
});
