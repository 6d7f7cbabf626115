// `Require expr` inside the Require evaluator, and the realm as Apache sends it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRequire, treeMentionsUser } from '../../src/authz/require-eval.js';
import type { AuthzRequest } from '../../src/authz/types.js';
import { basicChallenge } from '../../src/access/check-access.js';
import { parseBooleanExpr } from '../../src/expr/parse.js';
import type { RequireContainer } from '../../src/htaccess/types.js';

const loc = { file: '/site/.htaccess', line: 1 };

function rootFor(text: string): RequireContainer {
  const parsed = parseBooleanExpr(text);
  if (!parsed.ok) assert.fail(parsed.error);
  return {
    kind: 'any',
    methods: null,
    text: '(implicit <RequireAny>)',
    loc,
    children: [
      {
        kind: 'leaf',
        provider: { type: 'expr', expr: parsed.value },
        negated: false,
        methods: null,
        text: `Require expr ${text}`,
        loc,
      },
    ],
  };
}

const REQ: AuthzRequest = {
  method: 'GET',
  clientIp: '127.0.0.1',
  localIp: '127.0.0.1',
  user: null,
  groups: null,
  clientHostName: null,
  forwardDns: new Map(),
  env: new Map(),
  uri: '/a/f.txt',
  query: 'x=1',
  headers: { 'x-key': 'k1' },
  serverName: 'example.test',
  serverPort: '',
  protocol: 'HTTP/1.1',
};

test('Require expr results, first pass and with a user', () => {
  const rows: [string, Partial<AuthzRequest>, string][] = [
    ["%{REMOTE_ADDR} == '127.0.0.1'", {}, 'granted'],
    ["%{REMOTE_ADDR} == '127.0.0.1'", { clientIp: '127.0.0.2' }, 'denied'],
    ['false', {}, 'denied'],
    ["req('X-Key') == 'k1' && %{QUERY_STRING} == 'x=1'", {}, 'granted'],
    ['%{REQUEST_URI} =~ m#^/a/#', {}, 'granted'],
    // REMOTE_USER: evaluated as empty without a user; false asks for one, even once signed in
    // (401, not 403), as Apache 2.4.71 answers
    ["%{REMOTE_USER} == 'bob'", {}, 'denied-no-user'],
    ["%{REMOTE_USER} == ''", {}, 'granted'],
    ["%{REMOTE_USER} == 'bob'", { user: 'bob' }, 'granted'],
    ["%{REMOTE_USER} == 'bob'", { user: 'sam' }, 'denied-no-user'],
  ];
  for (const [text, over, want] of rows) {
    assert.equal(evaluateRequire(rootFor(text), { ...REQ, ...over }).result, want, text);
  }
});

test('an expression on REMOTE_USER counts as needing a user', () => {
  assert.equal(treeMentionsUser(rootFor("%{REMOTE_USER} == 'bob'")), true);
  assert.equal(treeMentionsUser(rootFor('true')), false);
});

test('realm quoting follows ap_escape_quotes', () => {
  const rows: [string, string][] = [
    ['Members', 'Basic realm="Members"'],
    ['say "hi"', 'Basic realm="say \\"hi\\""'],
    ['back\\slash', 'Basic realm="back\\slash"'],
    ['already \\"quoted\\"', 'Basic realm="already \\"quoted\\""'],
    ['trailing\\', 'Basic realm="trailing\\"'],
  ];
  for (const [realm, want] of rows) assert.equal(basicChallenge(realm), want, realm);
});
