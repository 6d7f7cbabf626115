import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRedirect, prefixMatchLength } from '../../src/handler/redirects.js';
import type { RedirectRule } from '../../src/htaccess/types.js';
import { compileSafeRegex } from '../../src/regex/safe-regex.js';

const loc = { file: '/site/.htaccess', line: 1 };

function prefix(pattern: string, target: string, status = 301): RedirectRule {
  return { kind: 'prefix', pattern, regex: null, status, target, loc };
}
function regex(pattern: string, target: string, status = 301): RedirectRule {
  return { kind: 'regex', pattern, regex: compileSafeRegex(pattern), status, target, loc };
}

test('prefix matching on segment boundaries, like mod_alias', () => {
  const cases: [string, string, number][] = [
    ['/d/', '/d', -1],
    ['/d/', '/d/', 3],
    ['/d/', '/d/x.txt', 3],
    ['/f', '/f', 2],
    ['/f', '/f/', 2],
    ['/f', '/fx', -1],
    ['/h/', '/h/x.txt', 3],
    ['/', '/anything', 1],
    ['//a', '/a/b', 2],
    ['/J', '/j/x', -1],
  ];
  for (const [pattern, path, want] of cases)
    assert.equal(prefixMatchLength(pattern, path), want, `${pattern} vs ${path}`);
});

test('Redirect appends the rest of the path literally, escaped', () => {
  const table: [RedirectRule, string, string | null][] = [
    [prefix('/d/', '/e/'), '/d/', 'http://h/e/'],
    [prefix('/d/', '/e/'), '/d/x.txt', 'http://h/e/x.txt'],
    [prefix('/d/', '/e/'), '/d', null],
    [prefix('/h/', '/i'), '/h/x.txt', 'http://h/ix.txt'],
    [prefix('/f', '/g/'), '/f/x', 'http://h/g//x'],
    [prefix('/pre', '/dest'), '/pre/ü', 'http://h/dest/%c3%bc'],
  ];
  for (const [rule, path, want] of table) {
    assert.equal(findRedirect([rule], path, null, 'h')?.location ?? null, want, `${rule.pattern} ${path}`);
  }
});

test('RedirectMatch substitutes captures of the decoded path and re-escapes like Apache', () => {
  const table: [RedirectRule, string, string | null, string][] = [
    [regex('^(.*)/cap/(.*)$', '$1/got/$2'), '/x/cap/ü', 'q=1', 'http://h/x/got/%c3%bc?q=1'],
    [regex('^(.*)/cap/(.*)$', '$1/got/$2'), '/x/cap/a"b<', null, 'http://h/x/got/a%22b%3c'],
    [regex('^(.*)/cap/(.*)$', '$1/got/$2'), '/x/cap/100%', null, 'http://h/x/got/100%25'],
    [regex('^(.*)/amp$', '$1/t?a=1&b=2'), '/x/amp', 'q=2', 'http://h/x/t?a=1&b=2'],
    [regex('^(.*)/dollar$', '$1/t$$'), '/x/dollar', null, 'http://h/x/t$$'],
    [regex('^(.*)/m$', '$1/t/$3'), '/x/m', null, 'http://h/x/t/'],
    // observed on Apache 2.4.71: `$1/a%20b` gives a%2520b, `$1/t\x$1` gives /tx/r
    [regex('^(.*)/pct$', '$1/a%20b'), '/r/pct', null, 'http://h/r/a%2520b'],
    [regex('^(.*)/bs$', '$1/t\\x$1'), '/r/bs', null, 'http://h/r/tx/r'],
    [regex('^(.*)/lit$', '$1/\\$1'), '/r/lit', null, 'http://h/r/$1'],
  ];
  for (const [rule, path, query, want] of table) {
    assert.equal(findRedirect([rule], path, query, 'h')?.location, want, path);
  }
});

test('non-redirect statuses carry no Location', () => {
  const gone: RedirectRule = { kind: 'prefix', pattern: '/old', regex: null, status: 410, target: null, loc };
  assert.deepEqual(findRedirect([gone], '/old/x', null, 'h'), { rule: gone, status: 410, location: null });
});

test('an empty query (a bare `?`) is kept like any other; a target with its own query wins', () => {
  const table: [RedirectRule, string | null, string][] = [
    [prefix('/d', '/e'), null, 'http://h/e/x'],
    [prefix('/d', '/e'), '', 'http://h/e/x?'],
    [prefix('/d', '/e'), '&', 'http://h/e/x?&'],
    [prefix('/d', 'http://o/t?k=1'), '', 'http://o/t?k=1/x'],
    [regex('^/d(.*)', '/m$1'), '', 'http://h/m/x?'],
    [regex('^/d(.*)', '/m$1'), null, 'http://h/m/x'],
  ];
  for (const [rule, query, want] of table) {
    assert.equal(findRedirect([rule], '/d/x', query, 'h')?.location, want, `${rule.pattern} ${String(query)}`);
  }
});
