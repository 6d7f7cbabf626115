// Unit tests of the suite's own pure pieces: response parsing, normalisation, declarations.
// (The suite itself needs Apache; these do not.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffFields, listingEntries, observe } from './compare.js';
import { coveringDeclarations, GLOBAL_RULES } from './declared.js';
import { parseResponse } from './http-client.js';
import { req } from './dsl.js';
import { authorizationFor, classify, targetFor } from './runner.js';
import type { Case } from './types.js';

const raw = (s: string, method = 'GET') => parseResponse(Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1'), method);

test('parseResponse reads status, joins repeated headers and de-chunks', () => {
  const r = raw('HTTP/1.1 416 Range Not Satisfiable\nX-A: 1\nx-a: 2\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n');
  assert.equal(r.status, 416);
  assert.equal(r.headers.get('x-a'), '1, 2');
  assert.equal(r.body.toString(), 'hello');
});

test('HEAD and 304 responses have no body', () => {
  assert.equal(raw('HTTP/1.1 200 OK\nContent-Length: 5\n\n', 'HEAD').body.length, 0);
  assert.equal(raw('HTTP/1.1 304 Not Modified\n\n').body.length, 0);
});

const cases: Array<[string, string, string, Partial<Record<string, string>>]> = [
  [
    'Location keeps path+query for the server itself',
    'HTTP/1.1 301 Moved\nLocation: http://127.0.0.1:9999/d/x/?a=1\nContent-Type: text/html; charset=iso-8859-1\n\n',
    'GET',
    { location: '/d/x/?a=1', 'content-type': 'text/html' },
  ],
  [
    'Location keeps a bare ? (an empty query is not no query)',
    'HTTP/1.1 301 Moved\nLocation: http://127.0.0.1:9999/d/x/?\n\n',
    'GET',
    { location: '/d/x/?' },
  ],
  [
    'Location without ? stays without',
    'HTTP/1.1 301 Moved\nLocation: http://127.0.0.1:9999/d/x/\n\n',
    'GET',
    { location: '/d/x/' },
  ],
  [
    'a ? in the fragment is not a query',
    'HTTP/1.1 302 Found\nLocation: http://127.0.0.1:9999/d/x#a?\n\n',
    'GET',
    { location: '/d/x' },
  ],
  [
    'Location elsewhere is kept whole',
    'HTTP/1.1 302 Found\nLocation: http://example.com/nf\n\n',
    'GET',
    { location: 'http://example.com/nf' },
  ],
  ['Allow is a set', 'HTTP/1.1 405 No\nAllow: GET,POST, HEAD\n\n', 'PUT', { allow: 'GET,HEAD,POST' }],
  [
    'markers are collected and sorted',
    'HTTP/1.1 404 NF\n\nx ED-404-MARKER y A-MARKER ED-404-MARKER',
    'GET',
    { marker: 'A-MARKER,ED-404-MARKER' },
  ],
  [
    'Content-Length only for 200 file responses',
    'HTTP/1.1 404 NF\nContent-Length: 3\n\nabc',
    'GET',
    { 'content-length': '' },
  ],
  ['Content-Length of a file', 'HTTP/1.1 200 OK\nContent-Length: 3\n\nabc', 'GET', { 'content-length': '3' }],
];
for (const [name, response, method, expected] of cases) {
  test(name, () => {
    const o = observe(raw(response, method), method, '/x', 9999);
    for (const [k, v] of Object.entries(expected)) assert.equal(o.fields[k as keyof typeof o.fields], v, k);
  });
}

test('HEAD of a directory URL does not compare Content-Length', () => {
  const o = observe(raw('HTTP/1.1 200 OK\nContent-Length: 10\n\n', 'HEAD'), 'HEAD', '/d/?x', 1);
  assert.equal(o.fields['content-length'], '');
});

test('listing entries exclude sort links and keep page order', () => {
  const body =
    '<title>Index of /d</title><a href="?C=N;O=D">Name</a><a href="/">Parent</a><a href="b.txt">b</a><a href="a/">a</a>';
  assert.equal(listingEntries(body), 'listing:/ b.txt a/');
  assert.equal(listingEntries('<p>not a listing</p>'), '');
});

test('a difference is declared only when every differing field is covered', () => {
  const a = { fields: ['allow'] as const, reason: 'a' };
  const b = { fields: ['status', 'marker'] as const, reason: 'b' };
  assert.deepEqual(coveringDeclarations(['allow', 'status'], [a, b]), [a, b]);
  assert.equal(coveringDeclarations(['allow', 'location'], [a, b]), null);
});

test('the 405 rule does not cover answers Apache gives before the method matters', () => {
  const rule = GLOBAL_RULES.find((r) => r.id === 'method-405')!;
  const apache401 = observe(raw('HTTP/1.1 401 U\nWWW-Authenticate: Basic realm="R"\n\n'), 'POST', '/x', 1);
  const apache200 = observe(raw('HTTP/1.1 200 OK\n\n'), 'POST', '/x', 1);
  const htserve405 = observe(raw('HTTP/1.1 405 M\nAllow: GET, HEAD, OPTIONS\n\n'), 'POST', '/x', 1);
  assert.equal(rule.applies(req('POST /x'), apache401, htserve405), false);
  assert.equal(rule.applies(req('POST /x'), apache200, htserve405), true);
});

test('classify: agree, declared, differ', () => {
  const kase: Case = { name: 'c', area: 'authz', tree: [], requests: [] };
  const ok = observe(raw('HTTP/1.1 200 OK\nContent-Length: 1\n\nx'), 'GET', '/x', 1);
  const nf = observe(raw('HTTP/1.1 404 NF\n\n'), 'GET', '/x', 1);
  assert.equal(classify(kase, req('/x'), '/x', ok, ok).verdict, 'agree');
  assert.equal(classify(kase, req('/x'), '/x', ok, nf).verdict, 'differ');
  const declared = classify(
    { ...kase, declared: { fields: ['status', 'content-length', 'marker'], reason: 'r' } },
    req('/x'),
    '/x',
    ok,
    nf,
  );
  assert.equal(declared.verdict, 'declared');
  assert.deepEqual(diffFields(ok, nf), ['status', 'content-length']);
});

test('oracle mismatch is recorded when Apache contradicts the prediction', () => {
  const kase: Case = { name: 'c', area: 'authz', tree: [], requests: [] };
  const nf = observe(raw('HTTP/1.1 404 NF\n\n'), 'GET', '/x', 1);
  assert.deepEqual(classify(kase, req('/x', { expect: 403 }), '/x', nf, null).oracleMismatch, {
    expected: 403,
    got: 404,
  });
});

test('targets and credentials', () => {
  assert.equal(targetFor(req('@/a?b'), '/case'), '/case/a?b');
  assert.equal(targetFor(req('http://h{@}/x'), '/case'), 'http://h/case/x');
  assert.equal(targetFor(req('/abs'), '/case'), '/abs');
  assert.equal(authorizationFor(req('/x', { as: 'bob' })), 'Basic ' + Buffer.from('bob:bobpw').toString('base64'));
  assert.equal(authorizationFor(req('/x', { as: 'x:y:z' })), 'Basic ' + Buffer.from('x:y:z').toString('base64'));
  assert.equal(authorizationFor(req('/x', { authorization: 'Bearer t' })), 'Bearer t');
  assert.equal(authorizationFor(req('/x')), undefined);
});
