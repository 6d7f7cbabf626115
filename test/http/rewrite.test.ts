// mod_rewrite in .htaccess over real HTTP: internal rewrites re-run the request, external
// redirects, F/G, loops ending in a 500 with file:line in the error log, and server.modules
// (without rewrite, RewriteEngine is an unknown command and <IfModule mod_rewrite.c> is skipped).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';
import { runCli } from '../helpers/cli.js';
import { IMPLEMENTED_MODULES } from '../../src/htaccess/directives/modules.js';

const HTACCESS = [
  'RewriteEngine On',
  'RewriteRule ^old\\.html$ new.html [L]',
  'RewriteRule ^moved$ new.html [R=301,L]',
  'RewriteRule ^away$ http://example.com/x?y=1 [L]',
  'RewriteRule ^blocked$ - [F]',
  'RewriteRule ^gone$ - [G]',
  'RewriteRule ^go/(.*)$ private/$1 [L]',
  'RewriteCond %{QUERY_STRING} ^id=([0-9]+)$',
  'RewriteRule ^item$ item-%1.html? [L]',
  'RewriteCond %{REQUEST_FILENAME} !-f',
  'RewriteRule ^loop/(.*)$ loop/x$1',
  '',
].join('\n');

let root: string;
let server: TestServer;
let noRewrite: TestServer;

before(async () => {
  root = await makeTree({
    'site/.htaccess': HTACCESS,
    'site/new.html': 'NEW PAGE',
    'site/item-7.html': 'ITEM SEVEN',
    'site/private/.htaccess': 'Require all denied\n',
    'site/private/x.html': 'PRIVATE',
    'plain/.htaccess': '<IfModule mod_rewrite.c>\nRequire all denied\n</IfModule>\n',
    'plain/f.txt': 'PLAIN',
    'engine/.htaccess': 'RewriteEngine On\n',
    'engine/f.txt': 'ENGINE',
    'nofollow/.htaccess': 'Options -FollowSymLinks\nRewriteEngine On\n',
    'nofollow/f.txt': 'NOFOLLOW',
  });
  server = await startServer(root);
  noRewrite = await startServer(root, {
    set: [`server.modules=${IMPLEMENTED_MODULES.filter((m) => m !== 'rewrite').join(', ')}`],
  });
});

after(async () => {
  await server.stop();
  await noRewrite.stop();
  await removeTree(root);
});

test('an internal rewrite serves the target file under the original URL', async () => {
  const r = await fetchRaw(server.url, '/site/old.html');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'NEW PAGE');
  assert.equal(r.headers['content-type'], 'text/html');
  assert.equal(r.headers['location'], undefined);
});

test('R=301 redirects with a fully qualified Location; an absolute URL is a 302 with its query', async () => {
  const r = await fetchRaw(server.url, '/site/moved');
  assert.equal(r.status, 301);
  // No RewriteBase: Apache puts the directory's file-system path into the URL (lint warns).
  assert.equal(r.headers['location'], `${server.url}${root}/site/new.html`);
  const away = await fetchRaw(server.url, '/site/away');
  assert.equal(away.status, 302);
  assert.equal(away.headers['location'], 'http://example.com/x?y=1');
});

test('F and G answer 403 and 410', async () => {
  assert.equal((await fetchRaw(server.url, '/site/blocked')).status, 403);
  assert.equal((await fetchRaw(server.url, '/site/gone')).status, 410);
});

test('the rewritten URL goes through access control again', async () => {
  const r = await fetchRaw(server.url, '/site/go/x.html');
  assert.equal(r.status, 403);
  assert.doesNotMatch(r.body, /PRIVATE/);
});

test('condition back-references and a trailing ? that drops the query', async () => {
  const r = await fetchRaw(server.url, '/site/item?id=7');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'ITEM SEVEN');
  assert.equal((await fetchRaw(server.url, '/site/item?id=8')).status, 404);
});

test('a rewrite loop ends in a 500 at the internal-redirect limit, logged with file:line', async () => {
  const r = await fetchRaw(server.url, '/site/loop/a');
  assert.equal(r.status, 500);
  const line = await waitForMatch(server.errorLog, /AH00124.*site\/\.htaccess:11/);
  assert.ok(line, `error log: ${server.errorLog()}`);
});

test('RewriteEngine On without FollowSymLinks is a 403 (AH00670)', async () => {
  const r = await fetchRaw(server.url, '/nofollow/f.txt');
  assert.equal(r.status, 403);
  assert.ok(await waitForMatch(server.errorLog, /AH00670/));
  assert.equal((await fetchRaw(server.url, '/engine/f.txt')).body, 'ENGINE');
});

test('server.modules without rewrite: RewriteEngine is a 500 and <IfModule mod_rewrite.c> is skipped', async () => {
  const r = await fetchRaw(noRewrite.url, '/engine/f.txt');
  assert.equal(r.status, 500);
  assert.ok(await waitForMatch(noRewrite.errorLog, /engine\/\.htaccess:1: Invalid command 'RewriteEngine'/));
  const plain = await fetchRaw(noRewrite.url, '/plain/f.txt');
  assert.equal(plain.status, 200);
  assert.equal(plain.body, 'PLAIN');
  assert.equal((await fetchRaw(server.url, '/plain/f.txt')).status, 403);
});

test('htserve check shows each rule and condition with captures, and the internal redirect chain', async () => {
  const r = await runCli(['check', '/site/item?id=7', '--root', root]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /\[rewrite\] .*site\/\.htaccess:9: RewriteRule \^item\$ item-%1\.html\? \[L\]: 'item' matches/,
  );
  assert.match(
    r.stdout,
    /\[rewrite\] .*site\/\.htaccess:8: {3}RewriteCond %\{QUERY_STRING\} \^id=\(\[0-9\]\+\)\$ \(captures: %0='id=7' %1='7'\) => true/,
  );
  assert.match(r.stdout, /internal redirect #1 to \/site\/item-7\.html => redirect\n {4}\[map\] \/site\/item-7\.html/);
  assert.match(r.stdout, /^ {2}200 OK$/m);
});

test('htserve lint warns about the classic rewrite mistakes', async () => {
  const tree = await makeTree({
    'a/.htaccess': [
      'RewriteEngine On',
      'RewriteRule ^/x$ y [L]',
      'RewriteRule ^old$ new [R=301]',
      'RewriteRule ^(.*)$ x/$1',
      'RewriteRule ^ok$ fine.html [L]',
      'RewriteCond %{HTTP_HOST} x',
      '',
    ].join('\n'),
    'b/.htaccess': 'Options -FollowSymLinks\nRewriteEngine On\n',
  });
  try {
    const r = await runCli(['lint', tree]);
    const lines = r.stdout.split('\n');
    const has = (line: number, text: RegExp): boolean =>
      lines.some((l) => l.includes(`a/.htaccess:${line}: warning:`) && text.test(l));
    assert.ok(has(2, /leading slash/), r.stdout);
    assert.ok(has(3, /R without L/), r.stdout);
    assert.ok(has(3, /no RewriteBase/), r.stdout);
    assert.ok(has(4, /matches its own result/), r.stdout);
    assert.ok(has(6, /followed by no RewriteRule/), r.stdout);
    assert.ok(!lines.some((l) => l.includes('a/.htaccess:5:')), r.stdout);
    assert.match(r.stdout, /b\/\.htaccess:2: error: RewriteEngine On without Options FollowSymLinks/);
  } finally {
    await removeTree(tree);
  }
});
