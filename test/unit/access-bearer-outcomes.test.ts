// How the access stage answers in a Bearer realm (src/access/bearer-access.ts), for each verdict
// of the token provider: the seed's 401-vs-403 rules with RFC 6750's challenge parameters, the
// error a JSON body repeats (authError), 500 for a realm that cannot check tokens, and never the
// token itself in a step, a reason or a log line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccess, type AccessOutcome, type AuthnPorts } from '../../src/access/check-access.js';
import type { BearerRealmKeys, BearerVerdict } from '../../src/authn/bearer-verify.js';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { baseConfig, mergeFragment } from '../../src/htaccess/merge.js';
import type { EffectiveConfig } from '../../src/htaccess/effective-config.js';
import type { AllowOverride, OverrideCategory } from '../../src/htaccess/types.js';

const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};
const TOKEN = 'hts_SECRETSECRETSECRETSECRETSECRETSECRETSECRE';

function realm(
  rules: string,
  head = 'AuthType Bearer\nAuthName "api"\nAuthBearerTokenFile conf/tokens\n',
): EffectiveConfig {
  const compiled = compileAccessFile(head + rules, '/srv/www/.htaccess', ALL);
  if (compiled.kind === 'error') assert.fail(compiled.error.message);
  const base = baseConfig({
    options: new Set(),
    directoryIndex: ['index.html'],
    forbiddenOnFailure: false,
    defaultCharset: null,
  });
  return mergeFragment(base, compiled.fragment);
}

async function outcome(
  cfg: EffectiveConfig,
  authorization: string | undefined,
  verdict: BearerVerdict,
  groups: ReadonlySet<string> | null = null,
): Promise<{ out: AccessOutcome; seen: BearerRealmKeys[] }> {
  const seen: BearerRealmKeys[] = [];
  const ports: AuthnPorts = {
    serverRoot: '/srv',
    checkPassword: () => assert.fail('no password check in a Bearer realm'),
    loadGroups: () => Promise.resolve(groups),
    bearer: {
      verify: (keys, token) => {
        assert.equal(token, TOKEN);
        seen.push(keys);
        return Promise.resolve(verdict);
      },
    },
  };
  const req = { method: 'GET', clientIp: '127.0.0.1', localIp: '127.0.0.1', authorization, env: new Map() };
  const out = await checkAccess(cfg, req, ports);
  assert.ok(!JSON.stringify(out).includes(TOKEN), 'the token is nowhere in the outcome');
  return { out, seen };
}

const valid = (name: string, ...scopes: string[]): BearerVerdict => ({
  kind: 'valid',
  name,
  scopes: new Set(scopes),
  via: 'test',
});
const bad: BearerVerdict = {
  kind: 'bad-credentials',
  reason: 'token "ci" expired',
  description: 'The access token has expired',
};

function denied(out: AccessOutcome) {
  assert.equal(out.kind, 'denied');
  if (out.kind !== 'denied') throw new Error('unreachable');
  return out;
}

describe('Bearer realm outcomes', () => {
  const scoped = realm('Require scope reports:read\n');

  it('no token, or another scheme: 401 with a bare challenge (no error)', async () => {
    for (const header of [undefined, `Basic ${Buffer.from('bob:pw').toString('base64')}`]) {
      const d = denied((await outcome(scoped, header, bad)).out);
      assert.equal(d.status, 401);
      assert.equal(d.challenge, 'Bearer realm="api"');
      assert.equal(d.authError, undefined);
      assert.match(d.why, /^401: the realm "api" needs a Bearer token/);
    }
  });

  it('a refused token: 401 invalid_token with its description, logged as HT020 with the reason', async () => {
    const { out, seen } = await outcome(scoped, `Bearer ${TOKEN}`, bad);
    const d = denied(out);
    assert.equal(d.status, 401);
    assert.equal(
      d.challenge,
      'Bearer realm="api", error="invalid_token", error_description="The access token has expired"',
    );
    assert.deepEqual(d.authError, { error: 'invalid_token', description: 'The access token has expired' });
    assert.deepEqual(d.logNote, {
      level: 'info',
      code: 'HT020',
      message: 'Bearer token refused for realm "api": token "ci" expired',
    });
    assert.equal(seen[0]?.tokenFile, '/srv/conf/tokens', 'relative to the server root');
    assert.equal(seen[0]?.clockSkewS, 60);
  });

  it('a malformed header is a refused token, without asking the provider', async () => {
    const d = denied((await outcome(scoped, 'Bearer a b', valid('x'))).out);
    assert.equal(d.status, 401);
    assert.equal(d.authError?.description, 'The access token is malformed');
  });

  it('a valid token without the scope: 403 insufficient_scope naming the scope; with it: allowed as its name', async () => {
    const d = denied((await outcome(scoped, `Bearer ${TOKEN}`, valid('ci', 'other'))).out);
    assert.equal(d.status, 403);
    assert.equal(
      d.challenge,
      'Bearer realm="api", error="insufficient_scope", ' +
        'error_description="The access token does not grant access to this resource", scope="reports:read"',
    );
    assert.equal(d.authError?.scope, 'reports:read');
    assert.equal(d.user, 'ci');
    const ok = (await outcome(scoped, `Bearer ${TOKEN}`, valid('ci', 'reports:read'))).out;
    assert.equal(ok.kind, 'allowed');
    assert.equal(ok.user, 'ci');
  });

  it('Require user and group apply to the token name; 403 even with AuthzSendForbiddenOnFailure off', async () => {
    const users = realm('Require user ci\n');
    assert.equal((await outcome(users, `Bearer ${TOKEN}`, valid('ci'))).out.kind, 'allowed');
    const d = denied((await outcome(users, `Bearer ${TOKEN}`, valid('other'))).out);
    assert.equal(d.status, 403);
    assert.equal(d.authError?.scope, undefined, 'no scope rule: no scope parameter');
    const grouped = realm('AuthGroupFile conf/groups\nRequire group ops\n');
    assert.equal((await outcome(grouped, `Bearer ${TOKEN}`, valid('ci'), new Set(['ops']))).out.kind, 'allowed');
    assert.equal(denied((await outcome(grouped, `Bearer ${TOKEN}`, valid('ci'), new Set())).out).status, 403);
  });

  it('<RequireAll> with an address rule: the address is decided first, without a challenge', async () => {
    const cfg = realm('<RequireAll>\nRequire ip 10.0.0.1\nRequire scope a\n</RequireAll>\n');
    const d = denied((await outcome(cfg, undefined, valid('ci', 'a'))).out);
    assert.equal(d.status, 403);
    assert.equal(d.challenge, null);
  });

  it('a token file that cannot be read, or no way to check tokens: 500 with file:line in the log', async () => {
    const err: BearerVerdict = { kind: 'error', file: '/srv/conf/tokens', which: 'token-file', message: 'ENOENT' };
    const d = denied((await outcome(scoped, `Bearer ${TOKEN}`, err)).out);
    assert.equal(d.status, 500);
    assert.equal(d.logNote?.code, 'HT021');
    assert.match(
      d.logNote?.message ?? '',
      /^\/srv\/www\/\.htaccess:3: AuthBearerTokenFile \/srv\/conf\/tokens: ENOENT$/,
    );
    const none = realm('Require valid-user\n', 'AuthType Bearer\nAuthName "api"\n');
    const n = denied((await outcome(none, `Bearer ${TOKEN}`, valid('ci'))).out);
    assert.equal(n.status, 500);
    assert.equal(n.logNote?.code, 'HT022');
    const noName = realm('Require valid-user\n', 'AuthType Bearer\nAuthBearerTokenFile conf/tokens\n');
    assert.equal(
      denied((await outcome(noName, `Bearer ${TOKEN}`, valid('ci'))).out).why,
      '500: AuthType Bearer is set but AuthName is missing',
    );
  });
});
