// Process and file hardening (docs/security.md): .ht* names refused in any case, no root after the
// privilege drop, log files opened before it, the server environment hidden from access files
// unless allow-listed, and nosniff on files of unknown type.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRoot, makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { runCli } from '../helpers/cli.js';
import { fetchRaw } from '../helpers/http.js';
import { expectBuiltinPage, expectFile } from '../helpers/expect.js';
import { waitForMatch } from '../helpers/wait.js';

const NEEDS_ROOT = isRoot ? false : 'needs root: only root can be asked to switch user';

describe('.ht* names in any case, and files of unknown type', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({
      '.HTACCESS': 'Require all granted\n',
      '.Htpasswd': 'bob:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\n',
      'list/.HTgroups': 'staff: bob\n',
      'list/shown.txt': 'shown\n',
      'blob.unknownext': '<script>alert(1)</script>\n',
      'page.txt': 'text\n',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('refuses /.HTACCESS and /.Htpasswd (403) though they exist: a case-insensitive volume would serve the real ones', async () => {
    for (const name of ['/.HTACCESS', '/.Htpasswd', '/.hTnothing']) {
      const res = await fetchRaw(server.url, name);
      expectBuiltinPage(res, 403, name);
      assert.doesNotMatch(res.body, /granted|\{SHA\}/, `${name}: no byte of the file`);
    }
  });

  it('leaves them out of listings', async () => {
    const res = await fetchRaw(server.url, '/list/');
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /href="shown\.txt"/);
    assert.doesNotMatch(res.body, /HTgroups/);
  });

  it('sends X-Content-Type-Options: nosniff with a file of unknown type (and no Content-Type)', async () => {
    const res = await fetchRaw(server.url, '/blob.unknownext');
    expectFile(res, '<script>alert(1)</script>\n', null, 'unknown type');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const range = await fetchRaw(server.url, '/blob.unknownext', { headers: { Range: 'bytes=0-7' } });
    assert.equal(range.status, 206);
    assert.equal(range.body, '<script>');
    assert.equal(range.headers['x-content-type-options'], 'nosniff', 'on a range of it too');
  });

  it('adds nothing to a file whose type is known', async () => {
    const res = await fetchRaw(server.url, '/page.txt');
    expectFile(res, 'text\n', 'text/plain');
    assert.equal(res.headers['x-content-type-options'], undefined);
  });
});

describe('%{osenv:NAME} reads only access.osenv_allow', () => {
  let root: string;
  const VAR = 'HTSERVE_TEST_OSENV_SECRET';
  before(async () => {
    root = await makeTree({
      '.htaccess': `<If "%{osenv:${VAR}} == 'hunter2'">\nRequire all denied\n</If>\n`,
      'f.txt': 'f\n',
    });
    process.env[VAR] = 'hunter2'; // inherited by the server process
  });
  after(async () => {
    delete process.env[VAR];
    await removeTree(root);
  });

  it('reads as empty by default: the <If> does not see the server environment', async () => {
    const server = await startServer(root);
    try {
      expectFile(await fetchRaw(server.url, '/f.txt'), 'f\n', 'text/plain');
    } finally {
      await server.stop();
    }
  });

  it('reads the real value of an allow-listed name', async () => {
    const server = await startServer(root, { set: [`access.osenv_allow=TZ ${VAR}`] });
    try {
      expectBuiltinPage(await fetchRaw(server.url, '/f.txt'), 403, 'the <If> saw the value');
    } finally {
      await server.stop();
    }
  });
});

describe('start-up refusals', () => {
  let root: string;
  before(async () => {
    root = await makeTree({ 'f.txt': 'f\n' });
  });
  after(async () => {
    await removeTree(root);
  });

  for (const user of ['root', '0']) {
    it(`refuses server.user = ${user} (uid 0) with exit code 2`, { skip: NEEDS_ROOT }, async () => {
      const r = await runCli([root, '--host', '127.0.0.1', '--port', '0', '--set', `server.user=${user}`]);
      assert.equal(r.timedOut, false, 'it did not start serving');
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /server\.user: '.*' is root \(uid 0\)/);
      assert.doesNotMatch(r.stdout, /listening/);
    });
  }

  it('fails at start-up, naming the file, when a log file cannot be opened', async () => {
    const log = path.join(root, 'no-such-dir', 'error.log');
    const r = await runCli([root, '--host', '127.0.0.1', '--port', '0', '--set', `log.error=${log}`]);
    assert.equal(r.timedOut, false, 'it did not start serving');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /log file .*no-such-dir\/error\.log: ENOENT/);
  });

  it('writes logs into a directory only root can write, after dropping to nobody', { skip: NEEDS_ROOT }, async () => {
    const dir = path.join(root, 'root-only');
    await fs.mkdir(dir, { mode: 0o700 });
    const log = path.join(dir, 'error.log');
    const server = await startServer(root, { set: [`log.error=${log}`, 'log.level=info'] });
    try {
      expectFile(await fetchRaw(server.url, '/f.txt'), 'f\n', 'text/plain');
      await fetchRaw(server.url, '/missing');
      assert.ok(
        await waitForMatch(() => readOrEmpty(log), /running as nobody[\s\S]*serving /),
        `the log file: ${readOrEmpty(log)}`,
      );
    } finally {
      await server.stop();
    }
  });
});

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
