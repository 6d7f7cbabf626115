// Content-Type lookup with mod_mime semantics (docs/apache-behaviour.md §13) and mime.types loading.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MimeTable, parseMimeTypes, withCharset } from '../../src/respond/mime.js';

const table = new MimeTable();

const rows: Array<[string, string | null]> = [
  ['index.html', 'text/html'],
  ['page.htm', 'text/html'],
  ['style.css', 'text/css'],
  ['app.js', 'text/javascript'],
  ['mod.mjs', 'text/javascript'],
  ['data.json', 'application/json'],
  ['notes.txt', 'text/plain'],
  ['feed.xml', 'application/xml'],
  ['logo.svg', 'image/svg+xml'],
  ['a.png', 'image/png'],
  ['a.jpg', 'image/jpeg'],
  ['a.jpeg', 'image/jpeg'],
  ['a.gif', 'image/gif'],
  ['a.webp', 'image/webp'],
  ['a.avif', 'image/avif'],
  ['favicon.ico', 'image/vnd.microsoft.icon'],
  ['doc.pdf', 'application/pdf'],
  ['a.zip', 'application/zip'],
  ['a.gz', 'application/gzip'],
  ['a.tar', 'application/x-tar'],
  ['a.wasm', 'application/wasm'],
  ['f.woff', 'font/woff'],
  ['f.woff2', 'font/woff2'],
  ['f.ttf', 'font/ttf'],
  ['f.otf', 'font/otf'],
  ['s.mp3', 'audio/mpeg'],
  ['v.mp4', 'video/mp4'],
  ['v.webm', 'video/webm'],
  ['s.ogg', 'audio/ogg'],
  ['s.wav', 'audio/x-wav'],
  ['t.csv', 'text/csv'],
  ['README.md', 'text/markdown'],
  ['app.js.map', 'application/json'],
  ['cal.ics', 'text/calendar'],
  // case-insensitive extensions
  ['UPPER.HTML', 'text/html'],
  ['Mixed.JpG', 'image/jpeg'],
  // every extension is considered, the last one with a type wins
  ['a.tar.gz', 'application/gzip'],
  ['a.html.gz', 'application/gzip'],
  ['a.gz.html', 'text/html'],
  ['a.html.zzzz', 'text/html'], // unknown trailing extension does not erase the type
  ['a.zzzz.css', 'text/css'],
  ['bad..html', 'text/html'], // empty extension skipped
  // unknown → null (no Content-Type at all)
  ['noext', null],
  ['x.zzzz', null],
  ['trailingdot.', null],
  // the base name is never an extension, and leading dots belong to it (observed on Apache 2.4)
  ['html', null],
  ['.html', null],
  ['..html', null],
  ['.htaccess', null],
  ['.hidden.txt', 'text/plain'],
  // only the last path segment counts
  ['/dir.html/file', null],
  ['/dir/file.css', 'text/css'],
];

for (const [name, expected] of rows) {
  test(`lookup ${JSON.stringify(name)} → ${expected ?? 'null'}`, () => {
    assert.equal(table.lookup(name), expected);
  });
}

test('AddType mappings beat the table for their extension only', () => {
  const addTypes = new Map([
    ['html', 'text/x-custom'],
    ['foo', 'application/x-foo'],
  ]);
  assert.equal(table.lookup('a.html', addTypes), 'text/x-custom');
  assert.equal(table.lookup('a.FOO', addTypes), 'application/x-foo');
  assert.equal(table.lookup('a.foo.css', addTypes), 'text/css');
  assert.equal(table.lookup('a.css.foo', addTypes), 'application/x-foo');
  assert.equal(table.lookup('a.css', addTypes), 'text/css');
});

test('parseMimeTypes: comments, blank lines, several extensions, lower-casing, later wins', () => {
  const map = parseMimeTypes(
    [
      '# comment line',
      '   # indented comment',
      '',
      'application/x-one\tONE uno',
      'text/x-two two',
      'text/x-two-again two',
      'application/x-noext',
      'not-a-type zzz',
    ].join('\n'),
  );
  assert.deepEqual([...map.entries()].sort(), [
    ['one', 'application/x-one'],
    ['two', 'text/x-two-again'],
    ['uno', 'application/x-one'],
  ]);
});

test('withTypesFile reads a mime.types file on top of the built-in table', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-mime-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'mime.types');
  await writeFile(file, '# local\napplication/x-zzzz\tzzzz\nimage/x-icon ico\n');
  const loaded = await MimeTable.withTypesFile(file);
  assert.equal(loaded.lookup('x.zzzz'), 'application/x-zzzz');
  assert.equal(loaded.lookup('x.ico'), 'image/x-icon'); // file overrides the built-in
  assert.equal(loaded.lookup('x.css'), 'text/css'); // built-in still there
  assert.equal(loaded.lookup('noext'), null);
});

test('withTypesFile(null) is the built-in table; a missing file rejects', async () => {
  assert.equal((await MimeTable.withTypesFile(null)).lookup('a.png'), 'image/png');
  await assert.rejects(MimeTable.withTypesFile('/nonexistent/htserve/mime.types'), { code: 'ENOENT' });
});

test('withCharset adds the default charset to text/* only', () => {
  assert.equal(withCharset('text/html', 'UTF-8'), 'text/html; charset=UTF-8');
  assert.equal(withCharset('text/css', 'utf-8'), 'text/css; charset=utf-8');
  assert.equal(withCharset('TEXT/plain', 'UTF-8'), 'TEXT/plain; charset=UTF-8');
  assert.equal(withCharset('text/html', null), 'text/html');
  assert.equal(withCharset('image/png', 'UTF-8'), 'image/png');
  assert.equal(withCharset('application/json', 'UTF-8'), 'application/json');
  assert.equal(withCharset('text/html; charset=iso-8859-1', 'UTF-8'), 'text/html; charset=iso-8859-1');
});
