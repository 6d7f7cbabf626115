// ap_expr's file tests and filesystem variables: -d -e -f -s -L -h -x on a real temporary tree,
// REQUEST_FILENAME / SCRIPT_FILENAME / DOCUMENT_ROOT / CONTEXT_DOCUMENT_ROOT, and the
// sub-request tests (-F -U -A) refused when compiling.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseBooleanExpr, parseStringExpr } from '../../src/expr/parse.js';
import { evaluateExpr, evaluateString } from '../../src/expr/evaluate.js';
import { fileTest, type FileTestOp } from '../../src/expr/file-tests.js';
import type { ExprRequest } from '../../src/expr/types.js';

let root = '';

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'expr-files-'));
  writeFileSync(path.join(root, 'f.txt'), 'hello');
  writeFileSync(path.join(root, 'empty.txt'), '');
  writeFileSync(path.join(root, 'run.sh'), '#!/bin/sh\n');
  chmodSync(path.join(root, 'run.sh'), 0o750);
  chmodSync(path.join(root, 'f.txt'), 0o644);
  mkdirSync(path.join(root, 'd'));
  symlinkSync('f.txt', path.join(root, 'lnk'));
  symlinkSync('d', path.join(root, 'dirlnk'));
  symlinkSync('no-such-file', path.join(root, 'dangling'));
});

after(() => rmSync(root, { recursive: true, force: true }));

const REQ: ExprRequest = {
  method: 'GET',
  clientIp: '127.0.0.1',
  uri: '/f.txt',
  query: '',
  headers: {},
  user: null,
  serverName: 'example.test',
  serverPort: '',
  protocol: 'HTTP/1.1',
  env: new Map(),
};

function run(text: string, over: Partial<ExprRequest> = {}): boolean {
  const parsed = parseBooleanExpr(text);
  if (!parsed.ok) assert.fail(`${text}: ${parsed.error}`);
  return evaluateExpr(parsed.value, { ...REQ, ...over });
}

test('each file test answers as util_expr_eval does', () => {
  // name -> expected for -e -f -d -s -L -h -x
  const ops: FileTestOp[] = ['-e', '-f', '-d', '-s', '-L', '-h', '-x'];
  const rows: [string, boolean[]][] = [
    ['f.txt', [true, true, false, true, false, false, false]],
    ['empty.txt', [true, true, false, false, false, false, false]],
    ['run.sh', [true, true, false, true, false, false, true]],
    ['d', [true, false, true, false, false, false, true]],
    ['lnk', [true, true, false, true, true, true, false]],
    ['dirlnk', [true, false, true, false, true, true, true]],
    ['dangling', [false, false, false, false, true, true, false]],
    ['missing', [false, false, false, false, false, false, false]],
    ['f.txt/below', [false, false, false, false, false, false, false]],
  ];
  for (const [name, expected] of rows) {
    ops.forEach((op, i) => assert.equal(fileTest(op, path.join(root, name)), expected[i], `${op} ${name}`));
  }
  for (const op of ops) assert.equal(fileTest(op, ''), false, `${op} of the empty string`);
});

test('file tests read any word: variables, literals, concatenation, negation', () => {
  const at = { filename: path.join(root, 'f.txt'), documentRoot: root };
  const rows: [string, Partial<ExprRequest>, boolean][] = [
    ['-f %{REQUEST_FILENAME}', at, true],
    ['!-f %{REQUEST_FILENAME}', at, false],
    ['-d %{REQUEST_FILENAME}', at, false],
    ['!-d %{REQUEST_FILENAME}', at, true],
    ['-f %{REQUEST_FILENAME}', { filename: path.join(root, 'missing') }, false],
    ['-d %{REQUEST_FILENAME}', { filename: `${path.join(root, 'd')}/` }, true],
    ["-f %{DOCUMENT_ROOT} . '/f.txt'", at, true],
    ['-s "%{DOCUMENT_ROOT}/empty.txt"', at, false],
    ["-e '%{CONTEXT_DOCUMENT_ROOT}/d' && -x '%{DOCUMENT_ROOT}/run.sh'", at, true],
    ['-f %{SCRIPT_FILENAME}', at, true],
    ['!-f %{REQUEST_FILENAME} && !-d %{REQUEST_FILENAME}', { filename: path.join(root, 'nothing') }, true],
    ['-L %{REQUEST_FILENAME} || -h %{REQUEST_FILENAME}', { filename: path.join(root, 'lnk') }, true],
    ['-f tolower(%{REQUEST_FILENAME})', at, root === root.toLowerCase()],
  ];
  for (const [text, over, expected] of rows) assert.equal(run(text, over), expected, text);
});

test('the filesystem variables: r->filename, else the URI; the document root', () => {
  const rows: [string, Partial<ExprRequest>, string][] = [
    ['%{REQUEST_FILENAME}', { filename: '/srv/www/a/b.txt' }, '/srv/www/a/b.txt'],
    ['%{SCRIPT_FILENAME}', { filename: '/srv/www/a/' }, '/srv/www/a/'],
    // Before the directory walk Apache has no r->filename and answers the URI.
    ['%{REQUEST_FILENAME}', {}, '/f.txt'],
    ['%{SCRIPT_FILENAME}', {}, '/f.txt'],
    ['%{DOCUMENT_ROOT}|%{CONTEXT_DOCUMENT_ROOT}', { documentRoot: '/srv/www' }, '/srv/www|/srv/www'],
    ['%{DOCUMENT_ROOT}', {}, ''],
    ['%{request_filename}', { filename: '/x' }, '/x'],
  ];
  for (const [text, over, expected] of rows) {
    const parsed = parseStringExpr(text);
    if (!parsed.ok) assert.fail(`${text}: ${parsed.error}`);
    assert.equal(evaluateString(parsed.value, { ...REQ, ...over }), expected, text);
  }
});

test('sub-request tests and unknown operators are refused when compiling', () => {
  const rows: [string, RegExp][] = [
    ['-F %{REQUEST_FILENAME}', /unary operator '-F' is not supported by htserve/],
    ["-U '/'", /unary operator '-U' is not supported by htserve/],
    ["-A '/'", /unary operator '-A' is not supported by htserve/],
    ['-q %{REQUEST_FILENAME}', /unary operator '-q' is not supported/],
    ['-f', /syntax error/],
    ['-f %{NO_SUCH_VAR}', /NO_SUCH_VAR/],
  ];
  for (const [text, error] of rows) {
    const parsed = parseBooleanExpr(text);
    assert.equal(parsed.ok, false, text);
    if (!parsed.ok) assert.match(parsed.error, error, text);
  }
});
