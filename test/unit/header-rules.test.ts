// mod_headers' two tables (src/respond/header-rules.ts, docs/apache-behaviour.md §18.3): `always`
// rules and the others never see each other's entries, both are sent (always first), Apache's own
// error pages and redirects run the `always` rules only, and Content-Type is the one media type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { applyHeaderRules, joinAfterAlways, type HeaderPath } from '../../src/respond/header-rules.js';
import { compile } from '../helpers/compile.js';

function reply(own: Record<string, string> = {}): http.ServerResponse {
  const res = new http.ServerResponse(new http.IncomingMessage(new net.Socket()));
  for (const [k, v] of Object.entries(own)) res.setHeader(k, v);
  return res;
}

function run(lines: string[], own: Record<string, string>, path: HeaderPath = 'normal'): http.ServerResponse {
  const res = reply(own);
  applyHeaderRules(res, compile(lines.join('\n')).headers, path);
  return res;
}

test('always and onsuccess entries are both sent, always first', () => {
  const res = run(['Header always set Cache-Control "no-store"', 'Header set Cache-Control "private"'], {});
  assert.deepEqual(res.getHeader('Cache-Control'), ['no-store', 'private']);
  const order = run(
    [
      'Header set X-O "one"',
      'Header always add X-O "two"',
      'Header append X-O "three"',
      'Header always append X-O "four"',
    ],
    {},
  );
  assert.deepEqual(order.getHeader('X-O'), ['two, four', 'one, three']);
});

test("a rule never sees the other table: mod_expires' max-age survives Header always", () => {
  const own = { 'Cache-Control': 'max-age=600' };
  assert.equal(run(['Header always unset Cache-Control'], own).getHeader('Cache-Control'), 'max-age=600');
  assert.equal(run(['Header always edit Cache-Control max-age x-age'], own).getHeader('Cache-Control'), 'max-age=600');
  assert.deepEqual(run(['Header always setifempty Cache-Control no-cache'], own).getHeader('Cache-Control'), [
    'no-cache',
    'max-age=600',
  ]);
  assert.equal(
    run(['Header always set Cache-Control no-cache', 'Header unset Cache-Control'], {}).getHeader('Cache-Control'),
    'no-cache',
  );
  assert.equal(run(['Header edit Cache-Control max-age x-age'], own).getHeader('Cache-Control'), 'x-age=600');
});

test("Apache's own error pages and redirects run the always rules only, on an empty table", () => {
  const lines = ['Header always set Cache-Control "no-store"', 'Header set Cache-Control "private"'];
  assert.equal(run(lines, {}, 'error').getHeader('Cache-Control'), 'no-store');
  const res = reply({ Location: '/old' });
  const always = applyHeaderRules(
    res,
    compile('Header always unset Location\nHeader always set X-L a').headers,
    'error',
  );
  joinAfterAlways(res, always, 'Location', '/new');
  assert.equal(res.getHeader('Location'), '/new');
  const twice = reply();
  joinAfterAlways(
    twice,
    applyHeaderRules(twice, compile('Header always set Location http://x/').headers, 'error'),
    'Location',
    '/new',
  );
  assert.deepEqual(twice.getHeader('Location'), ['http://x/', '/new']);
});

test('Content-Type is the one media type, whichever table a rule names', () => {
  const own = { 'Content-Type': 'text/plain' };
  assert.equal(run(['Header setifempty Content-Type text/x-e'], own).getHeader('Content-Type'), 'text/x-e');
  assert.equal(
    run(['Header always setifempty Content-Type text/x-a', 'Header setifempty Content-Type text/x-e'], own).getHeader(
      'Content-Type',
    ),
    'text/x-e',
  );
  assert.equal(
    run(['Header set Content-Type text/x-1', 'Header setifempty Content-Type text/x-2'], own).getHeader('Content-Type'),
    'text/x-1',
  );
  assert.equal(
    run(['Header always edit Content-Type ^text/plain text/x-ed'], own).getHeader('Content-Type'),
    'text/x-ed',
  );
  assert.equal(run(['Header append Content-Type extra'], own).getHeader('Content-Type'), 'text/plain');
  assert.equal(run(['Header unset Content-Type'], own).getHeader('Content-Type'), undefined);
});

test("Vary's tokens are sent once each after the tables are joined", () => {
  const res = run(['Header always set Vary "X-A"', 'Header append Vary "x-b"', 'Header always merge Vary "X-B"'], {});
  assert.equal(res.getHeader('Vary'), 'X-A,X-B');
});
