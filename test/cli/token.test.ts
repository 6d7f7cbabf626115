// `htserve token add|list|revoke` as a process, `htserve check --bearer` explaining a decision
// without printing the token, and `htserve lint` flagging the Bearer directives as htserve-only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { runCli } from '../helpers/cli.js';

describe('htserve token', () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = await makeTree({ 'site/api/r.json': '{}\n' });
    file = path.join(dir, 'tokens');
  });
  after(async () => {
    await removeTree(dir);
  });

  it('add prints the new token once on stdout; the file keeps only its digest', async () => {
    const r = await runCli([
      'token',
      'add',
      file,
      'ci',
      '--scope',
      'reports:read',
      '--scope',
      'deploy',
      '--expires',
      '30d',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^hts_[A-Za-z0-9_-]{43}\n$/);
    const token = r.stdout.trim();
    assert.match(
      r.stderr,
      /^Added token "ci" to .* \(scopes: reports:read deploy; expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\.\n/,
    );
    assert.match(r.stderr, /shown only this once/);
    const text = await fs.readFile(file, 'utf8');
    assert.ok(!text.includes(token) && !text.includes(token.slice(4)), 'the token is not stored');
    assert.match(text, /^# htserve token file/);
    assert.match(text, /^ci sha256:[A-Za-z0-9_-]{43} created=\S+ expires=\S+ scope=reports:read scope=deploy$/m);
    assert.equal((await fs.stat(file)).mode & 0o777, 0o644, 'readable by the server user, like an htpasswd file');
    const expiry = /^ci .* expires=(\S+)/m.exec(text)![1]!;
    const days = (Date.parse(expiry) - Date.now()) / 86400_000;
    assert.ok(days > 29.9 && days <= 30, `30 days from now: ${expiry}`);
  });

  it('add refuses a name that already has a live token, and bad options (exit 2)', async () => {
    const again = await runCli(['token', 'add', file, 'ci']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /:\d+: "ci" already has a token; revoke it first or choose another name/);
    assert.equal(again.stdout, '', 'no token printed');
    for (const [args, message] of [
      [['--expires', 'soon'], /--expires takes 30d/],
      [['--expires', '2001-01-01'], /is in the past/],
      [['--scope', 'a b'], /is not a scope name/],
      [['--bogus'], /unknown option --bogus/],
    ] as const) {
      const r = await runCli(['token', 'add', file, 'x', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
    const badName = await runCli(['token', 'add', file, 'a=b']);
    assert.equal(badName.code, 2);
    assert.equal((await runCli(['token', 'frob', file])).code, 2);
  });

  it('list shows names, states, dates and scopes (never digests); revoke marks the entry', async () => {
    assert.equal((await runCli(['token', 'add', file, 'old', '--expires', '2099-01-01'])).code, 0);
    const revoked = await runCli(['token', 'revoke', file, 'old']);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stderr, /^Revoked token "old" in /);
    const list = await runCli(['token', 'list', file]);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME +STATE +CREATED +EXPIRES +SCOPES$/);
    assert.match(lines[1]!, /^ci +active +\S+Z +\S+Z +reports:read deploy$/);
    assert.match(lines[2]!, /^old +revoked +\S+Z +2099-01-01T00:00:00Z +-$/);
    assert.ok(!list.stdout.includes('sha256'));
    const json = await runCli(['token', 'list', file, '--json']);
    const rows = JSON.parse(json.stdout) as Array<{ name: string; state: string; scopes: string[] }>;
    assert.deepEqual(
      rows.map((r) => [r.name, r.state, r.scopes]),
      [
        ['ci', 'active', ['reports:read', 'deploy']],
        ['old', 'revoked', []],
      ],
    );
    const again = await runCli(['token', 'revoke', file, 'old']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no token named "old" that is not already revoked/);
    assert.equal((await runCli(['token', 'add', file, 'old'])).code, 0, 'a revoked name may be reused');
    assert.equal((await runCli(['token', 'list', path.join(dir, 'missing')])).code, 1);
  });

  it('check --bearer explains the decision without printing the token', async () => {
    const add = await runCli(['token', 'add', file, 'reader', '--scope', 'reports:read']);
    const token = add.stdout.trim();
    await fs.writeFile(
      path.join(dir, 'site/api/.htaccess'),
      `AuthType Bearer\nAuthName "api"\nAuthBearerTokenFile ${file}\nRequire scope reports:read\n`,
    );
    await fs.chmod(path.join(dir, 'site/api/.htaccess'), 0o644);
    const site = path.join(dir, 'site');
    const ok = await runCli(['check', '/api/r.json', '--root', site, '--bearer', token]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^GET \/api\/r\.json with a Bearer token from 127\.0\.0\.1\n {2}200 OK\n/);
    assert.match(
      ok.stdout,
      /\[authn\] .*\.htaccess:3: signed in as "reader" with a Bearer token \(.*tokens:\d+; scopes: reports:read\) => granted/,
    );
    assert.ok(!ok.stdout.includes(token));
    const ci = await runCli(['check', '/api/r.json', '--root', site, '--bearer', 'hts_unknown', '--json']);
    assert.equal(ci.code, 1);
    const report = JSON.parse(ci.stdout) as {
      status: number;
      headers: Record<string, string>;
      authError: unknown;
      why: string;
    };
    assert.equal(report.status, 401);
    assert.equal(
      report.headers['WWW-Authenticate'],
      'Bearer realm="api", error="invalid_token", error_description="The access token is not recognised"',
    );
    assert.deepEqual(report.authError, { error: 'invalid_token', description: 'The access token is not recognised' });
    assert.match(report.why, /^401: the realm "api" refused the Bearer token \(unknown token/);
    const both = await runCli(['check', '/api/r.json', '--root', site, '--bearer', 'x', '--user', 'a:b']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--user and --bearer cannot both be given/);
  });

  it('lint flags the Bearer directives as htserve-only and checks the realm', async () => {
    const site = await makeTree({
      'api/.htaccess': `AuthType Bearer\nAuthName "api"\nAuthBearerTokenFile ${file}\nRequire scope reports:read\n`,
      'jwt/.htaccess': 'AuthType Bearer\nAuthName "jwt"\nAuthBearerJWKS /nonexistent/jwks.json\nRequire valid-user\n',
      'none/.htaccess': 'AuthType Bearer\nAuthName "none"\nRequire valid-user\n',
      'basic/.htaccess': `AuthType Basic\nAuthName "b"\nAuthUserFile ${file}\nRequire scope x\n`,
    });
    try {
      const r = await runCli(['lint', site]);
      assert.equal(r.code, 1, r.stdout);
      const out = r.stdout;
      assert.match(out, /api\/\.htaccess:1: warning: AuthType Bearer is an htserve extension: Apache does not know it/);
      assert.match(out, /api\/\.htaccess:3: warning: AuthBearerTokenFile is an htserve extension/);
      assert.match(out, /api\/\.htaccess:4: warning: Require scope is an htserve extension/);
      assert.match(out, /jwt\/\.htaccess:3: error: AuthBearerJWKS \/nonexistent\/jwks\.json does not exist/);
      assert.match(out, /jwt\/\.htaccess:3: warning: AuthBearerJWKS without AuthBearerAudience/);
      assert.match(
        out,
        /none\/\.htaccess:1: error: AuthType Bearer without AuthBearerTokenFile, AuthBearerJWKS or AuthBearerSecret/,
      );
      assert.match(out, /basic\/\.htaccess:4: warning: Require scope only matches Bearer tokens/);
    } finally {
      await removeTree(site);
    }
  });
});
