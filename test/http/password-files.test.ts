// AuthUserFile/AuthGroupFile are never served (docs/apache-behaviour.md §9, docs/security.md): known
// from start-up (a scan of the access files), before any request read the access file naming them,
// and compared by identity, so a hard link or a symlink to them is refused too.
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
    expectBuiltinPage(await fetchRaw(server.url, '/shared/users'), 403, '/shared/users');
    expectBuiltinPage(await fetchRaw(server.url, '/shared/groups'), 403, 'the group file, named inside <IfModule>');
  });

  it('refuses a hard link to it under another name, and a symlink to it', async () => {
    expectBuiltinPage(await fetchRaw(server.url, '/shared/Users-hardlink.txt'), 403, 'hard link');
    expectBuiltinPage(await fetchRaw(server.url, '/shared/users-symlink'), 403, 'symlink');
  });

  it('refuses a file named by an access file that does not compile', async () => {
    expectBuiltinPage(await fetchRaw(server.url, '/shared/other'), 403, '/shared/other');
  });

  it('still serves the other files next to them', async () => {
    expectFile(await fetchRaw(server.url, '/shared/readme.txt'), 'public\n', 'text/plain');
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
    expectBuiltinPage(res, 403, 'hard link to the new user file');
  });
});
