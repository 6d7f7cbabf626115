// The surprises of docs/apache-behaviour.md §15, one test per item and named after it, and
// the "Consequences" table of the request pipeline (docs/apache-behaviour.md §1.7), on the real server. Where htserve
// differs from Apache on purpose (README "Deliberate differences"), the test says so and
// asserts htserve's answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isRoot, makeTree, removeTree, type FixtureEntry } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';
import {
  authLines,
  expectOutcome,
  fileBody,
  htpasswdLine,
  makeAuthFiles,
  opensslHash,
  type AuthFiles,
} from '../helpers/engine.js';

const BODY36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const OLD = new Date(1704164645 * 1000);
const bob: TestRequest = { auth: 'bob:bobpw' };
const sam: TestRequest = { auth: 'sam:sampw' };
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('the surprises of docs/apache-behaviour.md §15 and the pipeline consequences of docs/apache-behaviour.md §1.7', () => {
  let auth: AuthFiles;
  let outside: string;
  let root: string;
  let server: TestServer;
  let noOverride: TestServer;
  const get = (target: string, req: TestRequest = {}) => fetchRaw(server.url, target, req);

  before(async () => {
    auth = await makeAuthFiles({
      users20: [
        'pete:petepw',
        htpasswdLine('d', 'des8', 'abcdefghXYZ'),
        `shalower:${htpasswdLine('s', 'x', 'sampw').slice(2).replace('{SHA}', '{sha}')}`,
        htpasswdLine('s', 'shaupper', 'sampw'),
        htpasswdLine('B', 'y2b', 'y2bpw').replace('$2y$', '$2b$'),
        `sha256:${opensslHash('5', 'sha256pw')}`,
        `sha512:${opensslHash('6', 'sha512pw')}`,
        '',
      ].join('\n'),
    });
    outside = await makeTree({ 'outside.txt': 'outside the document root\n' });
    const AUTH = authLines(auth);
    const f = (dir: string): Record<string, string> => ({ [`${dir}/f.txt`]: fileBody(dir) });
    const entries: Record<string, FixtureEntry> = {
      's01/.htaccess': `${AUTH}Require group admins\n`,
      ...f('s01'),
      's01/apache/.htaccess': 'AuthzSendForbiddenOnFailure Off\n',
      ...f('s01/apache'),
      's02/.htaccess': `${AUTH}Require all granted\nRequire valid-user\n`,
      ...f('s02'),
      's03/realm/.htaccess': `${AUTH}Require valid-user\n`,
      's03/denied/.htaccess': 'Require all denied\n',
      's04/.htaccess': 'Order deny,allow\nDeny from all\n',
      ...f('s04'),
      's04/child/.htaccess': 'Allow from 10.0.0.0/8\n',
      ...f('s04/child'),
      's05/.htaccess': `${AUTH}Require valid-user\nSatisfy Any\n`,
      ...f('s05'),
      's06/.htaccess': `${AUTH}Require group admins\n`,
      's06/child/.htaccess': 'Require valid-user\n',
      ...f('s06/child'),
      's06/quiet/.htaccess': 'Options -Indexes\n',
      ...f('s06/quiet'),
      's07/not/.htaccess': 'Require not ip 10.0.0.1\n',
      ...f('s07/not'),
      's07/none/.htaccess': '<RequireNone>\n  Require ip 10.0.0.1\n</RequireNone>\n',
      ...f('s07/none'),
      's08/.htaccess': '<RequireAll>\n  Require not ip 10.0.0.1\n  Require not ip 10.0.0.2\n</RequireAll>\n',
      ...f('s08'),
      's09/.htaccess': '<Files secret.txt>\n  Require all denied\n</Files>\n',
      's09/child/.htaccess': 'Require all granted\n',
      's09/child/secret.txt': 'secret\n',
      ...f('s09/child'),
      's09/ht/.htaccess': '<Files ".ht*">\n  Require all granted\n</Files>\n',
      's09/ht/.htpasswd': 'x:y\n',
      's10/.htaccess': `${AUTH}Require valid-user\n`,
      's10/.htpasswd': 'bob:nothing-to-see\n',
      ...f('s10'),
      's11/.htaccess': '<Files index.html>\n  Require all denied\n</Files>\n',
      's11/lst/f.txt': fileBody('s11/lst'),
      's12/dangling.txt': { symlink: '../nowhere.txt' },
      's12/outside.txt': { symlink: path.join(outside, 'outside.txt') },
      's13/file.txt': BODY36,
      's14/file.txt': { content: BODY36, mtime: OLD },
      's15/old.txt': { content: BODY36, mtime: OLD },
      's16/.htaccess': 'ErrorDocument 404 "Missing: %{REQUEST_URI}"\n',
      's16/url401/.htaccess': `${AUTH}ErrorDocument 401 http://example.com/login\nRequire valid-user\n`,
      ...f('s16/url401'),
      's16/add/.htaccess': 'ErrorDocument 403 /s16/nope.html\nRequire all denied\n',
      ...f('s16/add'),
      's17/.htaccess': 'ErrorDocument 404 /s17prot/404.html\n',
      's17prot/.htaccess': `${AUTH}Require valid-user\n`,
      's17prot/404.html': '<p>PROTECTED 404 PAGE</p>\n',
      's18/bom/.htaccess': '\ufeffRequire all granted\n',
      ...f('s18/bom'),
      ...f('s18/bom/deeper'),
      's18/comment-require/.htaccess': 'Require all granted # open to all\n',
      ...f('s18/comment-require'),
      's18/comment-allow/.htaccess': 'Allow from all # open to all\n',
      ...f('s18/comment-allow'),
      's18/comment-lines/.htaccess': '# a comment\n   # an indented comment\nRequire all granted\n',
      ...f('s18/comment-lines'),
      's19/ALL/.htaccess': 'Require ALL granted\n',
      ...f('s19/ALL'),
      's19/upper/.htaccess': 'REQUIRE all DENIED\n',
      ...f('s19/upper'),
      's19/user/.htaccess': `${AUTH}Require user Bob\n`,
      ...f('s19/user'),
      's19/group/.htaccess': `${AUTH}Require group Admins\n`,
      ...f('s19/group'),
      's20/.htaccess': `AuthType Basic\nAuthName "R"\nAuthUserFile ${path.join(auth.dir, 'users20')}\nRequire valid-user\n`,
      ...f('s20'),
      's21/.htaccess': `${AUTH}Require valid-user\n`,
      ...f('s21'),
      's22/.htaccess': `AuthType Basic\nAuthName 'say "hi" there'\nAuthUserFile ${auth.users}\nRequire valid-user\n`,
      ...f('s22'),
      's23/.htaccess': `${AUTH}Require valid-user\n`,
      ...f('s23/plain'),
      ...f('s23/sp ace'),
      ...f('s23/ü'),
      's24/nouser/.htaccess': 'AuthType Basic\nAuthName "R"\nRequire valid-user\n',
      ...f('s24/nouser'),
      's24/nogroup/.htaccess': `AuthType Basic\nAuthName "R"\nAuthUserFile ${auth.users}\nRequire group admins\n`,
      ...f('s24/nogroup'),
      's25/need/.htaccess': `AuthType Basic\nAuthUserFile ${auth.users}\nRequire valid-user\n`,
      ...f('s25/need'),
      's25/granted/.htaccess': `AuthType Basic\nAuthUserFile ${auth.users}\nRequire all granted\n`,
      ...f('s25/granted'),
      's26/.htaccess': '<RequireAll>\n  Require not ip 10.0.0.1\n</RequireAll>\n',
      ...f('s26'),
      // docs/apache-behaviour.md §1.7 Consequences
      'c1/realm/.htaccess': `${AUTH}Require valid-user\n`,
      'c1/realm/locked.txt': { content: 'root only\n', mode: 0o600 },
      'c1/denied/.htaccess': 'Require all denied\n',
      'c1/denied/broken/.htaccess': 'This is not a directive\n',
      ...f('c1/denied/broken'),
    };
    root = await makeTree(entries);
    server = await startServer(root);
    noOverride = await startServer(root, { set: ['access.allow_override=None'] });
  });
  after(async () => {
    await server?.stop();
    await noOverride?.stop();
    await removeTree(root);
    await removeTree(outside);
    await removeTree(auth.dir);
  });

  it(
    'docs/apache-behaviour.md §15.1 wrong group or wrong user after a successful login: ' +
      "Apache's 401 with a new challenge under AuthzSendForbiddenOnFailure Off, and htserve's declared 403 by default",
    async () => {
      expectOutcome(await get('/s01/apache/f.txt', sam), { status: 401 }, 'sam, AuthzSendForbiddenOnFailure Off');
      expectOutcome(await get('/s01/f.txt', sam), { status: 403 }, 'sam, htserve default (forbidden_on_failure)');
      expectOutcome(await get('/s01/f.txt', bob), { status: 200, body: fileBody('s01') }, 'bob is an admin');
    },
  );

  it(
    'docs/apache-behaviour.md §15.2 credentials are only checked if needed: ' +
      'a wrong password is accepted silently when Require grants without a user',
    async () => {
      expectOutcome(
        await get('/s02/f.txt', { auth: 'bob:wrongpw' }),
        { status: 200, body: fileBody('s02') },
        'wrong password',
      );
      expectOutcome(
        await get('/s02/f.txt', { auth: 'ghost:x' }),
        { status: 200, body: fileBody('s02') },
        'unknown user',
      );
      expectOutcome(
        await get('/s02/f.txt', { headers: { Authorization: 'Basic !!!!' } }),
        { status: 200, body: fileBody('s02') },
        'garbage header',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.3 auth before existence: a missing file in a realm is 401 (404 once signed in), ' +
      'in a denied folder 403',
    async () => {
      expectOutcome(await get('/s03/realm/missing.txt'), { status: 401 }, 'anon in realm');
      expectOutcome(await get('/s03/realm/missing.txt', bob), { status: 404 }, 'bob in realm');
      expectOutcome(await get('/s03/denied/missing.txt'), { status: 403 }, 'denied folder');
      expectOutcome(await get('/s03/realm/missing/deeper/x.txt'), { status: 401 }, 'anon, missing folders in realm');
    },
  );

  it(
    'docs/apache-behaviour.md §15.4 legacy rules replace, not merge: ' +
      'a child Allow from 10.0.0.0/8 under a parent Deny from all opens the child to everyone',
    async () => {
      expectOutcome(await get('/s04/f.txt'), { status: 403 }, 'parent');
      expectOutcome(
        await get('/s04/child/f.txt'),
        { status: 200, body: fileBody('s04/child') },
        'child from 127.0.0.1',
      );
      expectOutcome(
        await get('/s04/child/f.txt', { from: '127.0.0.5' }),
        { status: 200, body: fileBody('s04/child') },
        'child from 127.0.0.5',
      );
    },
  );

  it('docs/apache-behaviour.md §15.5 Satisfy Any with no Deny opens everything (the legacy default allows)', async () => {
    expectOutcome(await get('/s05/f.txt'), { status: 200, body: fileBody('s05') }, 'anon');
    expectOutcome(
      await get('/s05/f.txt', { auth: 'bob:wrongpw' }),
      { status: 200, body: fileBody('s05') },
      'bad password',
    );
  });

  it(
    'docs/apache-behaviour.md §15.6 Require replaces by default: ' +
      'a child Require valid-user widens a parent Require group admins; a child with no Require inherits',
    async () => {
      expectOutcome(
        await get('/s06/child/f.txt', sam),
        { status: 200, body: fileBody('s06/child') },
        'sam in the widened child',
      );
      expectOutcome(await get('/s06/quiet/f.txt', sam), { status: 403 }, 'sam where the parent rule is inherited');
      expectOutcome(await get('/s06/quiet/f.txt'), { status: 401 }, 'anon where the parent rule is inherited');
    },
  );

  it('docs/apache-behaviour.md §15.7 a lone Require not or a top-level <RequireNone> is a 500, not a deny', async () => {
    expectOutcome(await get('/s07/not/f.txt'), { status: 500 }, 'lone Require not');
    expectOutcome(await get('/s07/none/f.txt'), { status: 500 }, 'top-level RequireNone');
  });

  it('docs/apache-behaviour.md §15.8 a <RequireAll> with only negations is always 403', async () => {
    expectOutcome(await get('/s08/f.txt'), { status: 403 }, 'from 127.0.0.1');
    expectOutcome(await get('/s08/f.txt', { from: '127.0.0.5' }), { status: 403 }, 'from 127.0.0.5');
    expectOutcome(await get('/s08/f.txt', bob), { status: 403 }, 'with credentials');
  });

  it(
    'docs/apache-behaviour.md §15.9 <Files> from a parent beats Require from a child; ' +
      'a <Files ".ht*"> grant cannot expose .ht* files (htserve: still 403)',
    async () => {
      expectOutcome(await get('/s09/child/secret.txt'), { status: 403 }, 'parent <Files> deny');
      expectOutcome(
        await get('/s09/child/f.txt'),
        { status: 200, body: fileBody('s09/child') },
        'other files follow the child',
      );
      expectOutcome(await get('/s09/ht/.htaccess'), { status: 403 }, '.htaccess despite the grant');
      expectOutcome(await get('/s09/ht/.htpasswd'), { status: 403 }, '.htpasswd despite the grant');
    },
  );

  it(
    'docs/apache-behaviour.md §15.10 .ht* denial wins over realms: ' +
      '/realm/.htpasswd is 403 even for anon (no challenge), nonexistent .ht* names are 403 not 404',
    async () => {
      expectOutcome(await get('/s10/.htpasswd'), { status: 403 }, 'anon');
      expectOutcome(await get('/s10/.htpasswd', bob), { status: 403 }, 'bob');
      expectOutcome(await get('/s10/.htaccess'), { status: 403 }, "the realm's own .htaccess");
      expectOutcome(await get('/s10/.htnothing'), { status: 403 }, 'nonexistent in the realm');
      expectOutcome(await get('/.htfoo'), { status: 403 }, 'nonexistent at the root');
      expectOutcome(await get('/s10/.htaccess%20'), { status: 403 }, '".htaccess " (encoded space)');
      // htserve refuses .ht* in any case (README, deliberate differences); Apache answers 404 here
      expectOutcome(await get('/.HTACCESS'), { status: 403 }, 'upper case is refused too');
    },
  );

  it('docs/apache-behaviour.md §15.11 DirectoryIndex candidate errors suppress the listing (403 instead of an index page)', async () => {
    expectOutcome(await get('/s11/lst/'), { status: 403 }, 'listing suppressed');
    expectOutcome(await get('/s11/lst/f.txt'), { status: 200, body: fileBody('s11/lst') }, 'the files are served');
  });

  it(
    'docs/apache-behaviour.md §15.12 a dangling symlink is 403, not 404, ' +
      'and with FollowSymLinks a link out of the root is served',
    async () => {
      expectOutcome(await get('/s12/dangling.txt'), { status: 403 }, 'dangling');
      expectOutcome(
        await get('/s12/outside.txt'),
        { status: 200, body: 'outside the document root\n', type: 'text/plain' },
        'outside',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.13 POST to a static file (Apache: 200 with the file) is 405 in htserve (declared); ' +
      'PUT and DELETE are 405',
    async () => {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const res = await get('/s13/file.txt', { method, body: 'x=1' });
        expectOutcome(res, { status: 405 }, method);
        assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS', `${method}: Allow`);
      }
      expectOutcome(
        await get('/s13/missing.txt', { method: 'POST', body: 'x=1' }),
        { status: 404 },
        'POST to a missing URL',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.14 416 (htserve adds Content-Range: bytes */N, declared); ' +
      'invalid Range syntax is ignored with 200',
    async () => {
      const unsatisfiable = await get('/s14/file.txt', { headers: { Range: 'bytes=100-200' } });
      expectOutcome(unsatisfiable, { status: 416 }, '416');
      assert.equal(unsatisfiable.headers['content-range'], 'bytes */36', '416 Content-Range');
      for (const range of ['bytes=abc', 'bytes=5-2', 'items=0-5', 'bytes=-0']) {
        const res = await get('/s14/file.txt', { headers: { Range: range } });
        expectOutcome(res, { status: 200, body: BODY36, type: 'text/plain' }, range);
        assert.equal(res.headers['content-range'], undefined, `${range}: no Content-Range`);
      }
      const partial = await get('/s14/file.txt', { headers: { Range: 'bytes=0-4' } });
      assert.equal(partial.status, 206, 'a valid range');
      assert.equal(partial.headers['content-range'], 'bytes 0-4/36');
      assert.equal(partial.body, '01234');
    },
  );

  it(
    'docs/apache-behaviour.md §15.15 a freshly modified file has a weak ETag, ' +
      'and If-Range with that weak tag returns the whole file',
    async () => {
      const fresh = path.join(root, 's15', 'fresh.txt');
      await fs.writeFile(fresh, BODY36);
      await fs.chmod(fresh, 0o644);
      const res = await get('/s15/fresh.txt');
      expectOutcome(res, { status: 200, body: BODY36 }, 'fresh');
      assert.match(res.headers.etag ?? '', /^W\/"24-[0-9a-f]+"$/, 'weak ETag');
      const ranged = await get('/s15/fresh.txt', { headers: { Range: 'bytes=0-4', 'If-Range': res.headers.etag! } });
      expectOutcome(ranged, { status: 200, body: BODY36 }, 'If-Range with the weak tag');
      const old = await get('/s15/old.txt');
      assert.equal(old.headers.etag, '"24-60dedc04dd340"', 'an old file has the strong ETag');
      const oldRanged = await get('/s15/old.txt', { headers: { Range: 'bytes=0-4', 'If-Range': old.headers.etag } });
      assert.equal(oldRanged.status, 206, 'If-Range with the strong tag');
    },
  );

  it(
    'docs/apache-behaviour.md §15.16 ErrorDocument text is an expression (htserve escapes %{REQUEST_URI}), ' +
      'a full URL for 401 is ignored, and "Additionally" names the original status',
    async () => {
      const res = await get('/s16/no<pe>');
      expectOutcome(
        res,
        { status: 404, marker: 'Missing: /s16/no&lt;pe&gt;', contentType: 'text/html; charset=iso-8859-1' },
        'expression',
      );
      assert.ok(!res.body.includes('<pe>'), `no markup reflected: ${res.body}`);
      expectOutcome(await get('/s16/url401/f.txt'), { status: 401 }, 'full URL for 401 ignored');
      expectOutcome(
        await get('/s16/add/f.txt'),
        { status: 403, pattern: /Additionally, a 403 Forbidden\s+error was encountered/ },
        'Additionally',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.17 a protected ErrorDocument leaks WWW-Authenticate into a 404 on Apache; ' +
      'never in htserve (declared)',
    async () => {
      expectOutcome(
        await get('/s17/missing'),
        { status: 404, pattern: /Additionally, a 404 Not Found\s+error was encountered/ },
        'anon',
      );
      expectOutcome(
        await get('/s17/missing', bob),
        { status: 404, marker: 'PROTECTED 404 PAGE', type: 'text/html' },
        'bob may read the page',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.18 access-file parse errors are 500 for the whole subtree (UTF-8 BOM, ' +
      'trailing # comments on Require/Allow); with AllowOverride None the same file is ignored',
    async () => {
      for (const dir of ['s18/bom', 's18/bom/deeper', 's18/comment-require', 's18/comment-allow']) {
        expectOutcome(await get(`/${dir}/f.txt`), { status: 500 }, `${dir} (AllowOverride All)`);
        expectOutcome(
          await fetchRaw(noOverride.url, `/${dir}/f.txt`),
          { status: 200, body: fileBody(dir) },
          `${dir} (AllowOverride None)`,
        );
      }
      expectOutcome(
        await get('/s18/comment-lines/f.txt'),
        { status: 200, body: fileBody('s18/comment-lines') },
        'comment lines are fine',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.19 provider names are case-sensitive, directive names and granted/denied are not; ' +
      'user names case-sensitive, group names case-insensitive',
    async () => {
      expectOutcome(await get('/s19/ALL/f.txt'), { status: 500 }, 'Require ALL granted');
      expectOutcome(await get('/s19/upper/f.txt'), { status: 403 }, 'REQUIRE all DENIED');
      expectOutcome(
        await get('/s19/user/f.txt', bob),
        { status: 403 },
        "Require user Bob, as bob (htserve's 403 for a signed-in user)",
      );
      expectOutcome(
        await get('/s19/group/f.txt', bob),
        { status: 200, body: fileBody('s19/group') },
        'Require group Admins, as bob',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.20 plaintext never matches; DES ignores characters after 8; ' +
      'the {SHA} prefix is case-sensitive; $2b$, $5$ and $6$ work',
    async () => {
      const cases: Array<[string, number]> = [
        ['pete:petepw', 401],
        ['des8:abcdefghXYZ', 200],
        ['des8:abcdefghQQQ', 200],
        ['des8:abcdefgh', 200],
        ['des8:abcdefg', 401],
        ['shalower:sampw', 401],
        ['shaupper:sampw', 200],
        ['y2b:y2bpw', 200],
        ['sha256:sha256pw', 200],
        ['sha512:sha512pw', 200],
      ];
      for (const [userPass, status] of cases) {
        expectOutcome(
          await get('/s20/f.txt', { auth: userPass }),
          { status, body: status === 200 ? fileBody('s20') : undefined },
          userPass,
        );
      }
    },
  );

  it(
    'docs/apache-behaviour.md §15.21 Basic<TAB>credentials is rejected, ' +
      'but several spaces and trailing junk after the base64 are accepted',
    async () => {
      const creds = b64('bob:bobpw');
      expectOutcome(await get('/s21/f.txt', { headers: { Authorization: `Basic\t${creds}` } }), { status: 401 }, 'tab');
      expectOutcome(
        await get('/s21/f.txt', { headers: { Authorization: `Basic     ${creds}` } }),
        { status: 200, body: fileBody('s21') },
        'spaces',
      );
      expectOutcome(
        await get('/s21/f.txt', { headers: { Authorization: `Basic ${creds} junk` } }),
        { status: 200, body: fileBody('s21') },
        'junk',
      );
    },
  );

  it('docs/apache-behaviour.md §15.22 realm escaping: " becomes \\" and no charset= parameter is ever sent', async () => {
    const res = await get('/s22/f.txt');
    expectOutcome(res, { status: 401, realm: 'say \\"hi\\" there' }, 'realm');
    assert.doesNotMatch(res.headers['www-authenticate'] ?? '', /charset/i);
  });

  it(
    'docs/apache-behaviour.md §15.23 the trailing-slash redirect comes after auth and is absolute (from Host) ' +
      'with lower-case %xx',
    async () => {
      const base = `http://127.0.0.1:${server.port}`;
      expectOutcome(await get('/s23/plain'), { status: 401 }, 'anon first meets the realm');
      const cases: Array<[string, Record<string, string>, string]> = [
        ['/s23/plain', {}, `${base}/s23/plain/`],
        ['/s23/plain?a=1&b=2', {}, `${base}/s23/plain/?a=1&b=2`],
        ['/s23/sp%20ace', {}, `${base}/s23/sp%20ace/`],
        ['/s23/%C3%BC', {}, `${base}/s23/%c3%bc/`],
        ['/s23/plain', { Host: 'example.test:8123' }, 'http://example.test:8123/s23/plain/'],
      ];
      for (const [target, headers, location] of cases) {
        const res = await get(target, { ...bob, headers });
        expectOutcome(res, { status: 301, location, type: 'text/html' }, `${target} ${JSON.stringify(headers)}`);
        assert.ok(res.body.includes('The document has moved'), `${target}: the built-in 301 page`);
      }
    },
  );

  it(
    'docs/apache-behaviour.md §15.24 a missing AuthUserFile gives anon a 401 challenge and a request with ' +
      'credentials 500; a missing AuthGroupFile is never 500',
    async () => {
      expectOutcome(await get('/s24/nouser/f.txt'), { status: 401 }, 'no AuthUserFile, anon');
      expectOutcome(await get('/s24/nouser/f.txt', bob), { status: 500 }, 'no AuthUserFile, bob');
      expectOutcome(await get('/s24/nogroup/f.txt'), { status: 401 }, 'no AuthGroupFile, anon');
      expectOutcome(
        await get('/s24/nogroup/f.txt', bob),
        { status: 403 },
        "no AuthGroupFile, bob (htserve's 403; Apache 401)",
      );
      expectOutcome(
        await get('/s24/nogroup/f.txt', { auth: 'bob:wrongpw' }),
        { status: 401 },
        'no AuthGroupFile, wrong password',
      );
    },
  );

  it(
    'docs/apache-behaviour.md §15.25 AuthType Basic with no AuthName is a 500 at request time, ' +
      'only when authentication is needed',
    async () => {
      expectOutcome(await get('/s25/need/f.txt'), { status: 500 }, 'anon');
      expectOutcome(await get('/s25/need/f.txt', bob), { status: 500 }, 'bob');
      expectOutcome(
        await get('/s25/granted/f.txt'),
        { status: 200, body: fileBody('s25/granted') },
        'no authentication needed',
      );
    },
  );

  it('docs/apache-behaviour.md §15.26 negating providers never grant: Require not ip X alone can never allow anything', async () => {
    expectOutcome(await get('/s26/f.txt'), { status: 403 }, 'from 127.0.0.1');
    expectOutcome(await get('/s26/f.txt', { from: '127.0.0.5' }), { status: 403 }, 'from 127.0.0.5');
  });

  describe('docs/apache-behaviour.md §1.7: consequences of the pipeline order', () => {
    it('a nonexistent file inside an auth-protected folder, anonymous: 401 (auth before existence)', async () => {
      expectOutcome(await get('/c1/realm/nothing.txt'), { status: 401 }, 'anon');
    });
    it('a nonexistent file inside an auth-protected folder, with valid credentials: 404', async () => {
      expectOutcome(await get('/c1/realm/nothing.txt', bob), { status: 404 }, 'bob');
    });
    it('a nonexistent file inside a Require all denied folder: 403', async () => {
      expectOutcome(await get('/c1/denied/nothing.txt'), { status: 403 }, 'denied');
    });
    it('GET /protected-dir without the slash, anonymous: 401 (not 301); with credentials: 301', async () => {
      expectOutcome(await get('/c1/realm'), { status: 401 }, 'anon');
      expectOutcome(
        await get('/c1/realm', bob),
        { status: 301, location: `http://127.0.0.1:${server.port}/c1/realm/` },
        'bob',
      );
    });
    it('GET /denied-dir without the slash: 403 (not 301)', async () => {
      expectOutcome(await get('/c1/denied'), { status: 403 }, 'denied');
    });
    it(
      'an unreadable file (mode 600, other owner) in a protected folder: anonymous 401, with credentials 403',
      { skip: isRoot ? false : 'needs root' },
      async () => {
        expectOutcome(await get('/c1/realm/locked.txt'), { status: 401 }, 'anon');
        expectOutcome(await get('/c1/realm/locked.txt', bob), { status: 403 }, 'bob');
      },
    );
    it('a malformed child access file below a denied parent: 500 (parsing comes before authorization)', async () => {
      expectOutcome(await get('/c1/denied/broken/f.txt'), { status: 500 }, 'broken below denied');
    });
    it('GET /.htnonexistent: 403 (the .ht* check comes before existence)', async () => {
      expectOutcome(await get('/.htnonexistent'), { status: 403 }, '.htnonexistent');
    });
  });
});
