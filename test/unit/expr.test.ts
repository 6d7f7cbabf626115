// The ap_expr subset: what compiles, what is refused, and what expressions evaluate to.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBooleanExpr, parseStringExpr } from '../../src/expr/parse.js';
import { evaluateExpr, evaluateString } from '../../src/expr/evaluate.js';
import type { ExprRequest } from '../../src/expr/types.js';

const REQ: ExprRequest = {
  method: 'GET',
  clientIp: '127.0.0.1',
  uri: '/dir/f.txt',
  query: 'a=1&b=2',
  headers: { host: 'example.test:8080', 'user-agent': 'Mozilla/5.0 Test', 'x-token': 'Secret', cookie: 'c=1' },
  user: null,
  serverName: 'example.test',
  serverPort: '8080',
  protocol: 'HTTP/1.1',
  env: new Map([['GOOD', '1']]),
};

function run(text: string, over: Partial<ExprRequest> = {}): boolean {
  const parsed = parseBooleanExpr(text);
  if (!parsed.ok) assert.fail(`${text}: ${parsed.error}`);
  return evaluateExpr(parsed.value, { ...REQ, ...over });
}

test('boolean expressions evaluate like Apache', () => {
  const rows: [string, boolean][] = [
    ['true', true],
    ['false', false],
    ['!false', true],
    ['!!true', true],
    ["%{REMOTE_ADDR} == '127.0.0.1'", true],
    ["%{REMOTE_ADDR} = '127.0.0.1'", true],
    ["%{REMOTE_ADDR} != '127.0.0.1'", false],
    ['%{REQUEST_METHOD} == "GET" && %{QUERY_STRING} == "a=1&b=2"', true],
    ['false || %{REQUEST_URI} == "/dir/f.txt"', true],
    ['true && false || true', true],
    ['true && (false || false)', false],
    ['!(true && false)', true],
    ["%{HTTP_HOST} == 'example.test:8080'", true],
    ['%{HTTP_USER_AGENT} =~ /mozilla/i', true],
    ['%{HTTP_USER_AGENT} =~ /mozilla/', false],
    ['%{HTTP_USER_AGENT} !~ m#^curl#', true],
    ["%{REQUEST_URI} =~ m#^/dir/(.*)$# && $1 == 'f.txt'", true],
    ["req('X-Token') == 'Secret'", true],
    ["http('x-token') == 'Secret'", true],
    ["%{HTTP:X-Token} == 'Secret'", true],
    ["%{req:X-Missing} == ''", true],
    ["tolower(req('X-Token')) == 'secret'", true],
    ["%{REMOTE_ADDR} -ipmatch '127.0.0.0/8'", true],
    ["%{REMOTE_ADDR} -ipmatch '10.0.0.0/8'", false],
    ["-R '127.0.0.1'", true],
    ["%{REQUEST_METHOD} -in {'POST', 'GET'}", true],
    ["%{REQUEST_METHOD} -in {'POST', 'PUT'}", false],
    ["%{REQUEST_URI} -strmatch '/dir/*'", true],
    ["%{REQUEST_URI} -strmatch '/DIR/*'", false],
    ["%{REQUEST_URI} -strcmatch '/DIR/*'", true],
    ["%{REQUEST_URI} -fnmatch '/*'", false],
    ["%{REQUEST_URI} -fnmatch '/*/*.txt'", true],
    ['10 -eq 010', true],
    ['9 -lt 10', true],
    ["'9' < '10'", false],
    ['2 -ge 3', false],
    ["'abc' -gt 0", false],
    ['-n %{QUERY_STRING}', true],
    ['-z %{HTTP_REFERER}', true],
    ["-T 'off'", false],
    ["-T 'yes'", true],
    ["%{HTTPS} == 'off'", true],
    ["%{SERVER_NAME} . ':' . %{SERVER_PORT} == %{HTTP_HOST}", true],
    ["'a\\'b' == \"a'b\"", true],
    ["env('GOOD') == '1'", true],
    // spellings and functions Apache accepts (checked against Apache 2.4 in the conformance suite)
    ["%{REQUEST_METHOD} in { 'GET', 'POST' }", true],
    ["%{REQUEST_METHOD} in { 'PUT' }", false],
    ['-5 -le -3', true],
    ['5 -le -3', false],
    ["unescape('a%20b') == 'a b'", true],
    ["escape('a b') == 'a%20b'", true],
    ["-z osenv('NO_SUCH_VARIABLE_FOR_HTSERVE_TESTS')", true],
    ['-z %{PATH_INFO} && -z %{HANDLER} && -z %{CONTEXT_PREFIX}', true],
    ["%{AUTH_TYPE} == 'Basic'", false],
  ];
  for (const [text, want] of rows) assert.equal(run(text), want, text);
});

test('REMOTE_USER makes the expression want a user', () => {
  const parsed = parseBooleanExpr("%{REMOTE_USER} == 'bob'");
  assert.ok(parsed.ok);
  assert.equal(parsed.value.wantsUser, true);
  assert.equal(evaluateExpr(parsed.value, { ...REQ, user: 'bob' }), true);
  const plain = parseBooleanExpr("%{REMOTE_ADDR} == '1.2.3.4'");
  assert.ok(plain.ok);
  assert.equal(plain.value.wantsUser, false);
});

test('anything outside the subset is a parse error, never true', () => {
  const bad = [
    '%{REMOTE_ADDR} ==',
    '',
    'yes',
    '%{REMOTE_ADDR}',
    "'a' == 'b' &&",
    '(true',
    "%{NO_SUCH_VAR} == ''",
    "%{SERVER_ADDR} == ''",
    "file('/etc/passwd') == ''",
    "nosuch('x') == ''",
    "-F '/etc/passwd'",
    "'a' -foo 'b'",
    "%{REMOTE_ADDR} -ipmatch 'not-an-ip'",
    '%{REQUEST_URI} =~ /unterminated',
    "'unterminated",
    '1 == 1 1',
  ];
  for (const text of bad) assert.equal(parseBooleanExpr(text).ok, false, text);
});

test('string expressions expand %{...} and backslash escapes', () => {
  const rows: [string, string][] = [
    ['plain', 'plain'],
    ['back\\slash', 'backslash'],
    ['at %{SERVER_NAME} for %{REQUEST_URI}', 'at example.test for /dir/f.txt'],
    ['100% sure', '100% sure'],
    ['cost $5', 'cost '], // $N is a regex back-reference, empty without a match
    ['cost $x', 'cost $x'],
    ['%{tolower:ABC}', 'abc'],
  ];
  for (const [text, want] of rows) {
    const parsed = parseStringExpr(text);
    if (!parsed.ok) assert.fail(`${text}: ${parsed.error}`);
    assert.equal(evaluateString(parsed.value, REQ), want, text);
  }
  assert.equal(parseStringExpr('%{NOPE}').ok, false);
});
