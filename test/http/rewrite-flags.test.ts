// mod_rewrite's T, H and P flags and a substitution naming this server's own URL, over real HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';
import { runCli } from '../helpers/cli.js';

const HTACCESS = [
  'RewriteEngine On',
  'RewriteRule ^data\\.txt$ - [T=application/json]',
  'RewriteRule ^pic$ data.txt [T=image/png,L]',
  'RewriteRule ^dir/$ - [H=application/x-httpd-php]',
  'RewriteRule ^plain\\.txt$ - [H=application/x-httpd-php]',
  'RewriteRule ^handled$ plain.txt [H=default-handler]',
  'RewriteRule ^remote$ http://example.com/x [P]',
  'RewriteRule ^own$ http://%{HTTP_HOST}/site/plain.txt [L]',
  '',
].join('\n');

let root: string;
let server: TestServer;

before(async () => {
  root = await makeTree({
    'site/.htaccess': HTACCESS,
    'site/data.txt': '{"a":1}',
    'site/plain.txt': 'PLAIN',
    'site/dir/a.txt': 'A',
  });
  server = await startServer(root);
});

after(async () => {
  await server.stop();
  await removeTree(root);
});

test('T= sets the type of the file served where the rule applies, not after an internal redirect', async () => {
  const typed = await fetchRaw(server.url, '/site/data.txt');
  assert.equal(typed.status, 200);
  assert.equal(typed.headers['content-type'], 'application/json');
  assert.equal(typed.body, '{"a":1}');
  // pic -> data.txt is a new request: its own rule (application/json) decides, as in Apache.
  const redirected = await fetchRaw(server.url, '/site/pic');
  assert.equal(redirected.status, 200);
  assert.equal(redirected.headers['content-type'], 'application/json');
});

test('H= leaves files served, refuses a directory listing and replaces an internal redirect (404)', async () => {
  const file = await fetchRaw(server.url, '/site/plain.txt');
  assert.equal(file.status, 200);
  assert.equal(file.body, 'PLAIN');
  assert.equal((await fetchRaw(server.url, '/site/dir/')).status, 404);
  const handled = await fetchRaw(server.url, '/site/handled');
  assert.equal(handled.status, 404);
  assert.doesNotMatch(handled.body, /PLAIN/);
});

test('P without mod_proxy is a 403, logged as AH10160', async () => {
  const r = await fetchRaw(server.url, '/site/remote');
  assert.equal(r.status, 403);
  assert.ok(await waitForMatch(server.errorLog, /AH10160.*proxy:http:\/\/example\.com\/x/), server.errorLog());
});

test('a substitution naming this host and port is served as a local path, not redirected', async () => {
  const r = await fetchRaw(server.url, '/site/own');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'PLAIN');
  assert.equal(r.headers['location'], undefined);
});

test('htserve lint warns about P, H on a rewrite, and relative substitutions inside <Files>', async () => {
  const tree = await makeTree({
    'a/.htaccess': [
      'RewriteEngine On',
      'RewriteRule ^p$ http://example.com/ [P]',
      'RewriteRule ^h$ x.html [H=text/html]',
      'RewriteRule ^ok$ - [H=text/html]',
      '<Files "f.html">',
      'RewriteRule ^ g.html [L]',
      '</Files>',
      '',
    ].join('\n'),
  });
  try {
    const r = await runCli(['lint', tree]);
    const lines = r.stdout.split('\n');
    const has = (line: number, text: RegExp): boolean =>
      lines.some((l) => l.includes(`a/.htaccess:${line}: warning:`) && text.test(l));
    assert.ok(has(2, /P needs mod_proxy/), r.stdout);
    assert.ok(has(3, /replaces the internal redirect/), r.stdout);
    assert.ok(has(6, /f\.html\/g\.html/), r.stdout);
    assert.ok(!lines.some((l) => l.includes('a/.htaccess:4:')), r.stdout);
  } finally {
    await removeTree(tree);
  }
});
