// DirectoryIndexRedirect, HeaderName/ReadmeName and SetEnvIfExpr on the real server, each row
// checked against what Apache 2.4 answers (the conformance cases hold the same trees).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';

interface Row {
  target: string;
  req?: TestRequest;
  status: number;
  /** Exact Location path after the server's origin; null = absent. */
  location?: string | null;
  /** Substrings the body must (true) or must not (false) contain. */
  body?: Record<string, boolean>;
}

describe('Indexes extras and SetEnvIfExpr', () => {
  let root: string;
  let server: TestServer;

  before(async () => {
    root = await makeTree({
      'redir/on/.htaccess': 'DirectoryIndexRedirect on\n',
      'redir/on/index.html': 'ON-INDEX\n',
      'redir/on/nolist/.htaccess': 'Options +Indexes\n',
      'redir/on/nolist/a.txt': 'a\n',
      'redir/perm/.htaccess': 'DirectoryIndexRedirect permanent\nDirectoryIndex start.html index.html\n',
      'redir/perm/start.html': 'START\n',
      'redir/code/.htaccess': 'DirectoryIndexRedirect 307\n',
      'redir/code/index.html': 'CODE\n',
      'redir/off/.htaccess': 'DirectoryIndexRedirect off\n',
      'redir/off/index.html': 'OFF-INDEX\n',
      'list/hdr/.htaccess': 'Options +Indexes\nHeaderName HEADER.html\nReadmeName README.txt\n',
      'list/hdr/HEADER.html': '<h1>HDR-MARKER</h1>\n',
      'list/hdr/README.txt': 'README <b> & co\n',
      'list/hdr/a.txt': 'a\n',
      'list/abs/.htaccess': 'Options +Indexes\nHeaderName /list/shared/head.html\n',
      'list/shared/head.html': 'SHARED-HEAD\n',
      'list/abs/a.txt': 'a\n',
      'list/denied/.htaccess':
        'Options +Indexes\nHeaderName HEADER.html\n<Files HEADER.html>\nRequire all denied\n</Files>\n',
      'list/denied/HEADER.html': 'DENIED-HEAD\n',
      'list/denied/a.txt': 'a\n',
      'list/inherit/.htaccess': 'Options +Indexes\nReadmeName FOOTER.html\n',
      'list/inherit/sub/FOOTER.html': 'SUB-FOOTER\n',
      'list/inherit/sub/a.txt': 'a\n',
      'env/legacy/.htaccess':
        'SetEnvIfExpr "%{REMOTE_ADDR} == \'127.0.0.2\'" blocked\nOrder Allow,Deny\nAllow from all\nDeny from env=blocked\n',
      'env/legacy/a.txt': 'a\n',
      'env/hdr/.htaccess': "SetEnvIfExpr \"req('X-Api-Key') == 's3cret'\" api_ok\nRequire env api_ok\n",
      'env/hdr/a.txt': 'a\n',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
  });

  const rows: Row[] = [
    { target: '/redir/on/', status: 302, location: '/redir/on/index.html' },
    { target: '/redir/on/?q=1', status: 302, location: '/redir/on/index.html' },
    { target: '/redir/on/', req: { method: 'HEAD' }, status: 302, location: '/redir/on/index.html' },
    { target: '/redir/on/index.html', status: 200, location: null, body: { 'ON-INDEX': true } },
    { target: '/redir/on/nolist/', status: 200, location: null, body: { 'Index of /redir/on/nolist': true } },
    { target: '/redir/perm/', status: 301, location: '/redir/perm/start.html' },
    { target: '/redir/code/', status: 307, location: '/redir/code/index.html' },
    { target: '/redir/off/', status: 200, location: null, body: { 'OFF-INDEX': true } },
    {
      target: '/list/hdr/',
      status: 200,
      body: {
        '<body>\n<h1>HDR-MARKER</h1>\n<ul>': true,
        '<pre>\nREADME &lt;b&gt; &amp; co\n</pre>\n</body></html>': true,
        '<h1>Index of': false,
        'href="HEADER.html"': true,
      },
    },
    { target: '/list/abs/', status: 200, body: { '<body>\nSHARED-HEAD\n<ul>': true } },
    { target: '/list/denied/', status: 200, body: { 'DENIED-HEAD': false, '<h1>Index of /list/denied</h1>': true } },
    { target: '/list/inherit/sub/', status: 200, body: { '</ul>\nSUB-FOOTER\n</body>': true } },
    { target: '/env/legacy/a.txt', status: 200 },
    { target: '/env/legacy/a.txt', req: { from: '127.0.0.2' }, status: 403 },
    { target: '/env/hdr/a.txt', status: 403 },
    { target: '/env/hdr/a.txt', req: { headers: { 'X-Api-Key': 's3cret' } }, status: 200 },
  ];
  for (const row of rows) {
    const label =
      `${row.req?.method ?? 'GET'} ${row.target}` +
      `${row.req?.from ? ` from ${row.req.from}` : ''}${row.req?.headers ? ' with X-Api-Key' : ''}`;
    it(`${label} -> ${row.status}`, async () => {
      const res = await fetchRaw(server.url, row.target, row.req ?? {});
      assert.equal(res.status, row.status, `${label}\n${res.body}`);
      if (row.location !== undefined) {
        assert.equal(
          res.headers.location ?? null,
          row.location === null ? null : `${server.url}${row.location}`,
          label,
        );
      }
      for (const [text, present] of Object.entries(row.body ?? {})) {
        assert.equal(
          res.body.includes(text),
          present,
          `${label}: ${JSON.stringify(text)} ${present ? 'missing' : 'present'}\n${res.body}`,
        );
      }
    });
  }
});
