// mod_dir's sub-requests over the real server (docs/apache-behaviour.md §11.2, checked against Apache 2.4):
// DirectoryIndex candidates, FallbackResource chains and loops, and the listing entries whose
// own lookup (Redirect, a refused index) hides them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestResponse } from '../helpers/http.js';
import { authLines, makeAuthFiles, type AuthFiles } from '../helpers/engine.js';

const page = (tag: string): string => `<p>${tag}-MARKER</p>\n`;

function tree(auth: AuthFiles) {
  const AUTH = authLines(auth);
  return makeTree({
    'front.html': page('FRONT'),
    'target/index.html': page('TGT'),
    // DirectoryIndex candidates
    'dirfirst/.htaccess': 'DirectoryIndex sub index.html\n',
    'dirfirst/sub/x.txt': 'x',
    'dirfirst/index.html': page('IDX'),
    'linkidx/.htaccess': 'DirectoryIndex a.html b.html\n',
    'linkidx/a.html': { symlink: '../target' },
    'linkidx/b.html': page('B'),
    'redir/.htaccess': 'DirectoryIndex old.html new.html\nRedirect 301 /redir/old.html /target/\n',
    'redir/new.html': page('NEW'),
    'authfirst/.htaccess': `DirectoryIndex a.html b.html\n<Files a.html>\n${AUTH}Require valid-user\n</Files>\n`,
    'authfirst/a.html': page('A'),
    'authlast/.htaccess': `DirectoryIndex a.html b.html\n<Files b.html>\n${AUTH}Require valid-user\n</Files>\n`,
    'authlast/b.html': page('B'),
    'pinfo/.htaccess': 'DirectoryIndex index.html/x\n',
    'pinfo/index.html': page('IDX'),
    'query/.htaccess': 'DirectoryIndex index.html?x=1\n',
    'query/index.html': page('IDX'),
    'dironly/.htaccess': 'DirectoryIndex sub/\n',
    'dironly/sub/.htaccess': 'Options -Indexes\n',
    'dironly/f.txt': 'f',
    // FallbackResource
    'fb/.htaccess': 'FallbackResource /front.html\n',
    'fb/lst/a.txt': 'a',
    'fb/missingfb/.htaccess': 'FallbackResource /fb/nope.html\n',
    'fb/relfb/.htaccess': 'FallbackResource front.html\n',
    'fb/den/.htaccess': 'FallbackResource /fb/den/d.html\n<Files d.html>\nRequire all denied\n</Files>\n',
    'fb/den/d.html': page('D'),
    'fb/red/.htaccess': 'FallbackResource /fb/red/old\nRedirect 301 /fb/red/old /front.html\n',
    'fb/todir/.htaccess': 'FallbackResource /fb/todir/d/\n',
    'fb/todir/d/index.html': page('D'),
    // listing entries
    'lst/.htaccess':
      'RedirectMatch 404 /\\.git\nRedirect gone /lst/old.txt\nRedirect 301 /lst/moved.txt /front.html\nRedirectMatch 403 \\.bak$\n',
    'lst/.git/config': 'x',
    'lst/old.txt': 'x',
    'lst/moved.txt': 'x',
    'lst/x.bak': 'x',
    'lst/keep.txt': 'x',
    'lst/deny/.htaccess': '<Files index.html>\nRequire all denied\n</Files>\n',
    'lst/deny/index.html': 'i',
    'lst/ok/x': 'x',
    'shown/.htaccess': 'IndexOptions ShowForbidden\n',
    'shown/den/.htaccess': 'Require all denied\n',
    'shown/den/x': 'x',
  });
}

function markers(res: TestResponse): string {
  return [...new Set([...res.body.matchAll(/([A-Z]+)-MARKER/g)].map((m) => m[1]!))].sort().join(',');
}

function listing(res: TestResponse): string {
  return [...res.body.matchAll(/<li><a href="([^"]*)">/g)].map((m) => m[1]!).join(' ');
}

describe('mod_dir sub-requests', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;
  before(async () => {
    auth = await makeAuthFiles();
    root = await tree(auth);
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  // [target, status, markers, Location path, WWW-Authenticate present, why]
  const rows: Array<[string, number, string, string | null, boolean, string]> = [
    ['/dirfirst/', 301, '', '/dirfirst/sub/', false, 'a candidate naming a directory redirects to its slash at once'],
    ['/linkidx/', 301, '', '/linkidx/a.html/', false, 'so does a symlink to a directory'],
    ['/redir/', 301, '', '/target/', false, 'a candidate answered by Redirect redirects at once'],
    ['/authfirst/', 401, '', null, false, 'a 401 from a candidate that is not the last: no challenge'],
    ['/authlast/', 401, '', null, true, 'a 401 from the last candidate keeps its challenge'],
    ['/pinfo/', 404, '', null, false, 'a candidate with path info finds the file, which refuses the path info'],
    ['/query/', 200, 'IDX', null, false, 'a candidate with a query string'],
    ['/dironly/', 200, '', null, false, 'a directory candidate whose listing is refused is just not an index'],
    ['/fb/lst/', 200, 'FRONT', null, false, 'a missing index candidate falls back to FallbackResource'],
    ['/fb/missingfb/x', 200, 'FRONT', null, false, "a missing fallback uses its own directory's FallbackResource"],
    ['/fb/relfb/x', 500, '', null, false, 'a relative fallback that is missing loops until the nesting limit'],
    ['/fb/den/x', 403, '', null, false, 'a refused fallback is the answer'],
    ['/fb/red/x', 301, '', '/front.html', false, 'a redirected fallback is the answer'],
    ['/fb/todir/x', 200, 'D', null, false, "a fallback naming a directory serves that directory's index"],
  ];
  for (const [target, status, marks, location, challenge, why] of rows) {
    it(`${target} → ${status} (${why})`, async () => {
      const res = await fetchRaw(server.url, target);
      assert.equal(res.status, status, res.body.slice(0, 300));
      assert.equal(markers(res), marks);
      if (location !== null) assert.equal(new URL(String(res.headers.location)).pathname, location);
      assert.equal(res.headers['www-authenticate'] !== undefined, challenge);
    });
  }

  it('hides listing entries whose lookup is Redirect gone, RedirectMatch 404/403, or whose index is refused', async () => {
    const res = await fetchRaw(server.url, '/lst/');
    assert.equal(res.status, 200);
    assert.equal(listing(res), '/ keep.txt moved.txt ok/');
  });

  it('IndexOptions ShowForbidden lists what is forbidden, .htaccess included (as Apache does)', async () => {
    const res = await fetchRaw(server.url, '/shown/');
    assert.equal(listing(res), '/ .htaccess den/');
  });
});
