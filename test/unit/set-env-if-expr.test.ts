// SetEnvIfExpr (mod_setenvif): compiled to a SetEnvIfRule carrying an ap_expr, run in order with
// the SetEnvIf lines by computeEnv before access control.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeEnv, type EnvRequest } from '../../src/access/set-env-if.js';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import type { AllowOverride, OverrideCategory, SetEnvIfRule } from '../../src/htaccess/types.js';

const FILE = '/srv/www/d/.htaccess';
const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

function rules(text: string): SetEnvIfRule[] {
  const result = compileAccessFile(text, FILE, ALL);
  if (result.kind === 'error') assert.fail(`unexpected error ${result.error.line}: ${result.error.message}`);
  return result.fragment.setEnvIf ?? [];
}

const REQ: EnvRequest = {
  clientIp: '127.0.0.1',
  localIp: '127.0.0.1',
  clientHostName: null,
  method: 'GET',
  protocol: 'HTTP/1.1',
  urlPath: '/d/private/a.txt',
  headers: { 'x-api-key': 's3cret', host: 'example.test:8080' },
  query: 'a=1',
  host: 'example.test:8080',
  filename: '/srv/www/d/private/a.txt',
  documentRoot: '/srv/www',
};

test('SetEnvIfExpr compiles to a rule with the expression and the assignments', () => {
  const [rule] = rules('SetEnvIfExpr "-R \'10.0.0.0/8\'" local !other x=y');
  assert.ok(rule?.expr);
  assert.equal(rule.expr.text, "-R '10.0.0.0/8'");
  assert.deepEqual(rule.set, [
    { name: 'local', value: '1' },
    { name: 'other', value: null },
    { name: 'x', value: 'y' },
  ]);
  assert.deepEqual(rule.loc, { file: FILE, line: 1 });
});

test('SetEnvIfExpr with an unparsable expression breaks the file', () => {
  const result = compileAccessFile('SetEnvIfExpr "%{REMOTE_ADDR} ==" v', FILE, ALL);
  assert.equal(result.kind, 'error');
  if (result.kind === 'error')
    assert.match(result.error.message, /^Could not parse expression "%\{REMOTE_ADDR\} ==": /);
});

test('computeEnv evaluates SetEnvIfExpr conditions against the request', async (t) => {
  const rows: Array<[string, Partial<EnvRequest>, Record<string, string>]> = [
    ['SetEnvIfExpr "%{REMOTE_ADDR} == \'127.0.0.2\'" blocked', {}, {}],
    ['SetEnvIfExpr "%{REMOTE_ADDR} == \'127.0.0.2\'" blocked', { clientIp: '127.0.0.2' }, { blocked: '1' }],
    ['SetEnvIfExpr "-R \'127.0.0.0/30\'" office', { clientIp: '127.0.0.3' }, { office: '1' }],
    ['SetEnvIfExpr "-R \'127.0.0.0/30\'" office', { clientIp: '127.0.0.4' }, {}],
    ["SetEnvIfExpr \"req('X-Api-Key') == 's3cret'\" api_ok=yes", {}, { api_ok: 'yes' }],
    ['SetEnvIfExpr "%{REQUEST_URI} =~ m#/private/#" priv', {}, { priv: '1' }],
    ["SetEnvIfExpr \"%{QUERY_STRING} == 'a=1' && %{SERVER_PORT} == '8080'\" q", {}, { q: '1' }],
    ['SetEnvIfExpr "-f %{REQUEST_FILENAME}" exists', {}, {}],
    // in order with SetEnvIf: a later expression sees what an earlier line set, and can unset it
    ['SetEnvIf Remote_Addr ^127 local\nSetEnvIfExpr "-n %{ENV:local}" seen', {}, { local: '1', seen: '1' }],
    ['SetEnvIf Remote_Addr ^127 local\nSetEnvIfExpr "true" !local', {}, {}],
  ];
  for (const [text, over, expected] of rows) {
    await t.test(`${text} ${JSON.stringify(over)}`, () => {
      const env = computeEnv(rules(text), { ...REQ, ...over });
      assert.deepEqual(Object.fromEntries(env), expected);
    });
  }
});
