// SetHandler / DirectoryCheckHandler and RequestHeader on the real server; each row is what
// Apache 2.4 answers for the same tree (the probe3 conformance cases hold the same recipes).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';

interface Row {
  target: string;
  req?: TestRequest;
  status: number;
  body?: string;
  contentRange?: string;
}

describe('SetHandler and RequestHeader', () => {
  let root: string;
  let server: TestServer;

  before(async () => {
    root = await makeTree({
      'sh/.htaccess': 'Options +Indexes\nSetHandler my-handler\nFallbackResource /front.html\n',
      'sh/a.txt': 'A-FILE\n',
      'sh/lst/b.txt': 'b\n',
      'sh/idx/index.html': 'SH-INDEX\n',
      'sh/reset/.htaccess': 'SetHandler None\n',
      'sh/reset/c.txt': 'c\n',
      'check/.htaccess': 'SetHandler x-foo\nDirectoryCheckHandler On\n',
      'check/index.html': 'CHECK-INDEX\n',
      'front.html': 'FRONT\n',
      'rh/norange/.htaccess': 'RequestHeader unset Range\n',
      'rh/norange/a.txt': '0123456789\n',
      'rh/setrange/.htaccess': 'RequestHeader set Range bytes=0-3\n',
      'rh/setrange/a.txt': '0123456789\n',
      'rh/nocond/.htaccess': 'RequestHeader unset If-None-Match\n',
      'rh/nocond/a.txt': 'x\n',
    });
    server = await startServer(root);
  });
  after(async () => {
    await server.stop();
    await removeTree(root);
  });

  const rows: Row[] = [
    { target: '/sh/a.txt', status: 200, body: 'A-FILE\n' }, // files are still served
    { target: '/sh/lst/', status: 404 }, // no listing with another handler set
    { target: '/sh/lst', status: 301 }, // the slash redirect still happens
    { target: '/sh/idx/', status: 200, body: 'SH-INDEX\n' }, // the index is still found
    { target: '/sh/missing', status: 404 }, // and FallbackResource does not fire
    { target: '/sh/reset/', status: 200 }, // SetHandler None: listings again
    { target: '/check/', status: 404 }, // DirectoryCheckHandler On: not even the index
    { target: '/rh/norange/a.txt', req: { headers: { Range: 'bytes=0-1' } }, status: 200, body: '0123456789\n' },
    { target: '/rh/norange/a.txt', req: { headers: { Range: 'bytes=999-' } }, status: 200 },
    { target: '/rh/setrange/a.txt', status: 206, body: '0123', contentRange: 'bytes 0-3/11' },
    { target: '/rh/nocond/a.txt', req: { headers: { 'If-None-Match': '*' } }, status: 200, body: 'x\n' },
  ];
  for (const row of rows) {
    it(`answers ${row.status} to ${row.target}${row.req?.headers ? ` with ${JSON.stringify(row.req.headers)}` : ''}`, async () => {
      const res = await fetchRaw(server.url, row.target, row.req ?? {});
      assert.equal(res.status, row.status, res.body);
      if (row.body !== undefined) assert.equal(res.body, row.body);
      if (row.contentRange !== undefined) assert.equal(res.headers['content-range'], row.contentRange);
      if (row.status === 404) assert.doesNotMatch(res.body, /FRONT|b\.txt/);
    });
  }
});
