// Directories (docs/apache-behaviour.md §11): the trailing-slash redirect, DirectoryIndex candidates in order,
// and the listing — sorted, escaped, without the files that are never served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';
import { expectBuiltinPage, expectFile, mediaType } from '../helpers/expect.js';

const MTIME = new Date('2024-01-02T03:04:05Z');

function tree() {
  return makeTree({
    'index.html': '<p>root index</p>\n',
    'dir/index.html': '<p>dir index</p>\n',
    'sp ace/index.html': '<p>space</p>\n',
    'ü/index.html': '<p>umlaut</p>\n',
    'both/index.htm': '<p>index.htm wins when listed first</p>\n',
    'both/index.html': '<p>index.html</p>\n',
    'onlyhtml/index.html': '<p>only index.html</p>\n',
    'lst/a.txt': { content: 'aaaaaaaaaaa', mtime: MTIME },
    'lst/B.txt': { content: 'B', mtime: MTIME },
    'lst/<b>&.txt': { content: 'tag', mtime: MTIME },
    'lst/sp ace.txt': { content: 'space', mtime: MTIME },
    'lst/ü.txt': { content: 'umlaut', mtime: MTIME },
    'lst/sub/x.txt': 'x',
    'lst/.htaccess': '# nothing\n',
    'lst/.htpasswd': 'user:$apr1$abc$0123456789abcdefghijkl\n',
    empty: { dir: true },
  });
}

/** [href, visible text] of every entry of a listing, Parent Directory included, in page order. */
function listingLinks(res: TestResponse): Array<[string, string]> {
  return [...res.body.matchAll(/<li><a href="([^"]*)">\s?([^<]*)<\/a>/g)].map((m) => [m[1]!, m[2]!]);
}

function liOf(res: TestResponse, href: string): string {
  const line = res.body.split('\n').find((l) => l.includes(`href="${href}"`));
  assert.ok(line, `a list item links to ${href}:\n${res.body}`);
  return line;
}

function expectListing(res: TestResponse, title: string): void {
  assert.equal(res.status, 200, res.body.slice(0, 300));
  assert.equal(mediaType(res), 'text/html', String(res.headers['content-type']));
  assert.equal(res.headers['content-length'], String(res.raw.length));
  assert.ok(res.body.includes(`<title>Index of ${title}</title>`), `title "Index of ${title}":\n${res.body}`);
  assert.ok(res.body.includes(`<h1>Index of ${title}</h1>`), `h1 "Index of ${title}"`);
}

describe('directories with the default configuration', () => {
  let root: string;
  let server: TestServer;
  let host: string;
  before(async () => {
    root = await tree();
    server = await startServer(root);
    host = `127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  // [request target, Location path+query expected after http://<Host>]
  const redirects: Array<{ target: string; location: string; why: string }> = [
    { target: '/dir', location: '/dir/', why: 'a directory named without its slash' },
    { target: '/dir?a=1&b=2', location: '/dir/?a=1&b=2', why: 'the query string is kept' },
    { target: '/sp%20ace', location: '/sp%20ace/', why: 'a space is re-escaped' },
    { target: '/%C3%BC', location: '/%c3%bc/', why: 'UTF-8 is re-escaped with lower-case hex' },
    { target: '/lst/sub', location: '/lst/sub/', why: 'a nested directory' },
    { target: '/a/../dir', location: '/dir/', why: 'the normalised path is used' },
  ];
  for (const r of redirects) {
    it(`redirects ${r.target} with 301 to http://<Host>${r.location} (${r.why})`, async () => {
      const res = await fetchRaw(server.url, r.target);
      expectBuiltinPage(res, 301, r.target);
      const location = `http://${host}${r.location}`;
      assert.equal(res.headers.location, location);
      assert.ok(
        res.body.includes(`<a href="${location.replace(/&/g, '&amp;')}">here</a>`),
        `the page links to the new URL:\n${res.body}`,
      );
    });
  }

  it('builds the Location from the Host header the client sent', async () => {
    const res = await fetchRaw(server.url, '/dir', { headers: { Host: 'www.example.test:8123' } });
    expectBuiltinPage(res, 301, 'custom Host');
    assert.equal(res.headers.location, 'http://www.example.test:8123/dir/');
  });

  it('redirects HEAD too, without a body', async () => {
    const res = await fetchRaw(server.url, '/dir', { method: 'HEAD' });
    expectBuiltinPage(res, 301, 'HEAD /dir', 'HEAD');
    assert.equal(res.headers.location, `http://${host}/dir/`);
  });

  it('serves index.html for a directory with its slash', async () => {
    expectFile(await fetchRaw(server.url, '/dir/'), '<p>dir index</p>\n', 'text/html');
  });

  it('serves the index of a directory with a UTF-8 name', async () => {
    expectFile(await fetchRaw(server.url, '/%c3%bc/'), '<p>umlaut</p>\n', 'text/html');
  });

  it('uses only index.html by default (index.htm is not a candidate)', async () => {
    expectFile(await fetchRaw(server.url, '/both/'), '<p>index.html</p>\n', 'text/html');
  });

  describe('the listing of a directory without an index file', () => {
    let res: TestResponse;
    before(async () => {
      res = await fetchRaw(server.url, '/lst/');
    });

    it('is a 200 HTML page titled with the URL path', () => {
      expectListing(res, '/lst');
    });

    it('starts with a Parent Directory link to the parent', () => {
      assert.deepEqual(listingLinks(res)[0], ['/', 'Parent Directory']);
    });

    it('lists entries in byte order, directories with a slash, names HTML-escaped and hrefs URL-encoded', () => {
      assert.deepEqual(listingLinks(res).slice(1), [
        ['%3cb%3e&amp;.txt', '&lt;b&gt;&amp;.txt'],
        ['B.txt', 'B.txt'],
        ['a.txt', 'a.txt'],
        ['sp%20ace.txt', 'sp ace.txt'],
        ['sub/', 'sub/'],
        ['%c3%bc.txt', 'ü.txt'],
      ]);
      assert.ok(!res.body.includes('<b>'), 'the raw name never appears as markup');
    });

    it('does not show .htaccess or .htpasswd', () => {
      assert.doesNotMatch(res.body, /\.ht(access|passwd)/);
    });

    it("keeps Apache's link in each entry and adds the size and modification date after it", () => {
      const a = liOf(res, 'a.txt');
      assert.match(a, /^<li><a href="a\.txt"> a\.txt<\/a> <span>/, a);
      assert.match(a, /a\.txt<\/a>.*\b11\b/, `size 11 in: ${a}`);
      assert.match(a, /2024-01-02[ T]03:04/, `date in: ${a}`);
      assert.match(liOf(res, 'sp%20ace.txt'), /\b5\b.*2024-01-02/);
    });

    it("honours one Range like Apache's byterange filter (206), a 416 when none is satisfiable", async () => {
      const part = await fetchRaw(server.url, '/lst/', { headers: { Range: 'bytes=0-8' } });
      assert.equal(part.status, 206);
      assert.equal(part.headers['content-range'], `bytes 0-8/${res.raw.length}`);
      assert.deepEqual(part.raw, res.raw.subarray(0, 9));
      const none = await fetchRaw(server.url, '/lst/', { headers: { Range: 'bytes=99999-' } });
      assert.equal(none.status, 416);
      const head = await fetchRaw(server.url, '/lst/', { method: 'HEAD', headers: { Range: 'bytes=0-8' } });
      assert.equal(head.status, 200);
    });

    it('links a nested listing to its parent directory', async () => {
      const sub = await fetchRaw(server.url, '/lst/sub/');
      expectListing(sub, '/lst/sub');
      assert.deepEqual(listingLinks(sub), [
        ['/lst/', 'Parent Directory'],
        ['x.txt', 'x.txt'],
      ]);
    });

    it('lists an empty directory with only the Parent Directory link', async () => {
      const empty = await fetchRaw(server.url, '/empty/');
      expectListing(empty, '/empty');
      assert.deepEqual(listingLinks(empty), [['/', 'Parent Directory']]);
    });

    it('reverses the order for ?C=N;O=D', async () => {
      const rev = await fetchRaw(server.url, '/lst/?C=N;O=D');
      expectListing(rev, '/lst');
      assert.deepEqual(
        listingLinks(rev)
          .slice(1)
          .map(([href]) => href),
        ['%c3%bc.txt', 'sub/', 'sp%20ace.txt', 'a.txt', 'B.txt', '%3cb%3e&amp;.txt'],
      );
    });

    it('answers HEAD with the listing headers and no body', async () => {
      const head = await fetchRaw(server.url, '/lst/', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(mediaType(head), 'text/html');
      assert.equal(head.raw.length, 0);
    });
  });
});

describe('DirectoryIndex candidates in order (access.directory_index=index.htm index.html)', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await tree();
    server = await startServer(root, { set: ['access.directory_index=index.htm index.html'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('serves the first candidate that exists', async () => {
    expectFile(await fetchRaw(server.url, '/both/'), '<p>index.htm wins when listed first</p>\n', 'text/html');
  });

  it('falls back to the next candidate when the first is missing', async () => {
    expectFile(await fetchRaw(server.url, '/onlyhtml/'), '<p>only index.html</p>\n', 'text/html');
  });

  it('still lists a directory where no candidate exists', async () => {
    expectListing(await fetchRaw(server.url, '/lst/'), '/lst');
  });
});

describe('no Indexes option (access.options=FollowSymLinks)', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await tree();
    server = await startServer(root, { set: ['access.options=FollowSymLinks'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('answers 403 for a directory without an index file', async () => {
    const res = await fetchRaw(server.url, '/lst/');
    expectBuiltinPage(res, 403, '/lst/');
    assert.doesNotMatch(res.body, /Index of|a\.txt/);
  });

  it('answers 403 for HEAD of that directory, without a body', async () => {
    expectBuiltinPage(await fetchRaw(server.url, '/lst/', { method: 'HEAD' }), 403, 'HEAD /lst/', 'HEAD');
  });

  it('still serves an index file', async () => {
    expectFile(await fetchRaw(server.url, '/dir/'), '<p>dir index</p>\n', 'text/html');
  });

  it('still redirects a directory named without its slash', async () => {
    const res = await fetchRaw(server.url, '/lst');
    expectBuiltinPage(res, 301, '/lst');
    assert.equal(res.headers.location, `http://127.0.0.1:${server.port}/lst/`);
  });
});

describe('the listing of the document root itself', () => {
  let root: string;
  let server: TestServer;
  before(async () => {
    root = await makeTree({ 'one.txt': '1', 'two/x.txt': '2' });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
  });

  it('has no Parent Directory link', async () => {
    const res = await fetchRaw(server.url, '/');
    expectListing(res, '/');
    assert.deepEqual(listingLinks(res), [
      ['one.txt', 'one.txt'],
      ['two/', 'two/'],
    ]);
    assert.doesNotMatch(res.body, /Parent Directory/);
  });
});
