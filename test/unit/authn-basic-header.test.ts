// Parsing of the Authorization header: every row of docs/apache-behaviour.md §5.3, plus the byte-level
// details of Apache's decoder (stops at the first non-base64 char, NUL ends the string).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBasicAuthorization, type BasicCredentials } from '../../src/authn/basic-header.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const b64Bytes = (bytes: number[]): string => Buffer.from(bytes).toString('base64');
const basic = (user: string, password: string): BasicCredentials => ({ kind: 'basic', user, password });

const rows: Array<[string, string | undefined, BasicCredentials]> = [
  // docs/apache-behaviour.md §5.3 table
  ['absent header', undefined, { kind: 'none' }],
  ['Bearer scheme', 'Bearer abc', { kind: 'wrong-scheme' }],
  ['Digest scheme', 'Digest username="bob", realm="R"', { kind: 'wrong-scheme' }],
  ['`Basic` alone: user "" (not found)', 'Basic', basic('', '')],
  ['`Basic ` with a trailing space', 'Basic ', basic('', '')],
  ['lower-case scheme', `basic ${b64('bob:bobpw')}`, basic('bob', 'bobpw')],
  ['upper-case scheme', `BASIC ${b64('bob:bobpw')}`, basic('bob', 'bobpw')],
  ['several spaces after the scheme', `Basic    ${b64('bob:bobpw')}`, basic('bob', 'bobpw')],
  ['TAB instead of the space: wrong scheme', `Basic\t${b64('bob:bobpw')}`, { kind: 'wrong-scheme' }],
  ['space then tabs: skipped', `Basic \t \t${b64('bob:bobpw')}`, basic('bob', 'bobpw')],
  ['trailing junk after the base64', `Basic ${b64('bob:bobpw')} trailing-junk`, basic('bob', 'bobpw')],
  ['missing `=` padding', `Basic ${b64('bob:bobpw1').replace(/=+$/, '')}`, basic('bob', 'bobpw1')],
  ['extra `=` padding', `Basic ${b64('bob:bobpw1')}==`, basic('bob', 'bobpw1')],
  ['garbage credentials', 'Basic !!!!', basic('', '')],
  ['decoded without a colon: empty password', `Basic ${b64('bob')}`, basic('bob', '')],
  ['split at the FIRST colon', `Basic ${b64('bob:bobpw:extra')}`, basic('bob', 'bobpw:extra')],
  ['empty user', `Basic ${b64(':bobpw')}`, basic('', 'bobpw')],
  ['user names keep their case', `Basic ${b64('Bob:bobpw')}`, basic('Bob', 'bobpw')],
  // Apache's decoder details
  ['two colons in a row: password starts with a colon', `Basic ${b64('bob::x')}`, basic('bob', ':x')],
  ['URL-safe base64 chars end the data', `Basic ${b64('bob:pw')}-_`, basic('bob', 'pw')],
  ['decoding stops at the first invalid char', `Basic ${b64('bob:bobpw')}.${b64('zzz')}`, basic('bob', 'bobpw')],
  ['a dangling single base64 char is ignored', `Basic ${b64('bob:abc')}Q`, basic('bob', 'abc')],
  ['NUL ends the credentials (C string)', `Basic ${b64('bob:pw\u0000junk')}`, basic('bob', 'pw')],
  ['NUL inside the user name', `Basic ${b64('bo\u0000b:pw')}`, basic('bo', '')],
  ['scheme must be exactly Basic', `Basically ${b64('bob:pw')}`, { kind: 'wrong-scheme' }],
  ['leading space before the scheme', ` Basic ${b64('bob:pw')}`, { kind: 'wrong-scheme' }],
  ['empty header value', '', { kind: 'wrong-scheme' }],
  // Text decoding: UTF-8 when valid, else ISO-8859-1
  ['UTF-8 credentials', `Basic ${b64('jösé:pä€')}`, basic('jösé', 'pä€')],
  // byte-exact like Apache: a latin1 0xE9 must never equal UTF-8 "é" (C3 A9)
  [
    'non-UTF-8 bytes stay distinct from UTF-8 text',
    `Basic ${b64Bytes([0x6a, 0xe9, 0x3a, 0xe9])}`,
    basic('j\udce9', '\udce9'),
  ],
];

for (const [name, header, expected] of rows) {
  test(`Authorization: ${name}`, () => {
    assert.deepEqual(parseBasicAuthorization(header), expected);
  });
}

test('non-ASCII look-alikes of "basic" are not folded onto ASCII', () => {
  // U+017F LATIN SMALL LETTER LONG S upper-cases to "S" in JavaScript; Apache compares ASCII only.
  assert.deepEqual(parseBasicAuthorization(`Ba\u017fic ${b64('bob:pw')}`), { kind: 'wrong-scheme' });
});
