// A file swapped after its walk is never served in its place (docs/security.md "A file swapped between the check and
// the open"): where symlinks are refused the last component is opened with O_NOFOLLOW, and the
// opened file's dev/ino must be the walk's, also when the plan and body were cached long ago
// (revalidate_ms of an hour, watchers off). The server then decides again for the new state.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isRoot, makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { expectBuiltinPage, expectFile } from '../helpers/expect.js';
import { waitForMatch } from '../helpers/wait.js';

const NEEDS_ROOT = isRoot ? false : 'needs root: the server must drop to nobody, as in production';
const SECRET = 'TOP SECRET outside the document root\n';
const STALE_CACHES = ['cache.revalidate_ms=3600000', 'cache.watch=false'];

/** Replace `file` by a symlink to `target` in one step (rename over it), as an attacker would. */
async function swapForSymlink(file: string, target: string): Promise<void> {
  const tmp = `${file}.swap`;
  await fs.rm(tmp, { force: true });
  await fs.symlink(target, tmp);
  await fs.rename(tmp, file);
}

async function swapForFile(file: string, content: string): Promise<void> {
  const tmp = `${file}.swap`;
  await fs.writeFile(tmp, content);
  await fs.chmod(tmp, 0o644);
  await fs.rename(tmp, file);
}

describe('a served file swapped for a symlink under Options -FollowSymLinks', { skip: NEEDS_ROOT }, () => {
  let outside: string;
  let secret: string;
  before(async () => {
    outside = await makeTree({ 'secret.txt': SECRET, 'dir/a.txt': SECRET });
    secret = path.join(outside, 'secret.txt');
  });
  after(async () => {
    await removeTree(outside);
  });

  async function site(): Promise<string> {
    return makeTree({
      '.htaccess': 'Options -FollowSymLinks\n',
      'a.txt': 'public A\n',
      'b.txt': 'public B\n',
      'sub/a.txt': 'public sub A\n',
      'v.txt': 'version 1\n',
    });
  }

  describe('streamed from disk (cache.body_bytes = 0)', () => {
    let root: string;
    let server: TestServer;
    before(async () => {
      root = await site();
      server = await startServer(root, { set: [...STALE_CACHES, 'cache.body_bytes=0'] });
    });
    after(async () => {
      await server?.stop();
      await removeTree(root);
    });

    it('answers 403 (the new state: a refused symlink), not the secret, once the plan was cached', async () => {
      expectFile(await fetchRaw(server.url, '/a.txt'), 'public A\n', 'text/plain', 'before the swap');
      await swapForSymlink(path.join(root, 'a.txt'), secret);
      const res = await fetchRaw(server.url, '/a.txt');
      assert.ok(!res.body.includes('TOP SECRET'), 'the secret is never served');
      expectBuiltinPage(res, 403, 'after the swap');
      assert.ok(await waitForMatch(server.errorLog, /AH00037.*a\.txt/), server.errorLog());
    });

    it('answers 403 when a directory on the way became a symlink to a directory outside the root', async () => {
      expectFile(await fetchRaw(server.url, '/sub/a.txt'), 'public sub A\n', 'text/plain', 'before the swap');
      await fs.rename(path.join(root, 'sub'), path.join(root, 'sub.old'));
      await fs.symlink(path.join(outside, 'dir'), path.join(root, 'sub'));
      const res = await fetchRaw(server.url, '/sub/a.txt');
      assert.ok(!res.body.includes('TOP SECRET'), 'the secret is never served');
      expectBuiltinPage(res, 403, 'after the swap');
    });

    it('serves the new file when another regular file was renamed over it (a deploy)', async () => {
      expectFile(await fetchRaw(server.url, '/v.txt'), 'version 1\n', 'text/plain', 'before');
      await swapForFile(path.join(root, 'v.txt'), 'version 2, longer\n');
      expectFile(await fetchRaw(server.url, '/v.txt'), 'version 2, longer\n', 'text/plain', 'after the rename');
    });

    it('keeps answering with the checked version, or 403, while the file flips to a symlink and back', async () => {
      const file = path.join(root, 'b.txt');
      let flipping = true;
      const flipper = (async () => {
        for (let i = 0; flipping; i++) {
          if (i % 2 === 0) await swapForSymlink(file, secret);
          else await swapForFile(file, 'public B\n');
        }
      })();
      try {
        for (let i = 0; i < 300; i++) {
          const res = await fetchRaw(server.url, '/b.txt');
          assert.ok(!res.body.includes('TOP SECRET'), `request ${i}: the secret is never served`);
          if (res.status === 200) expectFile(res, 'public B\n', 'text/plain', `request ${i}`);
          else expectBuiltinPage(res, 403, `request ${i}`);
        }
      } finally {
        flipping = false;
        await flipper;
      }
    });
  });

  describe('with the memory body cache on', () => {
    let root: string;
    let server: TestServer;
    before(async () => {
      root = await site();
      server = await startServer(root, { set: STALE_CACHES });
    });
    after(async () => {
      await server?.stop();
      await removeTree(root);
    });

    it('never reads the symlink into the body cache when only the plan was cached (OPTIONS first)', async () => {
      const options = await fetchRaw(server.url, '/b.txt', { method: 'OPTIONS' });
      assert.equal(options.status, 200, 'OPTIONS caches the plan, reads no body');
      await swapForSymlink(path.join(root, 'b.txt'), secret);
      const res = await fetchRaw(server.url, '/b.txt');
      assert.ok(!res.body.includes('TOP SECRET'), 'the secret is never served');
      expectBuiltinPage(res, 403, 'after the swap');
      const again = await fetchRaw(server.url, '/b.txt');
      assert.ok(!again.body.includes('TOP SECRET'), 'nor on the next request');
      expectBuiltinPage(again, 403, 'the next request');
    });
  });
});
