// The fancy listing (docs/apache-behaviour.md §11.4, htserve's table): the rows and their order for
// every C=/O= combination (dsortf: FoldersFirst before the direction, sizes, dates, descriptions),
// the heading links (emit_link), hidden entries, escaping of hostile names, the document itself
// (valid, styled only by the hash the CSP names), and how it is switched on and off.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';
import { mediaType } from '../helpers/expect.js';
import { expectValidHtml, headingCells, styleHashes, tableRows } from '../helpers/html.js';

const day = (d: number): Date => new Date(Date.UTC(2024, 0, d, 12, 0, 0));

async function tree(): Promise<string> {
  const root = await makeTree({
    'l/.htaccess':
      'IndexOptions FancyIndexing FoldersFirst\n' +
      'AddDescription "Read me first" README.txt\n' +
      'AddDescription "An archive" *.zip\n' +
      'IndexIgnore *.bak\n',
    'l/README.txt': { content: 'r'.repeat(10), mtime: day(3) },
    'l/b.zip': { content: 'z'.repeat(3000), mtime: day(1) },
    'l/a.png': { content: 'p'.repeat(100), mtime: day(5) },
    'l/<script>.txt': { content: 's'.repeat(5), mtime: day(2) },
    'l/a&b "q".txt': { content: 'q'.repeat(7), mtime: day(4) },
    'l/old.bak': 'hidden by IndexIgnore',
    'l/.htpasswd': 'never listed',
    'l/secret/.htaccess': 'Require all denied\n',
    'l/secret/x.txt': 'x',
    'l/zdir/x.txt': 'x',
    'l/Adir/y.txt': 'y',
    'plain/a.txt': 'a',
    'plain/B.txt': 'b',
    'off/.htaccess': 'IndexOptions -FancyIndexing\n',
    'off/a.txt': 'a',
    'narrow/.htaccess': 'IndexOptions FancyIndexing SuppressColumnSorting SuppressSize SuppressDescription\n',
    'narrow/a.txt': 'a',
    'hdr/.htaccess': 'IndexOptions FancyIndexing\nHeaderName HEAD.html\nReadmeName README.txt\n',
    'hdr/HEAD.html': '<p>HEADER-MARKER</p>\n',
    'hdr/README.txt': 'readme <text> & more\n',
  });
  await fs.utimes(path.join(root, 'l/zdir'), day(6), day(6));
  await fs.utimes(path.join(root, 'l/Adir'), day(7), day(7));
  return root;
}

const DIRS = { N: ['Adir/', 'zdir/'], M: ['zdir/', 'Adir/'] };
const FILES = {
  N: ['<script>.txt', 'README.txt', 'a&b "q".txt', 'a.png', 'b.zip'],
  M: ['b.zip', '<script>.txt', 'README.txt', 'a&b "q".txt', 'a.png'],
  S: ['<script>.txt', 'a&b "q".txt', 'README.txt', 'a.png', 'b.zip'],
  // no description sorts first (""), then "An archive", then "Read me first"; ties by name
  D: ['<script>.txt', 'a&b "q".txt', 'a.png', 'b.zip', 'README.txt'],
};

/** Folders first in either direction (dsortf's isdir test comes before the direction). */
function expected(column: 'N' | 'M' | 'S' | 'D', descending: boolean): string[] {
  // directories have no size or description: by name; by date their own mtimes decide
  const dirs = column === 'M' ? DIRS.M : DIRS.N;
  const files = FILES[column];
  const rev = <T>(xs: T[]): T[] => (descending ? [...xs].reverse() : xs);
  return ['Parent Directory', ...rev(dirs), ...rev(files)];
}

function expectFancy(res: TestResponse, what: string): void {
  assert.equal(res.status, 200, `${what}: ${res.body.slice(0, 200)}`);
  assert.equal(mediaType(res), 'text/html', what);
  assert.equal(res.headers['content-length'], String(res.raw.length), `${what}: Content-Length`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['vary'], 'Accept', `${what}: Vary`);
  const hashes = styleHashes(res.body);
  assert.equal(hashes.length, 1, `${what}: one inline stylesheet`);
  assert.equal(
    res.headers['content-security-policy'],
    `default-src 'none'; style-src ${hashes[0]}`,
    `${what}: the CSP allows that stylesheet and nothing else`,
  );
  assert.doesNotMatch(res.body, /<script|style=|<img|<link|src=/i, `${what}: nothing else to load or run`);
  expectValidHtml(res.body, what);
}

describe('fancy listing', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await tree();
    server = await startServer(root);
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
  });

  for (const column of ['N', 'M', 'S', 'D'] as const) {
    for (const descending of [false, true]) {
      const query = `?C=${column};O=${descending ? 'D' : 'A'}`;
      it(`orders the rows for ${query}, and the heading links reverse only the current column`, async () => {
        const res = await fetchRaw(server.url, `/l/${query}`);
        expectFancy(res, query);
        assert.deepEqual(
          tableRows(res.body).map((r) => r.name),
          expected(column, descending),
        );
        assert.deepEqual(headingCells(res.body), [
          ['n', `?C=N;O=${column === 'N' && !descending ? 'D' : 'A'}`, column === 'N' ? ascOrDesc(descending) : null],
          ['m', `?C=M;O=${column === 'M' && !descending ? 'D' : 'A'}`, column === 'M' ? ascOrDesc(descending) : null],
          ['s', `?C=S;O=${column === 'S' && !descending ? 'D' : 'A'}`, column === 'S' ? ascOrDesc(descending) : null],
          ['d', `?C=D;O=${column === 'D' && !descending ? 'D' : 'A'}`, column === 'D' ? ascOrDesc(descending) : null],
        ]);
      });
    }
  }

  it('sorts by name ascending without a query, and accepts & between arguments as Apache does', async () => {
    const plain = await fetchRaw(server.url, '/l/');
    expectFancy(plain, '/l/');
    assert.deepEqual(
      tableRows(plain.body).map((r) => r.name),
      expected('N', false),
    );
    const amp = await fetchRaw(server.url, '/l/?C=S&O=D');
    expectFancy(amp, 'C=S&O=D');
    assert.deepEqual(
      tableRows(amp.body).map((r) => r.name),
      expected('S', true),
    );
  });

  it('shows each row: link, kind, exact bytes, ISO date and description; hostile names escaped', async () => {
    const res = await fetchRaw(server.url, '/l/');
    const rows = tableRows(res.body);
    const byName = new Map(rows.map((r) => [r.name, r]));
    assert.deepEqual(byName.get('Parent Directory'), {
      kind: 'up',
      href: '/',
      name: 'Parent Directory',
      modified: '',
      bytes: '',
      description: '',
    });
    assert.deepEqual(byName.get('zdir/'), {
      kind: 'dir',
      href: 'zdir/',
      name: 'zdir/',
      modified: day(6).toISOString(),
      bytes: '',
      description: '',
    });
    assert.deepEqual(byName.get('b.zip'), {
      kind: 'archive',
      href: 'b.zip',
      name: 'b.zip',
      modified: day(1).toISOString(),
      bytes: '3000',
      description: 'An archive',
    });
    assert.equal(byName.get('a.png')?.kind, 'image');
    assert.equal(byName.get('README.txt')?.description, 'Read me first');
    // the href is URI-escaped (lower-case hex), the text HTML-escaped; nothing is raw markup
    assert.equal(byName.get('<script>.txt')?.href, '%3cscript%3e.txt');
    assert.equal(byName.get('a&b "q".txt')?.href, 'a&b%20%22q%22.txt');
    assert.ok(res.body.includes('<a href="%3cscript%3e.txt">&lt;script&gt;.txt</a>'), 'escaped <script> name');
    assert.ok(res.body.includes('<a href="a&amp;b%20%22q%22.txt">a&amp;b &quot;q&quot;.txt</a>'), 'escaped a&b "q"');
    assert.match(res.body, /<data value="3000">2\.9K<\/data>/, 'human size with the exact bytes behind it');
  });

  it('leaves out what the client may not see: IndexIgnore, .ht* files, a denied folder', async () => {
    const res = await fetchRaw(server.url, '/l/');
    const names = tableRows(res.body).map((r) => r.name);
    for (const hidden of ['old.bak', '.htpasswd', '.htaccess', 'secret/']) assert.ok(!names.includes(hidden), hidden);
    assert.doesNotMatch(res.body, /old\.bak|htpasswd|secret/);
  });

  it('keeps F= and V= of the query in the heading links (mod_autoindex colargs)', async () => {
    const res = await fetchRaw(server.url, '/plain/?F=1;V=1;C=M;O=D');
    expectFancy(res, 'F=1');
    assert.deepEqual(
      headingCells(res.body).map(([, href]) => href),
      ['?C=N;O=A;F=1;V=1', '?C=M;O=A;F=1;V=1', '?C=S;O=A;F=1;V=1', '?C=D;O=A;F=1;V=1'],
    );
  });

  it('answers HEAD with the headers only', async () => {
    const res = await fetchRaw(server.url, '/l/', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.raw.length, 0);
    assert.equal(res.headers['vary'], 'Accept');
    assert.match(String(res.headers['content-security-policy']), /^default-src 'none'; style-src 'sha256-/);
  });

  it('drops suppressed columns and, with SuppressColumnSorting, the sort links', async () => {
    const res = await fetchRaw(server.url, '/narrow/?C=M;O=D');
    expectFancy(res, '/narrow/');
    assert.deepEqual(headingCells(res.body), [
      ['n', null, null],
      ['m', null, 'descending'],
    ]);
    assert.doesNotMatch(res.body, /class="[sd]"/);
  });

  it('puts HeaderName before the table (no h1) and ReadmeName after it, escaped when it is text', async () => {
    const res = await fetchRaw(server.url, '/hdr/');
    expectFancy(res, '/hdr/');
    assert.match(res.body, /<body>\n<p>HEADER-MARKER<\/p>\n<table>/);
    assert.doesNotMatch(res.body, /<h1>/);
    assert.match(res.body, /<\/table>\n<pre>\nreadme &lt;text&gt; &amp; more\n<\/pre>\n<\/body>/);
  });

  it("stays Apache's plain list where nothing asks for fancy, with -FancyIndexing and with F=0", async () => {
    for (const target of ['/plain/', '/off/', '/l/?F=0']) {
      const res = await fetchRaw(server.url, target);
      assert.equal(res.status, 200, target);
      assert.match(res.body, /^<!DOCTYPE HTML PUBLIC "-\/\/W3C\/\/DTD HTML 4\.01\/\/EN"/, `${target}: the plain page`);
      assert.match(res.body, /<ul><li><a href="\/"> Parent Directory<\/a><\/li>/, target);
      assert.doesNotMatch(res.body, /<table>|<style>/, target);
      assert.equal(res.headers['content-security-policy'], "default-src 'none'", target);
      assert.equal(res.headers['vary'], 'Accept', target);
    }
  });
});

function ascOrDesc(descending: boolean): string {
  return descending ? 'descending' : 'ascending';
}

describe('access.fancy_indexing = true', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await tree();
    server = await startServer(root, { set: ['access.fancy_indexing=true'] });
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
  });

  it('makes every listing a table, as if the server config said IndexOptions FancyIndexing', async () => {
    const res = await fetchRaw(server.url, '/plain/?C=N;O=D');
    expectFancy(res, '/plain/');
    assert.deepEqual(
      tableRows(res.body).map((r) => r.name),
      ['Parent Directory', 'a.txt', 'B.txt'],
    );
  });

  it('yields to IndexOptions -FancyIndexing in an access file', async () => {
    const res = await fetchRaw(server.url, '/off/');
    assert.equal(res.status, 200);
    assert.match(res.body, /<ul><li><a href="\/"> Parent Directory<\/a><\/li>/);
    assert.doesNotMatch(res.body, /<table>/);
  });
});
