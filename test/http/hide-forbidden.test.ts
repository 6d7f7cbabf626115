// AuthzHideForbidden (an htserve extension, issue 10): under `On` every 403 of the tree is a 404
// indistinguishable from a real one (same status, headers and body, ErrorDocument 404 included);
// under `All` the 401s too; `Off` in a child restores the 403. `check` explains the real answer,
// and `lint` flags the directive as unknown to Apache.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest, type TestResponse } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { authLines, expectOutcome, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';

const NOT_FOUND = 'not-found-marker\n';

/** Everything the client sees except the Date header. */
function visible(res: TestResponse): string {
  const headers = Object.entries(res.headers)
    .filter(([k]) => k !== 'date')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify({ status: res.status, headers, body: res.body });
}

describe('AuthzHideForbidden', () => {
  let files: AuthFiles;
  let root: string;
  let server: TestServer;
  before(async () => {
    files = await makeAuthFiles();
    root = await makeTree({
      '.htaccess': 'ErrorDocument 404 /errors/404.html\n',
      'errors/404.html': NOT_FOUND,
      'office/.htaccess': 'AuthzHideForbidden On\nRequire ip 127.0.0.2\n',
      'office/f.txt': 'office\n',
      'office/open/.htaccess': 'AuthzHideForbidden Off\n',
      'office/open/f.txt': 'open\n',
      'nolist/.htaccess': 'Options -Indexes\nAuthzHideForbidden On\n',
      'nolist/f.txt': 'f\n',
      'admins/.htaccess': `${authLines(files)}Require group staff\nAuthzHideForbidden On\n`,
      'admins/f.txt': 'admins\n',
      'vault/.htaccess': `${authLines(files)}Require valid-user\nAuthzHideForbidden All\n`,
      'vault/f.txt': 'vault\n',
    });
    // The error page a second old at least: its ETag is then strong for every request compared
    // (a file younger than a second gets a weak one, and the comparison would depend on timing).
    const past = new Date(Date.now() - 60_000);
    await fs.utimes(path.join(root, 'errors/404.html'), past, past);
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(files.dir);
  });

  const get = (target: string, req: TestRequest = {}) => fetchRaw(server.url, target, req);

  it('answers every 403 under On exactly like a real 404', async () => {
    const real = await get('/nothing-here');
    expectOutcome(real, { status: 404, marker: NOT_FOUND }, 'a real 404');
    for (const [target, req] of [
      ['/office/f.txt', {}], // Require ip
      ['/office/missing.txt', {}],
      ['/office/', {}],
      ['/nolist/', {}], // Options -Indexes
      ['/admins/f.txt', { auth: 'bob:bobpw' }], // signed in, not in the group
    ] as const) {
      const res = await get(target, req);
      assert.equal(visible(res), visible(real), `${target} looks like a real 404`);
    }
    // Allowed requests are untouched; Off in a child gives the real 403 back.
    expectOutcome(await get('/office/f.txt', { from: '127.0.0.2' }), { status: 200, body: 'office\n' }, 'granted');
    expectOutcome(await get('/nolist/f.txt'), { status: 200, body: 'f\n' }, 'file under -Indexes');
    expectOutcome(await get('/office/open/f.txt'), { status: 403 }, 'AuthzHideForbidden Off below');
    expectOutcome(await get('/admins/f.txt', { auth: 'sam:sampw' }), { status: 200, body: 'admins\n' }, 'staff');
    // On keeps the 401: the client may still be asked for a password.
    expectOutcome(await get('/admins/f.txt'), { status: 401 }, 'anonymous under On');
  });

  it('under All, 401s are hidden too: only credentials sent up front get in', async () => {
    const real = await get('/nothing-here');
    for (const req of [{}, { auth: 'bob:wrong' }, { auth: 'nobody:x' }]) {
      const res = await get('/vault/f.txt', req);
      assert.equal(visible(res), visible(real), `${JSON.stringify(req)}: no challenge, a real-looking 404`);
    }
    expectOutcome(await get('/vault/f.txt', { auth: 'bob:bobpw' }), { status: 200, body: 'vault\n' }, 'pre-emptive');
  });

  it('check explains the real answer; lint flags the directive as htserve-only', async () => {
    const check = await runCli(['check', '/office/f.txt', '--root', root, '--json']);
    assert.equal(check.code, 1, check.stderr);
    const report = JSON.parse(check.stdout) as { status: number; why: string; hidden?: { status: number } };
    assert.equal(report.status, 404);
    assert.equal(report.hidden?.status, 403);
    assert.match(
      report.why,
      /^404: hidden by AuthzHideForbidden On \(.*office\/\.htaccess:1\); the real answer is 403: /,
    );

    const lint = await runCli(['lint', root]);
    assert.match(
      lint.stdout,
      /office\/\.htaccess:1: warning: AuthzHideForbidden is an htserve extension: Apache does not know it/,
    );
  });
});
