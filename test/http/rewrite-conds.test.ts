// RewriteCond expr, the sub-request tests -U/-F and %{API_VERSION}, over real HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';

let root: string;
let server: TestServer;

before(async () => {
  root = await makeTree({
    'site/.htaccess': [
      'RewriteEngine On',
      'RewriteCond expr "%{QUERY_STRING} =~ /^id=(\\d+)$/"',
      'RewriteRule ^item$ item-%1.txt [L]',
      'RewriteCond /site/closed/x.txt -U',
      'RewriteRule ^u-closed$ yes.txt [L]',
      'RewriteCond /site/open/none.txt -U',
      'RewriteRule ^u-missing$ yes.txt [L]',
      'RewriteCond %{DOCUMENT_ROOT}/site/closed/x.txt -F',
      'RewriteRule ^f-closed$ yes.txt [L]',
      'RewriteCond %{DOCUMENT_ROOT}/site/yes.txt -F',
      'RewriteRule ^f-open$ yes.txt [L]',
      'RewriteRule ^api$ /v/%{API_VERSION} [R,L]',
      '',
    ].join('\n'),
    'site/item-7.txt': 'ITEM 7',
    'site/yes.txt': 'YES',
    'site/closed/.htaccess': 'Require all denied\n',
    'site/closed/x.txt': 'CLOSED',
  });
  server = await startServer(root);
});

after(async () => {
  await server.stop();
  await removeTree(root);
});

test('RewriteCond expr: its regex groups are %N', async () => {
  const r = await fetchRaw(server.url, '/site/item?id=7');
  assert.equal(r.status, 200);
  assert.equal(r.body, 'ITEM 7');
  assert.equal((await fetchRaw(server.url, '/site/item?id=x')).status, 404);
});

test('-U is false for a URL access control refuses, true for a missing one; -F also needs the file', async () => {
  assert.equal((await fetchRaw(server.url, '/site/u-closed')).status, 404);
  const missing = await fetchRaw(server.url, '/site/u-missing');
  assert.equal(missing.status, 200);
  assert.equal(missing.body, 'YES');
  assert.equal((await fetchRaw(server.url, '/site/f-closed')).status, 404);
  assert.equal((await fetchRaw(server.url, '/site/f-open')).body, 'YES');
});

test('%{API_VERSION} is the module API number of Apache 2.4', async () => {
  const r = await fetchRaw(server.url, '/site/api');
  assert.equal(r.status, 302);
  assert.match(r.headers['location'] ?? '', /\/v\/20120211:\d+$/);
});
