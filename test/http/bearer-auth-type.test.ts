// AUTH_TYPE names how the user signed in: `Bearer` in a token realm, `Basic` in a password
// realm, empty before anyone has — in `Require expr`, in mod_rewrite's %{AUTH_TYPE} and in what
// `htserve check --bearer` reports.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { htpasswdLine } from '../helpers/engine.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';

/** A realm whose rewrite rules serve a file named after %{AUTH_TYPE}. */
const rewriteByAuthType =
  'RewriteEngine On\n' +
  'RewriteCond %{AUTH_TYPE} ^Bearer$\nRewriteRule ^who\\.txt$ bearer.txt [L]\n' +
  'RewriteCond %{AUTH_TYPE} ^Basic$\nRewriteRule ^who\\.txt$ basic.txt [L]\n' +
  'RewriteCond %{AUTH_TYPE} ^$\nRewriteRule ^who\\.txt$ nobody.txt [L]\n';
const answers = { 'bearer.txt': 'Bearer\n', 'basic.txt': 'Basic\n', 'nobody.txt': 'nobody\n' };

describe('AUTH_TYPE in token and password realms', () => {
  let conf: string;
  let root: string;
  let server: TestServer;
  let token: string;
  const bearer = (): TestRequest => ({ headers: { Authorization: `Bearer ${token}` } });

  before(async () => {
    conf = await makeTree({ users: htpasswdLine('s', 'sam', 'sampw') + '\n' });
    const add = await runCli(['token', 'add', path.join(conf, 'tokens'), 'ci']);
    assert.equal(add.code, 0, add.stderr);
    token = add.stdout.trim();
    const tokenRealm = `AuthType Bearer\nAuthName "api"\nAuthBearerTokenFile ${path.join(conf, 'tokens')}\n`;
    const passwordRealm = `AuthType Basic\nAuthName "staff"\nAuthUserFile ${path.join(conf, 'users')}\n`;
    // reading REMOTE_USER makes the expression ask for a user (mod_authz_core's want_user)
    const expr = (type: string) => `Require expr "-n %{REMOTE_USER} && %{AUTH_TYPE} == '${type}'"\n`;
    root = await makeTree({
      'tok/f.txt': 'token realm\n',
      'tok/.htaccess': tokenRealm + expr('Bearer'),
      'tok-as-basic/f.txt': 'never\n',
      'tok-as-basic/.htaccess': tokenRealm + expr('Basic'),
      'pw/f.txt': 'password realm\n',
      'pw/.htaccess': passwordRealm + expr('Basic'),
      'rw-tok/.htaccess': tokenRealm + 'Require valid-user\n' + rewriteByAuthType,
      'rw-pw/.htaccess': passwordRealm + 'Require valid-user\n' + rewriteByAuthType,
      'rw-open/.htaccess': rewriteByAuthType,
      ...Object.fromEntries(
        ['rw-tok', 'rw-pw', 'rw-open'].flatMap((d) => Object.entries(answers).map(([f, t]) => [`${d}/${f}`, t])),
      ),
    });
    server = await startServer(root, { set: ['auth.max_failures=0'] });
  });
  after(async () => {
    await server?.stop();
    if (root) await removeTree(root);
    if (conf) await removeTree(conf);
  });

  it('Require expr sees Bearer for a token and Basic for a password', async () => {
    const tok = await fetchRaw(server.url, '/tok/f.txt', bearer());
    assert.equal(tok.status, 200, tok.body);
    assert.equal(tok.body, 'token realm\n');
    // a token realm that insists on Basic refuses the valid token (403: forbidden_on_failure)
    const asBasic = await fetchRaw(server.url, '/tok-as-basic/f.txt', bearer());
    assert.equal(asBasic.status, 403, asBasic.body);
    const pw = await fetchRaw(server.url, '/pw/f.txt', { auth: 'sam:sampw' });
    assert.equal(pw.status, 200, pw.body);
    assert.equal(pw.body, 'password realm\n');
  });

  it('%{AUTH_TYPE} in rewrite conditions: Bearer, Basic, or empty with no one signed in', async () => {
    const tok = await fetchRaw(server.url, '/rw-tok/who.txt', bearer());
    assert.equal(tok.status, 200, tok.body);
    assert.equal(tok.body, 'Bearer\n');
    const pw = await fetchRaw(server.url, '/rw-pw/who.txt', { auth: 'sam:sampw' });
    assert.equal(pw.status, 200, pw.body);
    assert.equal(pw.body, 'Basic\n');
    const open = await fetchRaw(server.url, '/rw-open/who.txt');
    assert.equal(open.status, 200, open.body);
    assert.equal(open.body, 'nobody\n');
  });

  it('htserve check --bearer reports the same decisions', async () => {
    const ok = await runCli(['check', '/tok/f.txt', '/rw-tok/who.txt', root, '--bearer', token]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /\/tok\/f\.txt[^\n]*200/);
    assert.match(ok.stdout, /as ci: Require expr "-n %\{REMOTE_USER\} && %\{AUTH_TYPE\} == 'Bearer'" => granted/);
    assert.match(ok.stdout, /bearer\.txt/);
    assert.ok(!ok.stdout.includes(token), 'the token is never printed');
    const refused = await runCli(['check', '/tok-as-basic/f.txt', root, '--bearer', token]);
    assert.match(refused.stdout, /403/);
  });
});
