// <Files> wildcards follow apr_fnmatch without flags: `*` also matches empty names, dots and slashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnmatch } from '../../src/htaccess/fnmatch.js';

const rows: Array<[string, string, boolean]> = [
  ['wp-config.php', 'wp-config.php', true],
  ['wp-config.php', 'wp-config.phps', false],
  ['*', '', true], // a directory URL is matched with the empty name
  ['', '', true],
  ['', 'a', false],
  ['*.txt', '.hidden.txt', true], // no FNM_PERIOD
  ['*.txt', 'a/b.txt', true], // no FNM_PATHNAME
  ['.ht*', '.htaccess', true],
  ['.ht*', '.HTACCESS', false], // case-sensitive
  ['a?c', 'abc', true],
  ['a?c', 'ac', false],
  ['[!a]b', 'cb', true],
  ['[!a]b', 'ab', false],
  ['[^a]b', 'ab', false],
  ['[a-c]x', 'bx', true],
  ['[a-c]x', 'dx', false],
  ['x[', 'x[', true], // an unclosed bracket is literal
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['*.{php,cgi}', 'x.php', false], // no brace expansion in Apache
  ['(a|b)', '(a|b)', true], // regex characters are literal
];

for (const [pattern, name, expected] of rows) {
  test(`fnmatch(${JSON.stringify(pattern)}, ${JSON.stringify(name)}) is ${expected}`, () => {
    assert.equal(fnmatch(pattern, name), expected);
  });
}
