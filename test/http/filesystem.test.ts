// The filesystem decides (docs/apache-behaviour.md §9, §10, §10.1): the server is started as root and drops to
// `nobody`, so file modes and owners apply to it exactly as they apply to Apache's www-data.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isRoot, makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { expectBuiltinPage, expectFile } from '../helpers/expect.js';
import { waitForMatch } from '../helpers/wait.js';

const NOBODY = 65534;
const NEEDS_ROOT = isRoot
  ? false
  : 'needs root: the server must start as root and drop to nobody for file permissions to mean anything';

describe('file permissions, as seen by the unprivileged server user', { skip: NEEDS_ROOT }, () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({
      'ok.txt': 'ok\n',
      'secret-root.txt': { content: 'root only\n', mode: 0o600 },
      'nobody-only.txt': { content: 'nobody only\n', mode: 0o600 },
      noexec: { dir: true, mode: 0o644 },
      'noexec/file.txt': 'behind a directory without x\n',
      'noexec/index.html': '<p>never</p>\n',
      xonly: { dir: true, mode: 0o711 },
      'xonly/file.txt': 'x without r\n',
      'xonly-idx': { dir: true, mode: 0o711 },
      'xonly-idx/index.html': '<p>index found by stat</p>\n',
      'badht/.htaccess': { content: '# unreadable for nobody\n', mode: 0o600 },
      'badht/file.txt': 'below an unreadable access file\n',
      'badht/sub/file.txt': 'deeper below an unreadable access file\n',
    });
    await fs.chown(path.join(root, 'nobody-only.txt'), NOBODY, NOBODY);
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('runs as nobody after binding (/proc status shows uid 65534)', async () => {
    const status = await fs.readFile(`/proc/${server.child.pid!}/status`, 'utf8');
    const uids = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
    assert.ok(uids, status);
    assert.deepEqual(uids.slice(1).map(Number), [NOBODY, NOBODY, NOBODY, NOBODY], 'real, effective, saved and fs uid');
    assert.match(server.errorLog(), /running as nobody/);
  });

  it('serves a readable file with 200', async () => {
    expectFile(await fetchRaw(server.url, '/ok.txt'), 'ok\n', 'text/plain');
  });

  it('answers 403 for a file of mode 0600 owned by root, and logs it', async () => {
    expectBuiltinPage(await fetchRaw(server.url, '/secret-root.txt'), 403, 'root-only file');
    assert.ok(
      await waitForMatch(server.output, /"GET \/secret-root\.txt HTTP\/1\.1" 403 /),
      `access log: ${server.output()}`,
    );
    assert.ok(await waitForMatch(server.errorLog, /AH00132.*secret-root\.txt/), `error log: ${server.errorLog()}`);
  });

  it('serves a file of mode 0600 owned by nobody (the privilege drop really happened)', async () => {
    expectFile(await fetchRaw(server.url, '/nobody-only.txt'), 'nobody only\n', 'text/plain');
    assert.ok(
      await waitForMatch(server.output, /"GET \/nobody-only\.txt HTTP\/1\.1" 200 12 /),
      `access log: ${server.output()}`,
    );
  });

  // A directory without x (0644): nothing inside can be reached, and the directory itself is
  // a 403 too — no 301 for the slash-less form, because its access file cannot be checked.
  for (const target of ['/noexec/file.txt', '/noexec/index.html', '/noexec/', '/noexec', '/noexec/missing.txt']) {
    it(`answers 403 for ${target} inside a directory without search permission`, async () => {
      const res = await fetchRaw(server.url, target);
      expectBuiltinPage(res, 403, target);
      assert.equal(res.headers.location, undefined, 'no redirect');
    });
  }

  it('serves a file inside a directory with x but not r', async () => {
    expectFile(await fetchRaw(server.url, '/xonly/file.txt'), 'x without r\n', 'text/plain');
  });

  it('answers 403 for the listing of a directory with x but not r', async () => {
    expectBuiltinPage(await fetchRaw(server.url, '/xonly/'), 403, 'unreadable listing');
  });

  it('serves index.html of a directory with x but not r (found without reading the directory)', async () => {
    expectFile(await fetchRaw(server.url, '/xonly-idx/'), '<p>index found by stat</p>\n', 'text/html');
  });

  for (const target of ['/badht/file.txt', '/badht/sub/file.txt', '/badht/', '/badht/missing.txt']) {
    it(`answers 403 for ${target} below an access file the server cannot read`, async () => {
      expectBuiltinPage(await fetchRaw(server.url, target), 403, target);
    });
  }
});

// docs/apache-behaviour.md §10.1: which links are followed, per Options at the document root.
describe('symbolic links under each Options setting', { skip: NEEDS_ROOT }, () => {
  let root: string;
  let outside: string;
  const servers = new Map<string, TestServer>();

  // Options in force -> expected status for each kind of link
  const links: Array<{ target: string; body: string; why: string }> = [
    { target: '/links/inside.txt', body: 'ok\n', why: 'a link to a file inside the root' },
    { target: '/links/outside.txt', body: 'outside the root\n', why: 'a link to a file outside the root' },
    { target: '/links/dangling.txt', body: '', why: 'a dangling link' },
    { target: '/links/dir-link/f.txt', body: 'in a linked directory\n', why: 'a file inside a linked directory' },
    { target: '/links/to-nobody.txt', body: 'owned by nobody\n', why: 'a root-owned link to a file owned by nobody' },
    { target: '/links/to-root.txt', body: 'ok\n', why: 'a root-owned link to a root-owned file' },
  ];
  const matrix: Array<{ options: string | null; expect: number[] }> = [
    { options: null /* default: Indexes FollowSymLinks */, expect: [200, 200, 403, 200, 200, 200] },
    { options: 'Indexes', expect: [403, 403, 403, 403, 403, 403] },
    { options: 'Indexes SymLinksIfOwnerMatch', expect: [200, 200, 403, 200, 403, 200] },
    { options: 'FollowSymLinks SymLinksIfOwnerMatch', expect: [200, 200, 403, 200, 403, 200] },
    { options: 'None', expect: [403, 403, 403, 403, 403, 403] },
  ];

  before(async () => {
    outside = await makeTree({ 'target.txt': 'outside the root\n' });
    root = await makeTree({
      'ok.txt': 'ok\n',
      'real-dir/f.txt': 'in a linked directory\n',
      'nobody-file.txt': 'owned by nobody\n',
      'links/inside.txt': { symlink: '../ok.txt' },
      'links/outside.txt': { symlink: path.join(outside, 'target.txt') },
      'links/dangling.txt': { symlink: '../does-not-exist.txt' },
      'links/dir-link': { symlink: '../real-dir' },
      'links/to-nobody.txt': { symlink: '../nobody-file.txt' },
      'links/to-root.txt': { symlink: '../ok.txt' },
    });
    await fs.chown(path.join(root, 'nobody-file.txt'), NOBODY, NOBODY);
    for (const m of matrix) {
      servers.set(
        String(m.options),
        await startServer(root, { set: m.options === null ? [] : [`access.options=${m.options}`] }),
      );
    }
  });
  after(async () => {
    for (const s of servers.values()) await s.stop();
    await removeTree(root);
    await removeTree(outside);
  });

  for (const m of matrix) {
    const label = m.options === null ? 'the default Options (Indexes FollowSymLinks)' : `access.options=${m.options}`;
    links.forEach((link, i) => {
      const status = m.expect[i]!;
      it(`answers ${status} for ${link.why} with ${label}`, async () => {
        const res = await fetchRaw(servers.get(String(m.options))!.url, link.target);
        if (status === 200) expectFile(res, link.body, 'text/plain', link.target);
        else expectBuiltinPage(res, status, link.target);
      });
    });
  }

  it('never lists a dangling link in a directory listing', async () => {
    const res = await fetchRaw(servers.get('null')!.url, '/links/');
    assert.equal(res.status, 200);
    assert.match(res.body, /href="inside\.txt"/);
    assert.doesNotMatch(res.body, /dangling/);
  });
});

// These do not depend on who the server runs as.
describe('names that are never served, and paths that lead nowhere', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({
      '.htaccess': '# nothing to configure\n',
      '.htpasswd': 'user:$apr1$abc$0123456789abcdefghijkl\n',
      '.htfoo': 'foo\n',
      'ok.txt': 'ok\n',
      'dir/.htaccess': '# nothing here either\n',
      'dir/index.html': '<p>dir index</p>\n',
      'htdir/.htaccess': { dir: true },
      'htdir/file.txt': 'below an access file that is a directory\n',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  const cases: Array<{ target: string; status: number; why: string; method?: string }> = [
    { target: '/.htaccess', status: 403, why: 'the access file' },
    { target: '/.htpasswd', status: 403, why: 'a password file' },
    { target: '/.htfoo', status: 403, why: 'any name starting with .ht' },
    { target: '/.htnothing', status: 403, why: 'a nonexistent .ht name (checked before existence)' },
    { target: '/dir/.htaccess', status: 403, why: 'an access file in a subdirectory' },
    { target: '/dir/.htaccess%20', status: 403, why: 'the name ".htaccess " (trailing space)' },
    { target: '/dir/.ht', status: 403, why: 'the bare name .ht' },
    { target: '/.htaccess', status: 403, why: 'the access file, with HEAD', method: 'HEAD' },
    { target: '/%2ehtaccess', status: 403, why: 'the access file with an encoded dot' },
    { target: '/.HTACCESS', status: 403, why: 'upper case: refused case-insensitively (a deliberate difference)' },
    { target: '/dir/.Htaccess', status: 403, why: 'another case of the name, refused like .htaccess' },
    { target: '/missing.txt', status: 404, why: 'a missing file' },
    { target: '/nope/missing.txt', status: 404, why: 'a file in a missing directory' },
    { target: '/ok.txt/extra', status: 404, why: 'path-info after a static file' },
    { target: '/ok.txt/', status: 404, why: 'a trailing slash after a file name' },
    { target: '/dir/index.html/', status: 404, why: 'a trailing slash after an index file' },
    { target: '/htdir/file.txt', status: 403, why: 'a file below an access file that is a directory' },
  ];

  for (const c of cases) {
    it(`answers ${c.status} for ${c.method ?? 'GET'} ${c.target}: ${c.why}`, async () => {
      const res = await fetchRaw(server.url, c.target, { method: c.method ?? 'GET' });
      expectBuiltinPage(res, c.status, c.target, c.method);
      assert.doesNotMatch(res.body, /nothing to configure|\$apr1\$/, 'no byte of a .ht file');
    });
  }

  it('serves the directory index next to an access file', async () => {
    expectFile(await fetchRaw(server.url, '/dir/'), '<p>dir index</p>\n', 'text/html');
  });
});
