// `Require scope` (an htserve extension for Bearer realms): like `Require user`, it asks for a
// token first (denied-no-user), then grants when the token carries any listed scope; it combines
// with every container and with <Limit>, and the challenge names the scopes that apply.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRequire, scopesNamed, treeMentionsUser } from '../../src/authz/require-eval.js';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import type { AllowOverride, OverrideCategory } from '../../src/htaccess/types.js';
import { all, any, limit, none, request, top } from './authz-fixtures.js';

const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

const asToken = (user: string, ...scopes: string[]) => request({ user, scopes: new Set(scopes) });

describe('Require scope', () => {
  it('asks for a token first, then grants on any listed scope', () => {
    const tree = top('Require scope read write');
    assert.equal(evaluateRequire(tree, request()).result, 'denied-no-user');
    assert.equal(evaluateRequire(tree, asToken('ci', 'write')).result, 'granted');
    assert.equal(evaluateRequire(tree, asToken('ci', 'read', 'x')).result, 'granted');
    assert.equal(evaluateRequire(tree, asToken('ci')).result, 'denied');
    assert.equal(evaluateRequire(tree, request({ user: 'bob' })).result, 'denied', 'a Basic user has no scopes');
    assert.equal(treeMentionsUser(tree), true);
  });

  it('<RequireAll> needs every scope, <RequireAny> one of them, <RequireNone> excludes', () => {
    const both = top(all('Require scope a', 'Require scope b'));
    assert.equal(evaluateRequire(both, asToken('ci', 'a')).result, 'denied');
    assert.equal(evaluateRequire(both, asToken('ci', 'a', 'b')).result, 'granted');
    const either = top(any('Require scope admin', 'Require user ci'));
    assert.equal(evaluateRequire(either, asToken('ci')).result, 'granted');
    assert.equal(evaluateRequire(either, asToken('other', 'admin')).result, 'granted');
    assert.equal(evaluateRequire(either, asToken('other', 'read')).result, 'denied');
    const notBanned = top(all('Require valid-user', none('Require scope banned')));
    assert.equal(evaluateRequire(notBanned, asToken('ci', 'read')).result, 'granted');
    assert.equal(evaluateRequire(notBanned, asToken('ci', 'banned')).result, 'denied');
  });

  it('<Limit> applies it to some methods only, and the challenge names only those scopes', () => {
    const tree = top(...limit(['POST'], 'Require scope write'), 'Require scope read');
    assert.equal(evaluateRequire(tree, { ...asToken('ci', 'read'), method: 'GET' }).result, 'granted');
    assert.deepEqual(scopesNamed(tree, 'GET'), ['read']);
    assert.deepEqual(scopesNamed(tree, 'POST'), ['write', 'read']);
    assert.deepEqual(scopesNamed(top(all('Require scope a', 'Require not scope b')), 'GET'), ['a']);
  });

  it('compiles from an access file, and needs an argument', () => {
    const ok = compileAccessFile('Require scope reports:read deploy\n', '/w/.htaccess', ALL);
    assert.equal(ok.kind, 'ok');
    if (ok.kind !== 'ok') return;
    const leaf = ok.fragment.authz!.root.children[0]!;
    assert.deepEqual(leaf.kind === 'leaf' && leaf.provider, { type: 'scope', scopes: ['reports:read', 'deploy'] });
    assert.match(ok.fragment.warnings[0]!.message, /^Require scope is an htserve extension/);
    const bad = compileAccessFile('Require scope\n', '/w/.htaccess', ALL);
    assert.equal(bad.kind, 'error');
    if (bad.kind === 'error') assert.equal(bad.error.message, "'Require scope' requires an argument");
  });
});

describe('AuthBearer* directives', () => {
  const compile = (text: string) => compileAccessFile(text, '/w/.htaccess', ALL);

  it('each is kept with its line, and lint hears they are htserve-only', () => {
    const r = compile(
      'AuthType bearer\nAuthName api\nAuthBearerTokenFile conf/tokens\nAuthBearerJWKS conf/jwks.json\n' +
        `AuthBearerSecret ${'s'.repeat(32)}\nAuthBearerIssuer https://id.example\nAuthBearerAudience a b\n` +
        'AuthBearerClockSkew 30\n',
    );
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    const f = r.fragment;
    assert.equal(f.authType?.value, 'Bearer');
    assert.deepEqual(f.bearer?.tokenFile, { value: 'conf/tokens', loc: { file: '/w/.htaccess', line: 3 } });
    assert.equal(f.bearer?.jwks?.value, 'conf/jwks.json');
    assert.equal(f.bearer?.issuer?.value, 'https://id.example');
    assert.deepEqual(f.bearer?.audience?.value, ['a', 'b']);
    assert.equal(f.bearer?.clockSkew?.value, 30);
    assert.deepEqual(
      f.warnings.map((w) => `${w.line}: ${w.message.split(' is ')[0]}`),
      [
        '1: AuthType Bearer',
        '3: AuthBearerTokenFile',
        '4: AuthBearerJWKS',
        '5: AuthBearerSecret',
        '6: AuthBearerIssuer',
        '7: AuthBearerAudience',
        '8: AuthBearerClockSkew',
      ],
    );
  });

  it('refuses a short secret and an out-of-range clock skew (500 with file:line)', () => {
    const short = compile('AuthBearerSecret tooshort\n');
    assert.equal(short.kind === 'error' && short.error.message, 'AuthBearerSecret must be at least 32 bytes long');
    for (const v of ['-1', '3601', '1m', 'x']) {
      const r = compile(`AuthBearerClockSkew ${v}\n`);
      assert.equal(r.kind === 'error' && r.error.message, 'AuthBearerClockSkew takes 0 to 3600 seconds', v);
    }
  });
});
