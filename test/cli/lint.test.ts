// `htserve lint` as a process over fixture trees.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { runCli } from '../helpers/cli.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('htserve lint', () => {
  let root: string;
  before(async () => {
    root = await makeTree({
      users: 'plain:secret\n',
      'site/.htaccess': 'Order deny,allow\nDeny from all\n',
      'site/broken/.htaccess': 'Require all granted\nBogus x\n',
      'site/open/.htaccess': 'Allow from 10.0.0.0/8\n',
      'site/auth/.htaccess': 'AuthType Basic\nAuthUserFile USERS\nRequire valid-user\n',
      'site/noauth/.htaccess': 'Require valid-user\n',
      'site/any/.htaccess': 'Satisfy Any\nRequire all denied\n',
      'site/grp/.htaccess': 'AuthType Basic\nAuthName "G"\nAuthUserFile /nonexistent/users\nRequire group admins\n',
      'site/grp/wide/.htaccess': 'Require valid-user\n',
      'site/neg/.htaccess': '<RequireAll>\nRequire not ip 10.0.0.1\n</RequireAll>\n',
      'site/ht/.htaccess': '<Files ".ht*">\nRequire all granted\n</Files>\n',
      'site/ed/.htaccess': 'ErrorDocument 401 http://example.com/login\n',
    });
    const fs = await import('node:fs/promises');
    await fs.writeFile(
      path.join(root, 'site/auth/.htaccess'),
      `AuthType Basic\nAuthUserFile ${path.join(root, 'users')}\nRequire valid-user\n`,
    );
  });
  after(async () => {
    await removeTree(root);
  });

  it('reports every problem as path:LINE: severity: message and exits 1 on errors', async () => {
    const r = await runCli(['lint', path.join(root, 'site')]);
    const out = r.stdout;
    const expect: RegExp[] = [
      /broken\/\.htaccess:2: error: Invalid command 'Bogus'/,
      /open\/\.htaccess:1: warning: .*replace ALL legacy rules/,
      /auth\/\.htaccess:1: error: AuthType Basic without AuthName/,
      /noauth\/\.htaccess:1: error: Require needs a signed-in user but no AuthType/,
      /any\/\.htaccess:1: warning: Satisfy Any with no Deny/,
      /grp\/\.htaccess:3: error: AuthUserFile \/nonexistent\/users does not exist/,
      /grp\/wide\/\.htaccess:1: warning: this Require replaces the parent's stricter rules .* and widens access/,
      /neg\/\.htaccess:1: warning: <RequireAll> contains only negations/,
      /ht\/\.htaccess:1: warning: <Files \.ht\*> grants access/,
      /ed\/\.htaccess:1: warning: .*401/,
      /users:1: warning: .*plain/i,
    ];
    for (const re of expect) assert.match(out, re, out);
    assert.match(out, /access file\(s\) read: \d+ error\(s\), \d+ warning\(s\)$/m);
    assert.equal(r.code, 1);
  });

  it('prints JSON with --json', async () => {
    const r = await runCli(['lint', path.join(root, 'site'), '--json']);
    const j = JSON.parse(r.stdout) as {
      errors: number;
      findings: Array<{ file: string; line: number; severity: string }>;
    };
    assert.ok(j.errors >= 4);
    assert.ok(
      j.findings.every((f) => typeof f.line === 'number' && (f.severity === 'error' || f.severity === 'warning')),
    );
  });

  it('is clean (exit 0) on the demo site', async () => {
    const r = await runCli(['lint', '--config', 'conf/server.ini'], { cwd: REPO });
    assert.match(r.stdout, /0 error\(s\)/, r.stdout + r.stderr);
    assert.equal(r.code, 0);
  });

  it('reads nothing with allow_override None', async () => {
    const r = await runCli(['lint', path.join(root, 'site'), '--set', 'access.allow_override=None']);
    assert.match(r.stdout, /^0 access file\(s\) read: 0 error\(s\), 0 warning\(s\)$/m);
    assert.equal(r.code, 0);
  });
});
