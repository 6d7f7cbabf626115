// HeaderName / ReadmeName on the listing page (mod_autoindex emit_head/emit_tail) and the
// Indexes directives that feed them: DirectoryIndexRedirect, HeaderName, ReadmeName.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { compile, FILE, ALL } from '../helpers/compile.js';
import { baseConfig, mergeFragment } from '../../src/htaccess/merge.js';
import { PLAIN_LISTING, renderListing, type ListingEntry } from '../../src/respond/listing.js';

const entry: ListingEntry = { name: 'a.txt', isDir: false, size: 3, mtime: new Date(0) };
const PREAMBLE_END = ' </head>\n <body>\n';

test('DirectoryIndexRedirect: the status each argument stands for', async (t) => {
  const rows: Array<[string, number]> = [
    ['on', 302],
    ['Off', 0],
    ['permanent', 301],
    ['temp', 302],
    ['SeeOther', 303],
    ['307', 307],
    ['300', 300],
  ];
  for (const [arg, status] of rows) {
    await t.test(arg, () => {
      assert.deepEqual(compile(`DirectoryIndexRedirect ${arg}`).directoryIndexRedirect, {
        value: status,
        loc: { file: FILE, line: 1 },
      });
    });
  }
  for (const [arg, message] of [
    ['400', 'DirectoryIndexRedirect only accepts values between 300 and 399'],
    ['maybe', 'DirectoryIndexRedirect ON|OFF|permanent|temp|seeother|3xx'],
  ]) {
    await t.test(`${arg} is an error`, () => {
      const result = compileAccessFile(`DirectoryIndexRedirect ${arg}`, FILE, ALL);
      assert.equal(result.kind, 'error');
      if (result.kind === 'error') assert.equal(result.error.message, message);
    });
  }
});

test('HeaderName / ReadmeName are kept and inherited; a child replaces them', () => {
  const top = compile('HeaderName HEADER.html\nReadmeName /shared/README.txt');
  assert.equal(top.headerName?.value, 'HEADER.html');
  assert.equal(top.readmeName?.value, '/shared/README.txt');
  assert.equal(top.warnings.length, 0);
  const parent = mergeFragment(
    baseConfig({ options: new Set(), directoryIndex: ['index.html'], forbiddenOnFailure: false, defaultCharset: null }),
    top,
  );
  const child = mergeFragment(parent, compile('ReadmeName FOOTER.html\nDirectoryIndexRedirect on'));
  assert.equal(child.headerName, 'HEADER.html');
  assert.equal(child.readmeName, 'FOOTER.html');
  assert.equal(child.directoryIndexRedirect, 302);
  assert.equal(mergeFragment(child, compile('DirectoryIndexRedirect off')).directoryIndexRedirect, 0);
});

test('renderListing: no inserts keeps the <h1> and the page end', () => {
  const html = renderListing('/d/', [entry], '');
  assert.match(html, /<h1>Index of \/d<\/h1>\n<ul>/);
  assert.match(html, /<\/ul>\n<\/body><\/html>\n$/);
});

test('renderListing: an HTML header replaces the <h1>, a text readme goes in <pre> escaped', () => {
  const html = renderListing('/d/', [entry], '', PLAIN_LISTING, {
    header: { kind: 'html', content: '<h1>HDR</h1>\n' },
    readme: { kind: 'text', content: 'a <b> & "c"\n' },
  });
  assert.ok(html.includes(`${PREAMBLE_END}<h1>HDR</h1>\n<ul>`), html);
  assert.ok(!html.includes('Index of /d</h1>'));
  assert.ok(html.endsWith('</ul>\n<pre>\na &lt;b&gt; &amp; "c"\n</pre>\n</body></html>\n'), html);
});

test('renderListing: a text header in <pre>, an HTML readme as is', () => {
  const html = renderListing('/d/', [entry], '', PLAIN_LISTING, {
    header: { kind: 'text', content: 'x<y' },
    readme: { kind: 'html', content: '<p>end</p>\n' },
  });
  assert.ok(html.includes(`${PREAMBLE_END}<pre>\nx&lt;y</pre>\n<ul>`), html);
  assert.ok(html.endsWith('</ul>\n<p>end</p>\n</body></html>\n'), html);
});

test('renderListing: SuppressHTMLPreamble only drops what HTML inserts bring themselves', () => {
  const opts = { ...PLAIN_LISTING, suppressPreamble: true };
  const html = renderListing('/d/', [entry], '', opts, {
    header: { kind: 'html', content: '<html><body>\n' },
    readme: { kind: 'html', content: '</body></html>\n' },
  });
  assert.ok(html.startsWith('<html><body>\n<ul>'), html);
  assert.ok(html.endsWith('</ul>\n</body></html>\n') && !html.includes('</body></html>\n</body></html>'), html);
  // without an HTML header the preamble stays
  assert.ok(
    renderListing('/d/', [entry], '', opts, { header: { kind: 'text', content: 't' } }).startsWith('<!DOCTYPE'),
  );
  assert.ok(renderListing('/d/', [entry], '', opts).includes('<h1>Index of /d</h1>'));
});
