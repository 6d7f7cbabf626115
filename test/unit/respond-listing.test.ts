// Directory listing in mod_autoindex's plain format (docs/apache-behaviour.md §11.4): document shape, parent link,
// byte-order sorting, C=/O= queries, and href / text escaping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LISTING_CONTENT_TYPE,
  PLAIN_LISTING,
  formatSize,
  indexIgnored,
  naturalCompare,
  parseListingQuery,
  renderListing,
  wildcardMatch,
  type ListingEntry,
  type ListingOptions,
} from '../../src/respond/listing.js';
import { escapePath, hrefFor } from '../../src/respond/html-escape.js';

const T = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const file = (name: string, size = 36): ListingEntry => ({ name, isDir: false, size, mtime: T });
const dir = (name: string): ListingEntry => ({ name, isDir: true, size: 4096, mtime: T });

/** The <a> parts of the list items, in order: [href, text]. */
function links(html: string): Array<[string, string]> {
  return [...html.matchAll(/<li><a href="([^"]*)"> ([^<]*)<\/a>/g)].map((m) => [m[1] as string, m[2] as string]);
}

test('document shape matches Apache exactly (title without trailing slash, parent first)', () => {
  const html = renderListing('/d/lst/', [file('C.txt'), dir('Zdir')], '');
  assert.equal(
    html,
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n' +
      '<html>\n <head>\n  <title>Index of /d/lst</title>\n </head>\n <body>\n' +
      '<h1>Index of /d/lst</h1>\n' +
      '<ul><li><a href="/d/"> Parent Directory</a></li>\n' +
      '<li><a href="C.txt"> C.txt</a> <span>36, 2024-01-02 03:04</span></li>\n' +
      '<li><a href="Zdir/"> Zdir/</a> <span>2024-01-02 03:04</span></li>\n' +
      '</ul>\n</body></html>\n',
  );
});

test('root listing has no Parent Directory and title "/"', () => {
  const html = renderListing('/', [file('a.txt')], '');
  assert.match(html, /<title>Index of \/<\/title>/);
  assert.match(html, /<h1>Index of \/<\/h1>/);
  assert.doesNotMatch(html, /Parent Directory/);
  assert.deepEqual(links(html), [['a.txt', 'a.txt']]);
});

test('empty directory renders an empty list', () => {
  assert.match(renderListing('/', [], ''), /<ul><\/ul>\n<\/body><\/html>\n$/);
});

test('parent link is the absolute parent path, escaped', () => {
  assert.deepEqual(links(renderListing('/a/', [], ''))[0], ['/', 'Parent Directory']);
  assert.deepEqual(links(renderListing('/di/sp ace/sub/', [], ''))[0], ['/di/sp%20ace/', 'Parent Directory']);
  assert.deepEqual(links(renderListing('/d/lst', [], ''))[0], ['/d/', 'Parent Directory']); // DirectorySlash Off
});

test('. and .. are never listed', () => {
  assert.deepEqual(links(renderListing('/', [dir('.'), dir('..'), file('.hidden')], '')), [['.hidden', '.hidden']]);
});

const names = ['b.txt', 'B.txt', 'a', 'a.txt', 'a-b', 'Zeta', 'ü.txt', '_x', '10', '9'];
const entries = [...names.map((n) => file(n)), dir('a'), dir('Adir')].filter(
  (e, i, all) => all.findIndex((o) => o.name === e.name && o.isDir === e.isDir) === i,
);

test('default order: plain byte order, upper before lower, UTF-8 last, dirs not grouped', () => {
  const html = renderListing('/d/', entries, '');
  assert.deepEqual(
    links(html)
      .slice(1)
      .map(([, text]) => text),
    ['10', '9', 'Adir/', 'B.txt', 'Zeta', '_x', 'a', 'a-b', 'a.txt', 'a/', 'b.txt', 'ü.txt'],
  );
});

const orderRows: Array<[string, boolean]> = [
  ['', false],
  ['C=N;O=D', true],
  ['?C=N;O=D', true],
  ['C=N&O=D', true],
  ['O=D', true],
  ['C=M;O=D', true], // plain mode: M/S/D fall back to name order, O still applies
  ['C=S;O=A', false],
  ['C=D;O=D', true],
  ['C=M', false],
  ['O=A', false],
  ['C=X;O=D', false], // unknown value: the rest is ignored
  ['foo=bar;O=D', false],
  ['O=d', false], // case-sensitive
  ['O=D;C=N', true],
  ['O=DD', false],
  ['F=1;O=D', true],
  ['V=1&O=D', true],
  ['P=*.txt;O=D', true],
];
for (const [query, reversed] of orderRows) {
  test(`query ${JSON.stringify(query)} → ${reversed ? 'descending' : 'ascending'}`, () => {
    assert.equal(parseListingQuery(query).descending, reversed);
    const texts = links(renderListing('/', [file('a'), file('B'), file('c')], query)).map(([, t]) => t);
    assert.deepEqual(texts, reversed ? ['c', 'a', 'B'] : ['B', 'a', 'c']);
  });
}

test('parent directory stays first when reversed', () => {
  const texts = links(renderListing('/d/', [file('a'), file('b')], 'C=N;O=D')).map(([, t]) => t);
  assert.deepEqual(texts, ['Parent Directory', 'b', 'a']);
});

const escapeRows: Array<[string, string, string]> = [
  ['sp ace.txt', 'sp%20ace.txt', 'sp ace.txt'],
  ['%41.txt', '%2541.txt', '%41.txt'],
  ['ü.txt', '%c3%bc.txt', 'ü.txt'],
  ['a<b>.txt', 'a%3cb%3e.txt', 'a&lt;b&gt;.txt'],
  ['q"uote.txt', 'q%22uote.txt', 'q&quot;uote.txt'],
  ['a&b.txt', 'a&amp;b.txt', 'a&amp;b.txt'],
  ['hash#.txt', 'hash%23.txt', 'hash#.txt'],
  ['what?.txt', 'what%3f.txt', 'what?.txt'],
  ['semi;colon', 'semi;colon', 'semi;colon'], // Apache 2.4 leaves ';' in hrefs,
  ["it's(1)+$!*,=@~.txt", "it's(1)+$!*,=@~.txt", "it's(1)+$!*,=@~.txt"],
  ['a:b.txt', './a:b.txt', 'a:b.txt'], // a colon could be read as a URL scheme
  ['tab\there', 'tab%09here', 'tab\there'],
  ['back\\slash', 'back%5cslash', 'back\\slash'],
  ['snow☃', 'snow%e2%98%83', 'snow☃'],
];
for (const [name, href, text] of escapeRows) {
  test(`escaping of ${JSON.stringify(name)}`, () => {
    assert.deepEqual(links(renderListing('/', [file(name)], '')), [[href, text]]);
  });
}

test('directory names are escaped with their trailing slash', () => {
  assert.deepEqual(links(renderListing('/', [dir('sp ace')], '')), [['sp%20ace/', 'sp ace/']]);
});

test('title is HTML-escaped, non-ASCII kept', () => {
  const html = renderListing('/a&b/<x>/ü/', [], '');
  assert.match(html, /<title>Index of \/a&amp;b\/&lt;x&gt;\/ü<\/title>/);
  assert.match(html, /<h1>Index of \/a&amp;b\/&lt;x&gt;\/ü<\/h1>/);
  assert.deepEqual(links(html)[0], ['/a&amp;b/%3cx%3e/', 'Parent Directory']);
});

test('escapePath / hrefFor', () => {
  assert.equal(escapePath('/di/%c3/'), '/di/%25c3/');
  assert.equal(hrefFor('a&b'), 'a&amp;b');
  assert.equal(escapePath('dir/a:b'), 'dir/a:b'); // colon after a slash is harmless
});

test('sizes and dates', () => {
  assert.equal(formatSize(0), '0');
  assert.equal(formatSize(1023), '1023');
  assert.equal(formatSize(1024), '1.0K');
  assert.equal(formatSize(1536), '1.5K');
  assert.equal(formatSize(20 * 1024 * 1024), '20M');
  assert.equal(formatSize(10 * 1024), '10K');
  assert.match(renderListing('/', [file('big', 5 * 1024 * 1024 * 1024)], ''), /<span>5\.0G, 2024-01-02 03:04<\/span>/);
});

test('content type constant', () => {
  assert.equal(LISTING_CONTENT_TYPE, 'text/html;charset=UTF-8');
});

// ---------------------------------------------------------------- IndexOptions, IndexIgnore (mod_autoindex)

const sized = (name: string, size: number, isDir = false): ListingEntry => ({ name, isDir, size, mtime: T });
const sample = [
  sized('bb.txt', 300),
  sized('a.txt', 10),
  sized('C.txt', 2000),
  sized('d10.txt', 20),
  sized('d9.txt', 20),
  sized('zdir', 4096, true),
];
const texts = (html: string): string[] => links(html).map(([, t]) => t);

const sortRows: Array<[string, Partial<ListingOptions>, string, string[]]> = [
  [
    'plain: FoldersFirst needs fancy',
    { foldersFirst: true },
    '',
    ['C.txt', 'a.txt', 'bb.txt', 'd10.txt', 'd9.txt', 'zdir/'],
  ],
  ['plain: size falls back to name', {}, 'C=S;O=D', ['zdir/', 'd9.txt', 'd10.txt', 'bb.txt', 'a.txt', 'C.txt']],
  ['IgnoreCase', { ignoreCase: true }, '', ['a.txt', 'bb.txt', 'C.txt', 'd10.txt', 'd9.txt', 'zdir/']],
  ['VersionSort', { versionSort: true }, '', ['C.txt', 'a.txt', 'bb.txt', 'd9.txt', 'd10.txt', 'zdir/']],
  ['V=1 in the query', {}, 'V=1', ['C.txt', 'a.txt', 'bb.txt', 'd9.txt', 'd10.txt', 'zdir/']],
  [
    'fancy FoldersFirst IgnoreCase VersionSort',
    { fancy: true, foldersFirst: true, ignoreCase: true, versionSort: true },
    'C=N;O=A',
    ['zdir/', 'a.txt', 'bb.txt', 'C.txt', 'd9.txt', 'd10.txt'],
  ],
  [
    'fancy by size, equal sizes by name',
    { fancy: true, foldersFirst: true, ignoreCase: true, versionSort: true },
    'C=S;O=A',
    ['zdir/', 'a.txt', 'd9.txt', 'd10.txt', 'bb.txt', 'C.txt'],
  ],
  [
    'IndexOrderDefault Descending Size',
    {
      fancy: true,
      foldersFirst: true,
      versionSort: true,
      ignoreCase: true,
      defaultOrder: { column: 'S', descending: true },
    },
    '',
    ['zdir/', 'C.txt', 'bb.txt', 'd10.txt', 'd9.txt', 'a.txt'],
  ],
  [
    'IgnoreClient keeps the default order',
    { ignoreClient: true },
    'C=N;O=D',
    ['C.txt', 'a.txt', 'bb.txt', 'd10.txt', 'd9.txt', 'zdir/'],
  ],
  ['F=1 turns sizes on', {}, 'F=1;C=S;O=A', ['zdir/', 'a.txt', 'd10.txt', 'd9.txt', 'bb.txt', 'C.txt']],
];
for (const [label, opts, query, expected] of sortRows) {
  test(`listing order: ${label}`, () => {
    const html = renderListing('/', sample, query, { ...PLAIN_LISTING, ...opts });
    assert.deepEqual(texts(html), expected);
  });
}

test('hideParent drops the Parent Directory link', () => {
  assert.deepEqual(texts(renderListing('/d/', [file('a')], '', { ...PLAIN_LISTING, hideParent: true })), ['a']);
});

test('naturalCompare (apr_strnatcmp)', () => {
  const cmp = (a: string, b: string, fold = false): number => naturalCompare(Buffer.from(a), Buffer.from(b), fold);
  assert.equal(cmp('x9', 'x10'), -1);
  assert.equal(cmp('x010', 'x09'), -1); // leading zero: compared as a fraction
  assert.equal(cmp('a 1', 'a1'), 0); // white space skipped
  assert.equal(cmp('B', 'a'), -1);
  assert.equal(cmp('B', 'a', true), 1);
  assert.equal(cmp('1.10', '1.9'), 1);
});

const ignoreRows: Array<[string, string, boolean]> = [
  ['b.tmp', '*.tmp', true],
  ['#draft#', '#*#', true],
  ['private', '*/private', true],
  ['zsub', 'zsub/', false],
  ['b.txt', './b.txt', true],
  ['.x', '*', true],
  ['..', '*', true],
  ['..', '..', true],
  ['..', '.', false],
  ['a[1]', 'a[1]', true], // no character classes
  ['ab', 'a?', true],
  ['README.md', 'README*', true],
  ['xREADME', 'README*', false],
];
for (const [name, pattern, hidden] of ignoreRows) {
  test(`IndexIgnore ${pattern} ${hidden ? 'hides' : 'keeps'} ${name}`, () => {
    assert.equal(indexIgnored(name, [pattern]), hidden);
  });
}

test('wildcardMatch is ap_strcmp_match', () => {
  assert.equal(wildcardMatch('a/b/c', '*c'), true);
  assert.equal(wildcardMatch('abc', 'a*b'), false);
  assert.equal(wildcardMatch('', '*'), true);
});
