// AuthUserFile/AuthGroupFile are never served (docs/apache-behaviour.md §9, docs/security.md): known
// from start-up (a scan of the access files), before any request read the access file naming them,
// and compared by identity, so a hard link or a symlink to them is refused too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRoot, makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';
import { expectBuiltinPage, expectFile } from '../helpers/expect.js';

const NEEDS_ROOT = isRoot ? false : 'needs root: the server must drop to nobody, as in production';
const USERS = 'bob:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\n';

/** 403 with the built-in page, and not a byte of the file: no user name, no hash. */
function expectRefused(res: TestResponse, what: string): void {
  assert.equal(res.status, 403, `${what}: status`);
  assert.equal(res.headers['www-authenticate'], undefined, `${what}: no challenge`);
  assert.ok(!res.body.includes('{SHA}') && !res.body.includes('bob:'), `${what}: the hashes leak`);
  assert.ok(!res.body.includes('staff:'), `${what}: the groups leak`);
  expectBuiltinPage(res, 403, what);
}

describe('password and group files right after a start', { skip: NEEDS_ROOT }, () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({
      'shared/users': USERS,
      'shared/groups': 'staff: bob\n',
      'shared/other': USERS,
      'shared/readme.txt': 'public\n',
      'broken/f.txt': 'below a broken access file\n',
    });
    const shared = path.join(root, 'shared');
    await fs.mkdir(path.join(root, 'members'), { recursive: true });
    await fs.chmod(path.join(root, 'members'), 0o755);
    await fs.writeFile(
      path.join(root, 'members/.htaccess'),
      'AuthType Basic\nAuthName "Members"\n' +
        `AuthUserFile "${shared}/users"\n<IfModule mod_authz_groupfile.c>\nAuthGroupFile ${shared}/groups\n` +
        '</IfModule>\nRequire valid-user\n',
    );
    // A broken access file still names a file: it is refused too (read leniently).
    await fs.writeFile(path.join(root, 'broken/.htaccess'), `Bogus directive\nAuthUserFile ${shared}/other\n`);
    for (const f of ['members/.htaccess', 'broken/.htaccess']) await fs.chmod(path.join(root, f), 0o644);
    await fs.link(path.join(shared, 'users'), path.join(shared, 'Users-hardlink.txt'));
    await fs.symlink(path.join(shared, 'users'), path.join(shared, 'users-symlink'));
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('refuses the user file (403) before any protected request was made', async () => {
    expectRefused(await fetchRaw(server.url, '/shared/users'), '/shared/users');
    expectRefused(await fetchRaw(server.url, '/shared/groups'), 'the group file, named inside <IfModule>');
  });

  it('refuses a hard link to it under another name, and a symlink to it', async () => {
    expectRefused(await fetchRaw(server.url, '/shared/Users-hardlink.txt'), 'hard link');
    expectRefused(await fetchRaw(server.url, '/shared/users-symlink'), 'symlink');
  });

  it('refuses a file named by an access file that does not compile', async () => {
    expectRefused(await fetchRaw(server.url, '/shared/other'), '/shared/other');
  });

  it('still serves the other files next to them', async () => {
    const res = await fetchRaw(server.url, '/shared/readme.txt');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'public\n');
    expectFile(res, 'public\n', 'text/plain');
  });

  it('knows a user file replaced by rename under its new inode (a hard link made afterwards is refused)', async () => {
    const shared = path.join(root, 'shared');
    await fs.writeFile(path.join(shared, 'users.tmp'), USERS + 'alice:{SHA}x\n');
    await fs.chmod(path.join(shared, 'users.tmp'), 0o644);
    await fs.rename(path.join(shared, 'users.tmp'), path.join(shared, 'users'));
    await fs.link(path.join(shared, 'users'), path.join(shared, 'new-link.txt'));
    let res: TestResponse = await fetchRaw(server.url, '/shared/new-link.txt');
    // Known once the directory's watcher or the refresh timer (1 s here) saw it: poll for the refusal.
    for (let i = 0; i < 100 && res.status !== 403; i++) {
      await sleep(50);
      res = await fetchRaw(server.url, '/shared/new-link.txt');
    }
    expectRefused(res, 'hard link to the new user file');
  });
});
