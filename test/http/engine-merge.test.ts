// How access files merge from the document root down (docs/apache-behaviour.md §3), over three
// folder levels, on the real server: auth settings one by one, Require replacement and AuthMerging,
// Options +/-, ErrorDocument per code, DirectoryIndex, IndexIgnore, legacy replacement; the order
// of <Files>/<FilesMatch> sections (docs/apache-behaviour.md §3.4); and edits taking effect on the
// next request (docs/apache-behaviour.md §2).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeTree, removeTree, type FixtureEntry } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';
import { waitForMatch } from '../helpers/wait.js';
import {
  authLines,
  expectOutcome,
  fileBody,
  htpasswdLine,
  makeAuthFiles,
  type AuthFiles,
  type Outcome,
} from '../helpers/engine.js';

const WHO = {
  anon: {} as TestRequest,
  bob: { auth: 'bob:bobpw' } as TestRequest,
  alice: { auth: 'alice:alicepw' } as TestRequest,
  sam: { auth: 'sam:sampw' } as TestRequest,
  zed: { auth: 'zed:zedpw' } as TestRequest,
  bob5: { auth: 'bob:bobpw', from: '127.0.0.5' } as TestRequest,
  anon5: { from: '127.0.0.5' } as TestRequest,
} as const;
type Who = keyof typeof WHO;

/** A request and everything expected of its answer. */
interface Case extends Outcome {
  target: string;
  who?: Who;
  why: string;
  /** Names that must (true) or must not (false) appear as links in a listing. */
  listed?: Record<string, boolean>;
}

const listing = (urlPath: string): Pick<Outcome, 'marker' | 'type'> => ({
  marker: `<title>Index of ${urlPath}</title>`,
  type: 'text/html',
});

describe('merging access files over three folder levels', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;

  before(async () => {
    auth = await makeAuthFiles({ users2: `${htpasswdLine('B', 'zed', 'zedpw')}\n` });
    const AUTH = authLines(auth, 'One');
    const f = (dir: string): Record<string, string> => ({ [`${dir}/f.txt`]: fileBody(dir) });
    const entries: Record<string, FixtureEntry> = {
      // auth settings, inherited and overridden one by one (docs/apache-behaviour.md §3.1)
      'au/.htaccess': `${AUTH}Require valid-user\n`,
      ...f('au'),
      'au/l2/.htaccess': 'AuthName "Two"\n',
      ...f('au/l2'),
      'au/l2/l3/.htaccess': `AuthUserFile ${path.join(auth.dir, 'users2')}\n`,
      ...f('au/l2/l3'),
      'au/l2/none/.htaccess': 'AuthType None\n',
      ...f('au/l2/none'),
      'au/l2/none/back/.htaccess': 'AuthType Basic\n',
      ...f('au/l2/none/back'),
      // Require and AuthMerging (docs/apache-behaviour.md §3.2)
      'rq/.htaccess': `${AUTH}Require group admins\n`,
      ...f('rq'),
      'rq/and/.htaccess': 'AuthMerging And\nRequire user bob\n',
      ...f('rq/and'),
      'rq/and/off/.htaccess': 'Require user alice\n',
      ...f('rq/and/off'),
      'rq/and/and/.htaccess': 'AuthMerging And\nRequire valid-user\n',
      ...f('rq/and/and'),
      'rq/and/quiet/.htaccess': 'Options -Indexes\n',
      ...f('rq/and/quiet'),
      'rq/and/or/.htaccess': 'AuthMerging Or\nRequire user sam\n',
      ...f('rq/and/or'),
      // Options (docs/apache-behaviour.md §3.5)
      'op/.htaccess': 'Options -Indexes\n',
      ...f('op'),
      'op/l2/.htaccess': 'Options +Indexes\n',
      ...f('op/l2'),
      'op/l2/l3/.htaccess': 'Options -Indexes\n',
      ...f('op/l2/l3'),
      'op/l2/quiet/.htaccess': '# nothing\n',
      ...f('op/l2/quiet'),
      'sy/.htaccess': 'Options Indexes\n',
      'sy/link.txt': { symlink: '../target.txt' },
      'sy/l2/.htaccess': '# nothing\n',
      'sy/l2/link.txt': { symlink: '../../target.txt' },
      'sy/l2/l3/.htaccess': 'Options +FollowSymLinks\n',
      'sy/l2/l3/link.txt': { symlink: '../../../target.txt' },
      'target.txt': 'the link target\n',
      'os/.htaccess': 'Options None\n',
      ...f('os'),
      'os/l2/.htaccess': 'Options +Indexes\n',
      'os/l2/link.txt': { symlink: '../../target.txt' },
      'os/l2/l3/.htaccess': 'Options -Indexes +FollowSymLinks\n',
      'os/l2/l3/link.txt': { symlink: '../../../target.txt' },
      // ErrorDocument per status code (docs/apache-behaviour.md §3.6)
      'errs/404.html': '<p>CUSTOM 404</p>\n',
      'errs/403.html': '<p>CUSTOM 403</p>\n',
      'errs/404b.html': '<p>ANOTHER 404</p>\n',
      'ed/.htaccess':
        'ErrorDocument 404 /errs/404.html\nErrorDocument 403 /errs/403.html\n<Files deny.txt>\n  Require all denied\n</Files>\n',
      'ed/deny.txt': 'x\n',
      'ed/l2/.htaccess': 'ErrorDocument 404 default\n',
      'ed/l2/deny.txt': 'x\n',
      'ed/l2/l3/.htaccess': 'ErrorDocument 403 "Level three says no"\n',
      'ed/l2/l3/deny.txt': 'x\n',
      'ed/l2/l3/back/.htaccess': 'ErrorDocument 404 /errs/404b.html\n',
      'ed/l2/l3/back/deny.txt': 'x\n',
      // DirectoryIndex: a child's list replaces, lines in one file accumulate (docs/apache-behaviour.md §3.6)
      'di/.htaccess': 'DirectoryIndex one.html\n',
      'di/one.html': 'di one\n',
      'di/two.html': 'di two\n',
      'di/l2/.htaccess': 'DirectoryIndex two.html\nDirectoryIndex three.html\n',
      'di/l2/one.html': 'l2 one\n',
      'di/l2/three.html': 'l2 three\n',
      'di/l2/l3/.htaccess': '# nothing\n',
      'di/l2/l3/one.html': 'l3 one\n',
      'di/l2/l3/two.html': 'l3 two\n',
      'di/l2/l3/three.html': 'l3 three\n',
      'di/l2/l3/l4/.htaccess': '# nothing\n',
      'di/l2/l3/l4/one.html': 'l4 one\n',
      // IndexIgnore accumulates (docs/apache-behaviour.md §3.6)
      'ii/.htaccess': 'IndexIgnore *.tmp\n',
      'ii/l2/.htaccess': 'IndexIgnore *.bak\n',
      'ii/l2/l3/.htaccess': 'IndexIgnore secret*\n',
      'ii/l2/reset/.htaccess': 'IndexIgnoreReset On\nIndexIgnore *.txt\n',
      // legacy replacement (docs/apache-behaviour.md §3.3)
      'lg/.htaccess': 'Order deny,allow\nDeny from all\n',
      ...f('lg'),
      'lg/l2/.htaccess': 'Options -Indexes\n',
      ...f('lg/l2'),
      'lg/l2/l3/.htaccess': 'Allow from 10.0.0.0/8\n',
      ...f('lg/l2/l3'),
      'lg/l2/l3/l4/.htaccess': '# nothing\n',
      ...f('lg/l2/l3/l4'),
      // <Files>/<FilesMatch> (docs/apache-behaviour.md §3.4)
      'fp/.htaccess': '<Files secret.txt>\n  Require all denied\n</Files>\n',
      'fp/secret.txt': 's\n',
      'fp/child/.htaccess': 'Require all granted\n',
      'fp/child/secret.txt': 's\n',
      ...f('fp/child'),
      'fp/child/grand/.htaccess': 'Require all granted\n',
      'fp/child/grand/secret.txt': 's\n',
      'fp/override/.htaccess': '<Files secret.txt>\n  Require all granted\n</Files>\n',
      'fp/override/secret.txt': 'override secret\n',
      'fo/.htaccess': '<Files *.txt>\n  Require all denied\n</Files>\n<Files a.txt>\n  Require all granted\n</Files>\n',
      'fo/a.txt': 'fo a\n',
      'fo/b.txt': 'fo b\n',
      'fo/l2/.htaccess': '<Files b.txt>\n  Require all granted\n</Files>\n',
      'fo/l2/b.txt': 'fo l2 b\n',
      'fo/l2/c.txt': 'c\n',
      'fo2/.htaccess':
        '<Files a.txt>\n  Require all granted\n</Files>\n<Files *.txt>\n  Require all denied\n</Files>\n',
      'fo2/a.txt': 'a\n',
      'fo2/x.html': '<p>fo2 x</p>\n',
      'fm/.htaccess':
        '<FilesMatch "(?i)\\.BAK$">\n  Require all denied\n</FilesMatch>\n' +
        '<Files ~ "^tilde">\n  Require all denied\n</Files>\n' +
        '<Files lst>\n  Require all denied\n</Files>\n',
      'fm/x.bak': 'x\n',
      'fm/y.Bak': 'y\n',
      'fm/z.bak.txt': 'z bak txt\n',
      'fm/tilde-x.txt': 't\n',
      'fm/no-tilde.txt': 'no tilde\n',
      'fm/lst/f.txt': 'in lst\n',
      'fw/.htaccess':
        '<Files "[ab].txt">\n  Require all denied\n</Files>\n<Files "?.log">\n  Require all denied\n</Files>\n',
      'fw/a.txt': 'a\n',
      'fw/c.txt': 'fw c\n',
      'fw/1.log': '1\n',
      'fw/12.log': 'fw 12\n',
      'fw/A.txt': 'fw capital A\n',
      'fi/.htaccess': '<Files index.html>\n  Require all denied\n</Files>\n',
      'fi/index.html': '<p>never</p>\n',
      'fi/noidx/f.txt': 'fi noidx\n',
      'fx/.htaccess': '<Files "a.txt" "b.txt">\n  Require all denied\n</Files>\n',
      'fx/c.txt': 'c\n',
      'fu/.htaccess': '<Files a.txt>\n  Require all denied\n',
      'fu/c.txt': 'c\n',
      'fand/.htaccess': `${authLines(auth)}Require valid-user\n<Files a.txt>\n  AuthMerging And\n  Require ip 127.0.0.5\n</Files>\n`,
      'fand/a.txt': 'fand a\n',
      ...f('fand'),
      'fa/.htaccess':
        `${authLines(auth)}<Files private.txt>\n  Require valid-user\n</Files>\n` +
        '<Files named.txt>\n  AuthName "Named"\n  Require user bob\n</Files>\n',
      'fa/private.txt': 'private\n',
      'fa/named.txt': 'named\n',
      ...f('fa'),
    };
    for (const dir of ['ii', 'ii/l2', 'ii/l2/l3', 'ii/l2/reset']) {
      for (const name of ['a.tmp', 'b.bak', 'secret.txt', 'shown.txt']) entries[`${dir}/${name}`] = `${name}\n`;
    }
    root = await makeTree(entries);
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  const run = (cases: readonly Case[]): void => {
    for (const c of cases) {
      it(`answers ${c.status} for ${c.target}${c.who ? ` as ${c.who}` : ''}: ${c.why}`, async () => {
        const res = await fetchRaw(server.url, c.target, WHO[c.who ?? 'anon']);
        expectOutcome(res, c, `${c.target} as ${c.who ?? 'anon'}`);
        for (const [name, shown] of Object.entries(c.listed ?? {})) {
          assert.equal(
            res.body.includes(`href="${name}"`),
            shown,
            `${c.target}: ${name} ${shown ? 'listed' : 'hidden'}\n${res.body}`,
          );
        }
      });
    }
  };

  describe('authentication settings are inherited one by one (docs/apache-behaviour.md §3.1)', () => {
    run([
      {
        target: '/au/f.txt',
        status: 401,
        realm: 'One',
        why: 'level 1 sets AuthType, AuthName "One", AuthUserFile, Require valid-user',
      },
      { target: '/au/f.txt', who: 'bob', status: 200, body: fileBody('au'), why: 'bob is in the level-1 user file' },
      { target: '/au/l2/f.txt', status: 401, realm: 'Two', why: 'level 2 changes only AuthName' },
      {
        target: '/au/l2/f.txt',
        who: 'bob',
        status: 200,
        body: fileBody('au/l2'),
        why: 'level 2 still uses the level-1 user file',
      },
      {
        target: '/au/l2/l3/f.txt',
        status: 401,
        realm: 'Two',
        why: 'level 3 changes only AuthUserFile (realm Two inherited)',
      },
      { target: '/au/l2/l3/f.txt', who: 'bob', status: 401, realm: 'Two', why: 'bob is not in the level-3 user file' },
      {
        target: '/au/l2/l3/f.txt',
        who: 'zed',
        status: 200,
        body: fileBody('au/l2/l3'),
        why: 'zed is in the level-3 user file',
      },
      { target: '/au/l2/none/f.txt', status: 500, why: 'AuthType None under an inherited Require valid-user' },
      {
        target: '/au/l2/none/back/f.txt',
        who: 'bob',
        status: 200,
        body: fileBody('au/l2/none/back'),
        why: 'AuthType Basic again one level down',
      },
      {
        target: '/au/l2/none/back/f.txt',
        status: 401,
        realm: 'Two',
        why: 'AuthType Basic again: the inherited realm Two',
      },
    ]);
  });

  describe('Require replaces by default and AuthMerging combines, per level (docs/apache-behaviour.md §3.2)', () => {
    run([
      { target: '/rq/f.txt', who: 'alice', status: 200, body: fileBody('rq'), why: 'level 1 Require group admins' },
      {
        target: '/rq/and/f.txt',
        who: 'bob',
        status: 200,
        body: fileBody('rq/and'),
        why: 'level 2 AuthMerging And + user bob: bob is both',
      },
      {
        target: '/rq/and/f.txt',
        who: 'alice',
        status: 403,
        why: 'level 2 AuthMerging And + user bob: alice is only an admin',
      },
      {
        target: '/rq/and/off/f.txt',
        who: 'alice',
        status: 200,
        body: fileBody('rq/and/off'),
        why: 'level 3 Require user alice replaces (AuthMerging is not inherited)',
      },
      {
        target: '/rq/and/off/f.txt',
        who: 'bob',
        status: 403,
        why: "level 3 Require user alice replaces both parents' rules",
      },
      {
        target: '/rq/and/and/f.txt',
        who: 'bob',
        status: 200,
        body: fileBody('rq/and/and'),
        why: 'level 3 AuthMerging And + valid-user: admins AND bob AND valid-user',
      },
      {
        target: '/rq/and/and/f.txt',
        who: 'alice',
        status: 403,
        why: "level 3 AuthMerging And keeps level 2's user bob",
      },
      {
        target: '/rq/and/quiet/f.txt',
        who: 'bob',
        status: 200,
        body: fileBody('rq/and/quiet'),
        why: 'level 3 without authz directives inherits admins AND bob',
      },
      {
        target: '/rq/and/quiet/f.txt',
        who: 'alice',
        status: 403,
        why: 'level 3 without authz directives inherits admins AND bob',
      },
      {
        target: '/rq/and/or/f.txt',
        who: 'sam',
        status: 200,
        body: fileBody('rq/and/or'),
        why: 'level 3 AuthMerging Or + user sam: (admins AND bob) OR sam',
      },
      {
        target: '/rq/and/or/f.txt',
        who: 'bob',
        status: 200,
        body: fileBody('rq/and/or'),
        why: 'level 3 AuthMerging Or: bob passes the inherited half',
      },
      {
        target: '/rq/and/or/f.txt',
        who: 'alice',
        status: 403,
        why: 'level 3 AuthMerging Or: alice passes neither half',
      },
      {
        target: '/rq/and/or/f.txt',
        status: 401,
        realm: 'One',
        why: 'level 3 AuthMerging Or: anonymous is asked to sign in',
      },
    ]);
  });

  describe('Options: unsigned replaces, +/- modifies the inherited set (docs/apache-behaviour.md §3.5)', () => {
    run([
      { target: '/op/', status: 403, why: 'level 1 Options -Indexes' },
      {
        target: '/op/l2/',
        status: 200,
        ...listing('/op/l2'),
        listed: { 'f.txt': true },
        why: 'level 2 Options +Indexes lists again',
      },
      { target: '/op/l2/l3/', status: 403, why: 'level 3 Options -Indexes' },
      {
        target: '/op/l2/quiet/',
        status: 200,
        ...listing('/op/l2/quiet'),
        why: "level 3 without Options inherits level 2's +Indexes",
      },
      { target: '/sy/link.txt', status: 403, why: 'level 1 Options Indexes (unsigned) drops FollowSymLinks' },
      { target: '/sy/l2/link.txt', status: 403, why: 'level 2 inherits the set without FollowSymLinks' },
      {
        target: '/sy/l2/l3/link.txt',
        status: 200,
        body: 'the link target\n',
        type: 'text/plain',
        why: 'level 3 Options +FollowSymLinks follows the link again',
      },
      {
        target: '/sy/l2/l3/',
        status: 200,
        ...listing('/sy/l2/l3'),
        why: 'level 3 +FollowSymLinks keeps the inherited Indexes',
      },
      { target: '/os/', status: 403, why: 'level 1 Options None: no listing' },
      { target: '/os/l2/', status: 200, ...listing('/os/l2'), why: 'level 2 Options +Indexes on top of None' },
      { target: '/os/l2/link.txt', status: 403, why: 'level 2 +Indexes does not bring FollowSymLinks back' },
      {
        target: '/os/l2/l3/link.txt',
        status: 200,
        body: 'the link target\n',
        why: 'level 3 Options -Indexes +FollowSymLinks',
      },
      { target: '/os/l2/l3/', status: 403, why: 'level 3 Options -Indexes +FollowSymLinks: no listing' },
    ]);
  });

  describe('ErrorDocument is overridden per status code, `default` restores the built-in page (docs/apache-behaviour.md §3.6)', () => {
    const text = { marker: 'Level three says no', contentType: 'text/html; charset=iso-8859-1' };
    run([
      { target: '/ed/missing', status: 404, marker: 'CUSTOM 404', type: 'text/html', why: 'level 1 ErrorDocument 404' },
      {
        target: '/ed/deny.txt',
        status: 403,
        marker: 'CUSTOM 403',
        type: 'text/html',
        why: 'level 1 ErrorDocument 403',
      },
      { target: '/ed/l2/missing', status: 404, why: 'level 2 ErrorDocument 404 default: the built-in page' },
      {
        target: '/ed/l2/deny.txt',
        status: 403,
        marker: 'CUSTOM 403',
        type: 'text/html',
        why: 'level 2 keeps the inherited 403 document',
      },
      { target: '/ed/l2/l3/missing', status: 404, why: "level 3 inherits level 2's default 404" },
      { target: '/ed/l2/l3/deny.txt', status: 403, ...text, why: 'level 3 ErrorDocument 403 "text"' },
      {
        target: '/ed/l2/l3/back/missing',
        status: 404,
        marker: 'ANOTHER 404',
        type: 'text/html',
        why: 'level 4 sets another 404 document',
      },
      { target: '/ed/l2/l3/back/deny.txt', status: 403, ...text, why: "level 4 keeps level 3's 403 text" },
    ]);
  });

  describe('DirectoryIndex: a child list replaces, lines in one file accumulate (docs/apache-behaviour.md §3.6)', () => {
    run([
      { target: '/di/', status: 200, body: 'di one\n', type: 'text/html', why: 'level 1 DirectoryIndex one.html' },
      {
        target: '/di/l2/',
        status: 200,
        body: 'l2 three\n',
        type: 'text/html',
        why: 'level 2 two.html + three.html replace one.html (one.html exists but is not used)',
      },
      {
        target: '/di/l2/l3/',
        status: 200,
        body: 'l3 two\n',
        type: 'text/html',
        why: 'level 3 inherits [two.html, three.html] and finds two.html first',
      },
      {
        target: '/di/l2/l3/l4/',
        status: 200,
        ...listing('/di/l2/l3/l4'),
        listed: { 'one.html': true },
        why: 'level 4 has only one.html, which is not a candidate: a listing',
      },
    ]);
  });

  describe('IndexIgnore patterns accumulate from parent to child (docs/apache-behaviour.md §3.6)', () => {
    const all = (tmp: boolean, bak: boolean, secret: boolean, shown: boolean) => ({
      'a.tmp': tmp,
      'b.bak': bak,
      'secret.txt': secret,
      'shown.txt': shown,
    });
    run([
      {
        target: '/ii/',
        status: 200,
        ...listing('/ii'),
        listed: all(false, true, true, true),
        why: 'level 1 hides *.tmp',
      },
      {
        target: '/ii/l2/',
        status: 200,
        ...listing('/ii/l2'),
        listed: all(false, false, true, true),
        why: 'level 2 adds *.bak',
      },
      {
        target: '/ii/l2/l3/',
        status: 200,
        ...listing('/ii/l2/l3'),
        listed: all(false, false, false, true),
        why: 'level 3 adds secret*',
      },
      {
        target: '/ii/l2/reset/',
        status: 200,
        ...listing('/ii/l2/reset'),
        listed: all(true, true, false, false),
        why: 'IndexIgnoreReset On cuts the inherited list',
      },
    ]);
  });

  describe('legacy Order/Allow/Deny: a child replaces all of it (docs/apache-behaviour.md §3.3)', () => {
    run([
      { target: '/lg/f.txt', status: 403, why: 'level 1 Order deny,allow + Deny from all' },
      { target: '/lg/l2/f.txt', status: 403, why: 'level 2 with only Options inherits the Deny' },
      {
        target: '/lg/l2/l3/f.txt',
        status: 200,
        body: fileBody('lg/l2/l3'),
        why: 'level 3 Allow from 10.0.0.0/8 wipes the Deny: open to all',
      },
      {
        target: '/lg/l2/l3/l4/f.txt',
        status: 200,
        body: fileBody('lg/l2/l3/l4'),
        why: "level 4 inherits level 3's replacement",
      },
    ]);
  });

  describe('<Files>/<FilesMatch> are merged last, in order (docs/apache-behaviour.md §3.4)', () => {
    run([
      {
        target: '/fp/child/secret.txt',
        status: 403,
        why: 'a parent <Files secret.txt> deny beats a child Require all granted',
      },
      { target: '/fp/child/grand/secret.txt', status: 403, why: 'the parent <Files> also applies two levels down' },
      {
        target: '/fp/child/f.txt',
        status: 200,
        body: fileBody('fp/child'),
        why: 'files the <Files> does not name follow the child Require',
      },
      {
        target: '/fp/override/secret.txt',
        status: 200,
        body: 'override secret\n',
        why: "a child <Files secret.txt> grant beats the parent's <Files> deny",
      },
      {
        target: '/fo/a.txt',
        status: 200,
        body: 'fo a\n',
        why: '<Files *.txt> deny then <Files a.txt> grant: the later section wins',
      },
      { target: '/fo/b.txt', status: 403, why: '<Files *.txt> deny applies to b.txt' },
      {
        target: '/fo/l2/b.txt',
        status: 200,
        body: 'fo l2 b\n',
        why: "a child <Files b.txt> grant comes after the parent's <Files *.txt> deny",
      },
      { target: '/fo/l2/c.txt', status: 403, why: "the parent <Files *.txt> deny still covers the child's c.txt" },
      { target: '/fo2/a.txt', status: 403, why: '<Files a.txt> grant then <Files *.txt> deny: the later deny wins' },
      {
        target: '/fo2/x.html',
        status: 200,
        body: '<p>fo2 x</p>\n',
        type: 'text/html',
        why: 'neither section matches x.html',
      },
      { target: '/fm/x.bak', status: 403, why: '<FilesMatch "(?i)\\.BAK$"> matches x.bak' },
      { target: '/fm/y.Bak', status: 403, why: '<FilesMatch "(?i)\\.BAK$"> matches y.Bak' },
      {
        target: '/fm/z.bak.txt',
        status: 200,
        body: 'z bak txt\n',
        why: '<FilesMatch "\\.BAK$"> does not match z.bak.txt',
      },
      { target: '/fm/tilde-x.txt', status: 403, why: '<Files ~ "^tilde"> is a regular expression' },
      { target: '/fm/no-tilde.txt', status: 200, body: 'no tilde\n', why: '<Files ~ "^tilde"> is anchored by its ^' },
      {
        target: '/fm/lst/',
        status: 200,
        ...listing('/fm/lst'),
        why: '<Files lst> does not match the directory request /fm/lst/',
      },
      {
        target: '/fm/lst/f.txt',
        status: 200,
        body: 'in lst\n',
        why: '<Files lst> matches only the last path component',
      },
      { target: '/fw/a.txt', status: 403, why: '<Files "[ab].txt"> matches a.txt' },
      { target: '/fw/c.txt', status: 200, body: 'fw c\n', why: '<Files "[ab].txt"> does not match c.txt' },
      { target: '/fw/A.txt', status: 200, body: 'fw capital A\n', why: '<Files "[ab].txt"> is case-sensitive' },
      { target: '/fw/1.log', status: 403, why: '<Files "?.log"> matches 1.log' },
      { target: '/fw/12.log', status: 200, body: 'fw 12\n', why: '<Files "?.log"> does not match 12.log' },
      { target: '/fi/', status: 403, why: '<Files index.html> deny applies to the index chosen for /fi/' },
      { target: '/fi/noidx/', status: 403, why: 'a denied index candidate suppresses the listing below' },
      { target: '/fi/noidx/f.txt', status: 200, body: 'fi noidx\n', why: 'other files below are served' },
      { target: '/fx/c.txt', status: 500, why: '<Files> with two arguments' },
      { target: '/fu/c.txt', status: 500, why: 'an unclosed <Files>' },
      {
        target: '/fand/a.txt',
        who: 'bob',
        status: 403,
        why: '<Files a.txt> AuthMerging And + Require ip 127.0.0.5 on top of valid-user: bob from 127.0.0.1 fails the ip',
      },
      {
        target: '/fand/a.txt',
        who: 'bob5',
        status: 200,
        body: 'fand a\n',
        why: 'the same from 127.0.0.5: valid-user AND ip both pass',
      },
      {
        target: '/fand/a.txt',
        who: 'anon5',
        status: 401,
        why: 'the same anonymous from 127.0.0.5: a password is still needed',
      },
      {
        target: '/fand/f.txt',
        who: 'bob',
        status: 200,
        body: fileBody('fand'),
        why: 'other files only need valid-user',
      },
      { target: '/fa/private.txt', status: 401, why: '<Files private.txt> Require valid-user asks for a password' },
      {
        target: '/fa/private.txt',
        who: 'bob',
        status: 200,
        body: 'private\n',
        why: '<Files private.txt> Require valid-user lets bob in',
      },
      {
        target: '/fa/named.txt',
        status: 401,
        realm: 'Named',
        why: '<Files named.txt> with its own AuthName challenges with that realm',
      },
      { target: '/fa/named.txt', who: 'sam', status: 403, why: '<Files named.txt> Require user bob refuses sam' },
      {
        target: '/fa/named.txt',
        who: 'bob',
        status: 200,
        body: 'named\n',
        why: '<Files named.txt> Require user bob lets bob in',
      },
      {
        target: '/fa/f.txt',
        status: 200,
        body: fileBody('fa'),
        why: 'files the <Files> does not name need no password',
      },
    ]);
  });
});

// docs/apache-behaviour.md §2: `.htaccess` results are not cached across edits; the next request sees the new file.
describe('access files edited while the server runs', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;
  const ht = (rel: string): string => path.join(root, rel, '.htaccess');
  const write = async (rel: string, text: string): Promise<void> => {
    await fs.writeFile(ht(rel), text);
    await fs.chmod(ht(rel), 0o644);
  };

  before(async () => {
    auth = await makeAuthFiles();
    root = await makeTree({
      'live/.htaccess': 'Require all granted\n',
      'live/f.txt': fileBody('live'),
      'tree/.htaccess': '# nothing yet\n',
      'tree/c/.htaccess': 'Options -Indexes\n',
      'tree/c/f.txt': fileBody('tree/c'),
    });
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  const get = (target = '/live/f.txt', req: TestRequest = {}) => fetchRaw(server.url, target, req);

  it('serves the file while the access file grants', async () => {
    expectOutcome(await get(), { status: 200, body: fileBody('live') }, 'granted');
  });

  it('answers 403 on the next request once the file says Require all denied', async () => {
    await write('live', 'Require all denied\n');
    expectOutcome(await get(), { status: 403 }, 'denied');
  });

  it('answers 500 once the file is broken, and logs live/.htaccess:2 with the reason', async () => {
    await write('live', '# a comment on line 1\nRequir all granted\n');
    expectOutcome(await get(), { status: 500 }, 'broken');
    const line = await waitForMatch(server.errorLog, /live\/\.htaccess:2: .*Requir/);
    assert.ok(line, `error log names the file and line: ${server.errorLog()}`);
    assert.doesNotMatch((await get()).body, /Requir|\.htaccess/, 'the client never sees the detail');
  });

  it('serves the file again with 200 once the file is fixed', async () => {
    await write('live', 'Require all granted\n# fixed\n');
    expectOutcome(await get(), { status: 200, body: fileBody('live') }, 'fixed');
  });

  it('asks for a password once the file gains the AUTH lines, and lets bob in', async () => {
    await write('live', `${authLines(auth)}Require valid-user\n`);
    expectOutcome(await get(), { status: 401 }, 'auth added');
    expectOutcome(await get('/live/f.txt', { auth: 'bob:bobpw' }), { status: 200, body: fileBody('live') }, 'bob');
  });

  it('serves the file to everyone once the access file is deleted', async () => {
    await fs.rm(ht('live'));
    expectOutcome(await get(), { status: 200, body: fileBody('live') }, 'deleted');
  });

  it('applies an edit of a parent access file to the child folder on the next request', async () => {
    expectOutcome(await get('/tree/c/f.txt'), { status: 200, body: fileBody('tree/c') }, 'before');
    await write('tree', 'Order deny,allow\nDeny from all\n');
    expectOutcome(await get('/tree/c/f.txt'), { status: 403 }, 'parent denies');
    await write('tree', 'Bogus directive\n');
    expectOutcome(await get('/tree/c/f.txt'), { status: 500 }, 'parent broken');
    assert.ok(await waitForMatch(server.errorLog, /tree\/\.htaccess:1: .*Bogus/), `error log: ${server.errorLog()}`);
    await write('tree', '# fine again\n');
    expectOutcome(await get('/tree/c/f.txt'), { status: 200, body: fileBody('tree/c') }, 'parent fixed');
  });

  it('applies an access file created in a folder that had none', async () => {
    await write('live', 'Require all denied\n');
    expectOutcome(await get(), { status: 403 }, 'created');
  });
});
