// JSON for scripts: a listing asked for with Accept: application/json ranked above text/html is
// the same entries in the same order as the HTML page (C=/O= honoured, the same access rules),
// and both variants say Vary: Accept. Negotiation is q-value based: JSON only when it ranks
// strictly above HTML.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';
import { mediaType } from '../helpers/expect.js';
import { tableRows } from '../helpers/html.js';
import { authLines, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';

const T = new Date('2024-03-04T05:06:07.000Z');
const JSON_ACCEPT = { Accept: 'application/json' };

interface Entry {
  name: string;
  url: string;
  isDirectory: boolean;
  size: number | null;
  modified: string | null;
  type: string | null;
}

function parseListing(res: TestResponse, what: string): Entry[] {
  assert.equal(res.status, 200, `${what}: ${res.body.slice(0, 200)}`);
  assert.equal(res.headers['content-type'], 'application/json', what);
  assert.equal(res.headers['vary'], 'Accept', `${what}: Vary`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['content-length'], String(res.raw.length), what);
  const parsed = JSON.parse(res.body) as unknown;
  assert.ok(Array.isArray(parsed), `${what}: an array`);
  for (const e of parsed as Entry[])
    assert.deepEqual(Object.keys(e), ['name', 'url', 'isDirectory', 'size', 'modified', 'type'], what);
  return parsed as Entry[];
}

describe('JSON listings', () => {
  let root: string;
  let files: AuthFiles;
  let server: TestServer;
  before(async () => {
    files = await makeAuthFiles();
    root = await makeTree({
      'd/.htaccess': 'IndexOptions FancyIndexing FoldersFirst\n',
      'd/notes.txt': { content: 'n'.repeat(42), mtime: T },
      'd/photo.png': { content: 'p'.repeat(2048), mtime: new Date('2024-01-01T00:00:00Z') },
      'd/<script>.txt': { content: 'x', mtime: T },
      'd/a&b "q".txt': { content: 'xy', mtime: T },
      'd/unknown.zzz': { content: 'u', mtime: T },
      'd/sub/x.txt': 'x',
      'd/.htsecret': 'x',
      'd/bobs/.htaccess': `${authLines(files)}Require user bob\n`,
      'd/bobs/x.txt': 'x',
      'p/.htaccess': `${authLines(files)}Require valid-user\nOptions +Indexes\n`,
      'p/a.txt': 'a',
      'plain/b.txt': 'b',
      'plain/A.txt': 'a',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
    await removeTree(files.dir);
  });

  it('describes each entry: name, absolute escaped url, isDirectory, size, ISO date, media type', async () => {
    const entries = parseListing(await fetchRaw(server.url, '/d/', { headers: JSON_ACCEPT }), '/d/');
    const byName = new Map(entries.map((e) => [e.name, e]));
    assert.deepEqual(byName.get('notes.txt'), {
      name: 'notes.txt',
      url: '/d/notes.txt',
      isDirectory: false,
      size: 42,
      modified: T.toISOString(),
      type: 'text/plain',
    });
    assert.equal(byName.get('photo.png')?.type, 'image/png');
    assert.equal(byName.get('unknown.zzz')?.type, null);
    assert.deepEqual(byName.get('sub'), {
      name: 'sub',
      url: '/d/sub/',
      isDirectory: true,
      size: null,
      modified: byName.get('sub')!.modified,
      type: null,
    });
    assert.match(byName.get('sub')!.modified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(byName.get('<script>.txt')?.url, '/d/%3cscript%3e.txt');
    assert.equal(byName.get('a&b "q".txt')?.url, '/d/a&b%20%22q%22.txt');
    assert.ok(!byName.has('.htsecret') && !byName.has('.htaccess'), '.ht* files are never listed');
  });

  for (const query of ['', '?C=N;O=D', '?C=S;O=A', '?C=S;O=D', '?C=M;O=A', '?C=M&O=D', '?C=D;O=D', '?F=0;C=S;O=D']) {
    it(`lists the same entries in the same order as the HTML page for ${query || 'no query'}`, async () => {
      const html = await fetchRaw(server.url, `/d/${query}`);
      assert.equal(html.status, 200);
      assert.equal(html.headers['vary'], 'Accept', 'the HTML variant says Vary too');
      const pageNames = query.startsWith('?F=0')
        ? [...html.body.matchAll(/<li><a href="[^"]*"> ([^<]*)<\/a>/g)].map((m) => m[1]!).slice(1)
        : tableRows(html.body)
            .slice(1)
            .map((r) => r.name);
      const json = parseListing(await fetchRaw(server.url, `/d/${query}`, { headers: JSON_ACCEPT }), query);
      const decode = (s: string) =>
        s
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&');
      assert.deepEqual(
        json.map((e) => e.name + (e.isDirectory ? '/' : '')),
        pageNames.map(decode),
      );
    });
  }

  it('applies the same access rules: an entry only bob may open is listed for bob alone', async () => {
    const anon = parseListing(await fetchRaw(server.url, '/d/', { headers: JSON_ACCEPT }), 'anonymous');
    assert.ok(!anon.some((e) => e.name === 'bobs'), 'hidden from an anonymous client');
    const bob = parseListing(await fetchRaw(server.url, '/d/', { headers: JSON_ACCEPT, auth: 'bob:bobpw' }), 'as bob');
    assert.ok(
      bob.some((e) => e.name === 'bobs' && e.isDirectory),
      'listed for bob',
    );
  });

  it('a protected listing asked for as JSON is a JSON 401 with the challenge', async () => {
    const res = await fetchRaw(server.url, '/p/', { headers: JSON_ACCEPT });
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Basic realm="R"');
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(Object.keys(JSON.parse(res.body) as object), ['error', 'message']);
    const ok = parseListing(await fetchRaw(server.url, '/p/', { headers: JSON_ACCEPT, auth: 'sam:sampw' }), 'as sam');
    assert.deepEqual(
      ok.map((e) => e.name),
      ['a.txt'],
    );
  });

  const negotiation: Array<[string, boolean]> = [
    ['application/json', true],
    ['application/json, text/html;q=0.9', true],
    ['text/html;q=0.5, application/*', true],
    ['application/json;q=0.8, */*;q=0.5', true],
    ['text/html, application/json', false],
    ['application/json, text/html', false],
    ['*/*', false],
    ['application/json;q=0.5, text/html;q=0.5', false],
    ['text/html, application/json;q=0.9', false],
    ['application/json;q=0, */*', false],
    ['text/*;q=0.1, application/json;q=0.2', true],
    ['', false],
    ['garbage', false],
  ];
  for (const [accept, json] of negotiation) {
    it(`Accept: ${JSON.stringify(accept)} gets ${json ? 'JSON' : 'HTML'}`, async () => {
      const res = await fetchRaw(server.url, '/plain/', { headers: { Accept: accept } });
      assert.equal(res.status, 200);
      assert.equal(res.headers['vary'], 'Accept');
      assert.equal(mediaType(res), json ? 'application/json' : 'text/html');
      if (json)
        assert.deepEqual(
          (JSON.parse(res.body) as Entry[]).map((e) => e.name),
          ['A.txt', 'b.txt'],
        );
      else assert.match(res.body, /<title>Index of \/plain<\/title>/);
    });
  }

  it('without Accept the page is HTML', async () => {
    const res = await fetchRaw(server.url, '/plain/');
    assert.equal(mediaType(res), 'text/html');
    assert.equal(res.headers['vary'], 'Accept');
  });

  it('cuts one byte range of the JSON, as of any generated page', async () => {
    const full = await fetchRaw(server.url, '/plain/', { headers: JSON_ACCEPT });
    const part = await fetchRaw(server.url, '/plain/', { headers: { ...JSON_ACCEPT, Range: 'bytes=0-9' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-type'], 'application/json');
    assert.equal(part.headers['content-range'], `bytes 0-9/${full.raw.length}`);
    assert.equal(part.body, full.body.slice(0, 10));
  });
});
