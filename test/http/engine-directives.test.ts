// One small matrix per directive, on the real server: Options, DirectoryIndex, ErrorDocument
// (docs/apache-behaviour.md §12), IndexIgnore, AddType, ForceType, AddDefaultCharset, Redirect*, Header,
// <IfModule>/<IfDefine> (docs/apache-behaviour.md §4.3) and the AllowOverride categories (docs/apache-behaviour.md §4.1).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree, type FixtureEntry } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { IMPLEMENTED_MODULES } from '../../src/htaccess/directives/modules.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';
import { authLines, expectOutcome, fileBody, makeAuthFiles, type AuthFiles, type Outcome } from '../helpers/engine.js';

interface Case extends Outcome {
  target: string;
  why: string;
  req?: TestRequest;
  /** Response headers (lower-case names) and their exact value; null = absent. */
  headers?: Record<string, string | null>;
  /** Names that must (true) or must not (false) appear as links in a listing. */
  listed?: Record<string, boolean>;
  /** A known disagreement of the server with Apache (reported, not fixed here). */
  todo?: string;
}

const listing = (urlPath: string): Pick<Outcome, 'marker' | 'type'> => ({
  marker: `<title>Index of ${urlPath}</title>`,
  type: 'text/html',
});
const TEXT_TYPE = 'text/html; charset=iso-8859-1';
const additionally = (status: string): RegExp =>
  new RegExp(
    `Additionally, a ${status}\\s+error was encountered while trying to use an ErrorDocument to handle the request`,
  );

function run(server: () => TestServer, cases: readonly Case[]): void {
  for (const c of cases) {
    const method = c.req?.method ?? 'GET';
    it(
      `answers ${c.status} to ${method === 'GET' ? '' : `${method} `}${c.target}` +
        `${c.req?.auth ? ` as ${c.req.auth.split(':')[0]}` : ''}: ${c.why}`,
      c.todo ? { todo: c.todo } : {},
      async () => {
        const res = await fetchRaw(server().url, c.target, c.req ?? {});
        expectOutcome(res, c, `${method} ${c.target}`, method);
        for (const [name, value] of Object.entries(c.headers ?? {})) {
          assert.equal(res.headers[name] ?? null, value, `${c.target}: header ${name}`);
        }
        for (const [name, shown] of Object.entries(c.listed ?? {})) {
          assert.equal(
            res.body.includes(`href="${name}"`),
            shown,
            `${c.target}: ${name} ${shown ? 'listed' : 'hidden'}\n${res.body}`,
          );
        }
      },
    );
  }
}

describe('access-file directives, one matrix each', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;
  let authConfigOnly: TestServer;
  let noOverride: TestServer;
  let limitOnly: TestServer;
  let optionsIndexesOnly: TestServer;

  before(async () => {
    auth = await makeAuthFiles();
    const AUTH = authLines(auth);
    const f = (dir: string): Record<string, string> => ({ [`${dir}/f.txt`]: fileBody(dir) });
    const entries: Record<string, FixtureEntry> = {
      'target.txt': 'the link target\n',
      // Options
      'opt/mix/.htaccess': 'Options Indexes -FollowSymLinks\n',
      ...f('opt/mix'),
      'opt/plus-none/.htaccess': 'Options +None\n',
      ...f('opt/plus-none'),
      'opt/minus-all/.htaccess': 'Options -All\n',
      ...f('opt/minus-all'),
      'opt/unknown/.htaccess': 'Options Bogus\n',
      ...f('opt/unknown'),
      'opt/none-plus/.htaccess': 'Options None +Indexes\n',
      'opt/none-plus/link.txt': { symlink: '../../target.txt' },
      'opt/lower/.htaccess': 'options -indexes\n',
      ...f('opt/lower'),
      'opt/all/.htaccess': 'Options All\n',
      'opt/all/link.txt': { symlink: '../../target.txt' },
      'opt/signed/.htaccess': 'Options -Indexes -FollowSymLinks\n',
      'opt/signed/link.txt': { symlink: '../../target.txt' },
      // DirectoryIndex
      'dx/list/.htaccess': 'DirectoryIndex missing.html home.htm index.html\n',
      'dx/list/home.htm': '<p>home.htm</p>\n',
      'dx/list/index.html': '<p>index</p>\n',
      'dx/disabled/.htaccess': 'DirectoryIndex disabled\n',
      'dx/disabled/index.html': '<p>index</p>\n',
      'dx/disabled-noindexes/.htaccess': 'DirectoryIndex disabled\nOptions -Indexes\n',
      'dx/disabled-noindexes/index.html': '<p>index</p>\n',
      'dx/absolute/.htaccess': 'DirectoryIndex /shared/idx.html\n',
      'dx/absolute/index.html': '<p>not me</p>\n',
      'dx/absolute-missing/.htaccess': 'DirectoryIndex /shared/nope.html local.html\n',
      'dx/absolute-missing/local.html': '<p>local</p>\n',
      'dx/none-found/.htaccess': 'DirectoryIndex a.html b.html\n',
      ...f('dx/none-found'),
      'shared/idx.html': '<p>shared index</p>\n',
      'dx/auth-only/.htaccess': `${AUTH}<Files index.html>\n  Require valid-user\n</Files>\n`,
      'dx/auth-only/index.html': '<p>members index</p>\n',
      'dx/auth-two/.htaccess': `${AUTH}DirectoryIndex index.html home.html\n<Files index.html>\n  Require valid-user\n</Files>\n`,
      'dx/auth-two/index.html': '<p>members index</p>\n',
      'dx/auth-two/home.html': '<p>public home</p>\n',
      // ErrorDocument
      'errs/nf.html': '<p>CUSTOM NOT FOUND</p>\n',
      'errs/401.html': '<p>CUSTOM SIGN IN</p>\n',
      'ed/local/.htaccess': 'ErrorDocument 404 /errs/nf.html\n',
      'ed/quoted/.htaccess': 'ErrorDocument 404 "/errs/nf.html"\n',
      'ed/text/.htaccess': 'ErrorDocument 404 "Nothing here"\n',
      'ed/relative/.htaccess': 'ErrorDocument 404 relative.html\n',
      'ed/url/.htaccess': 'ErrorDocument 404 http://example.com/nf\n',
      'ed/url403/.htaccess': 'ErrorDocument 403 https://example.com/denied\nRequire all denied\n',
      ...f('ed/url403'),
      'ed/url401/.htaccess': `${AUTH}ErrorDocument 401 http://example.com/login\nRequire valid-user\n`,
      ...f('ed/url401'),
      'ed/authdoc/.htaccess': `${AUTH}ErrorDocument 401 /errs/401.html\nRequire valid-user\n`,
      ...f('ed/authdoc'),
      'ed/authdoc/url/.htaccess': 'ErrorDocument 401 http://example.com/login\n',
      ...f('ed/authdoc/url'),
      'ed/missingdoc/.htaccess': 'ErrorDocument 404 /errs/nope.html\n',
      'ed/missingdoc403/.htaccess': 'ErrorDocument 403 /errs/nope.html\nRequire all denied\n',
      ...f('ed/missingdoc403'),
      'ed/oops/.htaccess': 'ErrorDocument 404 "Oops\n',
      'ed/slashslash/.htaccess': 'ErrorDocument 404 //example.com/x\n',
      'ed/ftp/.htaccess': 'ErrorDocument 404 ftp://example.com/nf\n',
      'ed/den/.htaccess': 'Require all denied\nErrorDocument 403 /ed/den/403.html\n',
      'ed/den/403.html': '<p>DENIED HERE</p>\n',
      ...f('ed/den'),
      'ed/prot/.htaccess': `${AUTH}ErrorDocument 401 /ed/prot/401.html\nRequire valid-user\n`,
      'ed/prot/401.html': '<p>SIGN IN HERE</p>\n',
      ...f('ed/prot'),
      'ed/badcode/.htaccess': 'ErrorDocument 999 /errs/nf.html\n',
      ...f('ed/badcode'),
      // IndexIgnore
      'ig/.htaccess': 'IndexIgnore *.log .secret* README*\n',
      'ig/a.log': 'a log\n',
      'ig/.secret-x': 's\n',
      'ig/README.md': 'r\n',
      'ig/keep.txt': 'k\n',
      'ig/.hidden': 'h\n',
      'ig/sub/f.txt': 'f\n',
      'ig2/open/f.txt': 'f\n',
      'ig2/secret/.htaccess': `${AUTH}Require valid-user\n`,
      'ig2/broken/.htaccess': 'Bogus\n',
      'ig2/denied/.htaccess': 'Require all denied\n',
      'ig2/.htpasswd': 'x:y\n',
      'ig2/locked.txt': { content: 'root only\n', mode: 0o600 },
      // lexical rules (docs/apache-behaviour.md §4.3)
      'lx/crlf/.htaccess': 'Options -Indexes\r\nRequire all denied\r\n',
      ...f('lx/crlf'),
      'lx/continued/.htaccess': 'Require \\\n  all \\\n  denied\n',
      ...f('lx/continued'),
      'lx/indented/.htaccess': '   \t Require all denied   \n\n',
      ...f('lx/indented'),
      'lx/empty/.htaccess': '',
      ...f('lx/empty'),
      'lx/quotes/.htaccess': `AuthType Basic\nAuthName 'single quoted'\nAuthUserFile "${auth.users}"\nRequire valid-user\n`,
      ...f('lx/quotes'),
      'lx/unknown/.htaccess': 'Bogus directive\n',
      ...f('lx/unknown'),
      'lx/arity/.htaccess': 'AuthName\n',
      ...f('lx/arity'),
      // AddType / ForceType / AddDefaultCharset
      'at/.htaccess':
        'AddType application/x-custom .foo\nAddType "text/plain; charset=utf-8" .notes\nAddType application/json .data .jsn\n',
      'at/x.foo': 'foo\n',
      'at/X.FOO': 'FOO\n',
      'at/y.notes': 'notes\n',
      'at/a.data': '{}\n',
      'at/b.jsn': '[]\n',
      'at/z.txt': 'z\n',
      'at/q.zzzz': 'q\n',
      'ft/.htaccess': 'ForceType text/plain\n',
      'ft/page.html': '<p>page</p>\n',
      'ft/noext': 'noext\n',
      'ft/none/.htaccess': 'ForceType None\n',
      'ft/none/page.html': '<p>page</p>\n',
      'ftf/.htaccess': '<Files data>\n  ForceType application/json\n</Files>\n',
      'ftf/data': '{"a":1}\n',
      'ftf/other.html': '<p>other</p>\n',
      'cs/on/.htaccess': 'AddDefaultCharset On\n',
      'cs/on/x.txt': 'x\n',
      'cs/on/x.html': '<p>x</p>\n',
      'cs/on/x.png': 'not really a png\n',
      'cs/utf8/.htaccess': 'AddDefaultCharset UTF-8\n',
      'cs/utf8/x.txt': 'x\n',
      'cs/utf8/off/.htaccess': 'AddDefaultCharset Off\n',
      'cs/utf8/off/x.txt': 'x\n',
      // Redirect / RedirectMatch / RedirectPermanent / RedirectTemp
      'rd/.htaccess': [
        'Redirect /rd/old.html http://example.com/new.html',
        'Redirect permanent /rd/perm http://example.com/perm',
        'RedirectPermanent /rd/rp http://example.com/rp',
        'RedirectTemp /rd/rt http://example.com/rt',
        'Redirect 303 /rd/other http://example.com/other',
        'Redirect seeother /rd/seeother http://example.com/seeother',
        'Redirect temp /rd/temp http://example.com/temp',
        'RedirectMatch ^/rd/(.*)\\.php$ http://example.com/$1.html',
        'RedirectMatch permanent ^/rd/m/(.*)$ http://example.com/m/$1',
        'Redirect 404 /rd/gone404',
        'Redirect 410 /rd/gone410',
        'Redirect gone /rd/gone',
        'RedirectMatch 404 ^/rd/drafts/',
        'Redirect /rd/dir http://example.com/newdir',
        '',
      ].join('\n'),
      ...f('rd'),
      'rd/drafts/plan.txt': 'secret plan\n',
      'rd/dirx': 'dirx\n',
      'rda/.htaccess': `${AUTH}Require valid-user\nRedirect /rda/x http://example.com/x\n`,
      'rdwhole/.htaccess': 'Redirect 301 http://example.com/whole\n',
      ...f('rdwhole'),
      'rdbad/.htaccess': 'Redirect 301 /rdbad/x relative/target\n',
      ...f('rdbad'),
      'rdbad410/.htaccess': 'Redirect 410 /rdbad410/x http://example.com/\n',
      ...f('rdbad410'),
      // Header
      'hd/.htaccess': [
        'Header set Cache-Control "max-age=60"',
        'Header append Cache-Control "no-transform"',
        'Header set Access-Control-Allow-Origin "*"',
        'Header set X-Parent yes',
        'Header always set X-Always yes',
        'Header add X-Multi a',
        'Header add X-Multi b',
        '',
      ].join('\n'),
      ...f('hd'),
      'hd/child/.htaccess': 'Header unset X-Parent\nHeader set Access-Control-Allow-Origin "https://example.com"\n',
      ...f('hd/child'),
      'hd/etag/.htaccess': 'Header unset ETag\nHeader unset Last-Modified\n',
      ...f('hd/etag'),
      'hd/prot/.htaccess': `${AUTH}Require valid-user\nHeader always set X-Always-401 yes\nHeader set X-On-Success yes\n`,
      ...f('hd/prot'),
      'hd/bad/.htaccess': 'Header frobnicate X-A b\n',
      ...f('hd/bad'),
      // <IfModule> / <IfDefine>
      'im/rewrite/.htaccess':
        '<IfModule mod_rewrite.c>\n  RewriteEngine On\n  RewriteRule ^ - [F]\n  This is not even a directive\n</IfModule>\n',
      ...f('im/rewrite'),
      'im/not-rewrite/.htaccess': '<IfModule !mod_rewrite.c>\n  Header set X-No-Rewrite yes\n</IfModule>\n',
      ...f('im/not-rewrite'),
      'im/headers/.htaccess': '<IfModule mod_headers.c>\n  Header set X-Headers yes\n</IfModule>\n',
      ...f('im/headers'),
      'im/headers-symbol/.htaccess': '<IfModule headers_module>\n  Header set X-Headers-Module yes\n</IfModule>\n',
      ...f('im/headers-symbol'),
      'im/not-headers/.htaccess': '<IfModule !mod_headers.c>\n  garbage here\n</IfModule>\n',
      ...f('im/not-headers'),
      'im/nested/.htaccess':
        '<IfModule mod_authz_core.c>\n  <IfModule !mod_rewrite.c>\n    Require all denied\n  </IfModule>\n</IfModule>\n',
      ...f('im/nested'),
      'im/unclosed/.htaccess': '<IfModule mod_rewrite.c>\n  RewriteEngine On\n',
      ...f('im/unclosed'),
      'im/rewrite-outside/.htaccess': 'RewriteEngine On\n',
      ...f('im/rewrite-outside'),
      'im/define/.htaccess': '<IfDefine FOO>\n  garbage here\n</IfDefine>\n',
      ...f('im/define'),
      'im/define-not/.htaccess': '<IfDefine !FOO>\n  Header set X-Not-Foo yes\n</IfDefine>\n',
      ...f('im/define-not'),
      // AllowOverride categories (the same tree under other servers)
      'ao/opts/.htaccess': 'Options -Indexes\n',
      ...f('ao/opts'),
      'ao/opts-follow/.htaccess': 'Options +FollowSymLinks\n',
      ...f('ao/opts-follow'),
      'ao/auth/.htaccess': `${AUTH}Require valid-user\n`,
      ...f('ao/auth'),
      'ao/limit/.htaccess': 'Order deny,allow\nDeny from all\n',
      ...f('ao/limit'),
      'ao/fileinfo/.htaccess': 'ErrorDocument 404 "x"\n',
      ...f('ao/fileinfo'),
      'ao/indexes/.htaccess': 'DirectoryIndex f.txt\n',
      ...f('ao/indexes'),
      'ao/files/.htaccess': '<Files f.txt>\n  Require all denied\n</Files>\n',
      ...f('ao/files'),
      'ao/files/g.txt': 'g\n',
      'ao/satisfy/.htaccess': 'Satisfy Any\n',
      ...f('ao/satisfy'),
      'ao/garbage/.htaccess': 'This is not an access file at all\n<Unclosed\n',
      ...f('ao/garbage'),
      'ao/in-file/.htaccess': 'AllowOverride None\n',
      ...f('ao/in-file'),
      'ao/directory/.htaccess': '<Directory />\n  Require all granted\n</Directory>\n',
      ...f('ao/directory'),
    };
    root = await makeTree(entries);
    // The Apache of docs/apache-behaviour.md §0.1: mod_rewrite not loaded (server.modules), so its <IfModule> blocks are skipped.
    const modules = `server.modules=${IMPLEMENTED_MODULES.filter((m) => m !== 'rewrite').join(',')}`;
    server = await startServer(root, { set: [modules] });
    authConfigOnly = await startServer(root, { set: [modules, 'access.allow_override=AuthConfig'] });
    noOverride = await startServer(root, { set: [modules, 'access.allow_override=None'] });
    limitOnly = await startServer(root, { set: [modules, 'access.allow_override=Limit'] });
    optionsIndexesOnly = await startServer(root, { set: [modules, 'access.allow_override=Options=Indexes'] });
  });
  after(async () => {
    for (const s of [server, authConfigOnly, noOverride, limitOnly, optionsIndexesOnly]) await s?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  describe('Options', () => {
    run(
      () => server,
      [
        {
          target: '/opt/mix/f.txt',
          status: 500,
          why: 'Options mixing signed and unsigned words (Indexes -FollowSymLinks)',
        },
        { target: '/opt/plus-none/f.txt', status: 500, why: 'Options +None' },
        { target: '/opt/minus-all/f.txt', status: 500, why: 'Options -All' },
        { target: '/opt/unknown/f.txt', status: 500, why: 'Options Bogus (unknown option)' },
        {
          target: '/opt/none-plus/',
          status: 200,
          ...listing('/opt/none-plus'),
          why: 'Options None +Indexes is accepted and lists',
        },
        { target: '/opt/none-plus/link.txt', status: 403, why: 'Options None +Indexes has no FollowSymLinks' },
        { target: '/opt/lower/', status: 403, why: 'options -indexes in lower case' },
        {
          target: '/opt/lower/f.txt',
          status: 200,
          body: fileBody('opt/lower'),
          why: 'Options -Indexes still serves files',
        },
        { target: '/opt/all/', status: 200, ...listing('/opt/all'), why: 'Options All lists' },
        { target: '/opt/all/link.txt', status: 200, body: 'the link target\n', why: 'Options All follows links' },
        { target: '/opt/signed/', status: 403, why: 'Options -Indexes -FollowSymLinks: no listing' },
        { target: '/opt/signed/link.txt', status: 403, why: 'Options -Indexes -FollowSymLinks: no links' },
      ],
    );
  });

  describe('DirectoryIndex', () => {
    run(
      () => server,
      [
        {
          target: '/dx/list/',
          status: 200,
          body: '<p>home.htm</p>\n',
          type: 'text/html',
          why: 'the first existing candidate of missing.html home.htm index.html',
        },
        {
          target: '/dx/disabled/',
          status: 200,
          ...listing('/dx/disabled'),
          listed: { 'index.html': true },
          why: 'DirectoryIndex disabled lists even with an index.html',
        },
        { target: '/dx/disabled-noindexes/', status: 403, why: 'DirectoryIndex disabled + Options -Indexes' },
        {
          target: '/dx/absolute/',
          status: 200,
          body: '<p>shared index</p>\n',
          type: 'text/html',
          why: 'an absolute candidate /shared/idx.html',
        },
        {
          target: '/dx/absolute-missing/',
          status: 200,
          body: '<p>local</p>\n',
          type: 'text/html',
          why: 'a missing absolute candidate is skipped',
        },
        { target: '/dx/auth-only/', status: 401, why: 'the only candidate needs a password: its 401 is the answer' },
        {
          target: '/dx/auth-only/',
          req: { auth: 'bob:bobpw' },
          status: 200,
          body: '<p>members index</p>\n',
          type: 'text/html',
          why: 'the only candidate, signed in',
        },
        {
          target: '/dx/auth-two/',
          status: 200,
          body: '<p>public home</p>\n',
          type: 'text/html',
          why: "a candidate's 401 is skipped when a later candidate succeeds",
        },
        {
          target: '/dx/auth-two/',
          req: { auth: 'bob:bobpw' },
          status: 200,
          body: '<p>members index</p>\n',
          type: 'text/html',
          why: 'signed in, the first candidate wins',
        },
        {
          target: '/dx/none-found/',
          status: 200,
          ...listing('/dx/none-found'),
          listed: { 'f.txt': true },
          why: 'no candidate exists: a listing',
        },
      ],
    );
  });

  describe('ErrorDocument', () => {
    run(
      () => server,
      [
        {
          target: '/ed/local/missing',
          status: 404,
          marker: 'CUSTOM NOT FOUND',
          type: 'text/html',
          why: 'a local path keeps the status and sends the document',
        },
        {
          target: '/ed/quoted/missing',
          status: 404,
          marker: 'CUSTOM NOT FOUND',
          type: 'text/html',
          why: 'a quoted local path is still a path',
        },
        {
          target: '/ed/local/missing',
          req: { method: 'HEAD' },
          status: 404,
          type: 'text/html',
          why: 'HEAD: the status and headers, no body',
        },
        {
          target: '/ed/local/missing',
          req: { method: 'POST', body: 'x=1' },
          status: 404,
          marker: 'CUSTOM NOT FOUND',
          why: 'POST to a missing URL gets the document with 404',
        },
        {
          target: '/ed/local/missing',
          req: { headers: { Range: 'bytes=0-3' } },
          status: 404,
          marker: 'CUSTOM NOT FOUND',
          why: 'a Range does not apply to the error document',
        },
        {
          target: '/ed/text/missing',
          status: 404,
          marker: 'Nothing here',
          contentType: TEXT_TYPE,
          why: 'a text message is sent as is',
        },
        {
          target: '/ed/text/missing',
          req: { method: 'HEAD' },
          status: 404,
          contentType: TEXT_TYPE,
          why: 'HEAD of a text message: no body',
        },
        {
          target: '/ed/relative/missing',
          status: 404,
          marker: 'relative.html',
          contentType: TEXT_TYPE,
          why: 'a relative name is text, not a path',
        },
        {
          target: '/ed/url/missing',
          status: 302,
          location: 'http://example.com/nf',
          type: 'text/html',
          marker: 'http://example.com/nf',
          why: 'a full URL redirects with 302',
        },
        {
          target: '/ed/url403/f.txt',
          status: 302,
          location: 'https://example.com/denied',
          marker: 'https://example.com/denied',
          why: 'a full URL for 403 redirects with 302',
        },
        {
          target: '/ed/url401/f.txt',
          status: 401,
          why: 'a full URL for 401 is ignored: the built-in 401 with its challenge',
        },
        {
          target: '/ed/url401/f.txt',
          req: { auth: 'bob:bobpw' },
          status: 200,
          body: fileBody('ed/url401'),
          why: 'the folder still works for bob',
        },
        {
          target: '/ed/authdoc/f.txt',
          status: 401,
          marker: 'CUSTOM SIGN IN',
          type: 'text/html',
          why: 'a local 401 document keeps the status and the challenge',
        },
        {
          target: '/ed/authdoc/url/f.txt',
          status: 401,
          marker: 'CUSTOM SIGN IN',
          type: 'text/html',
          why: "a child's full URL for 401 is ignored: the inherited document is used",
        },
        {
          target: '/ed/missingdoc/missing',
          status: 404,
          pattern: additionally('404 Not Found'),
          why: 'a missing document: the built-in page says "Additionally, a 404 Not Found error"',
        },
        {
          target: '/ed/missingdoc403/f.txt',
          status: 403,
          pattern: additionally('403 Forbidden'),
          why: 'a missing 403 document: "Additionally" names the original 403',
        },
        {
          target: '/ed/oops/missing',
          status: 404,
          marker: 'Oops',
          contentType: TEXT_TYPE,
          why: 'an unterminated quote ("Oops) is the text Oops',
        },
        {
          target: '/ed/slashslash/missing',
          status: 404,
          pattern: additionally('404 Not Found'),
          why: '//example.com/x is a local path (missing here), not a URL',
        },
        {
          target: '/ed/ftp/missing',
          status: 302,
          location: 'ftp://example.com/nf',
          marker: 'ftp://example.com/nf',
          why: 'any scheme is a URL (ftp:)',
        },
        {
          target: '/ed/den/f.txt',
          status: 403,
          marker: 'DENIED HERE',
          type: 'text/html',
          why: 'a 403 document inside the denied folder itself is served',
        },
        {
          target: '/ed/prot/f.txt',
          status: 401,
          marker: 'SIGN IN HERE',
          type: 'text/html',
          why: 'a 401 document inside the protected folder itself is served with the challenge',
        },
        { target: '/ed/badcode/f.txt', status: 500, why: 'ErrorDocument 999 (unknown status code)' },
      ],
    );

    it("sends the error document's own ETag and Last-Modified with the 404 (as Apache does)", async () => {
      const doc = await fetchRaw(server.url, '/errs/nf.html');
      const res = await fetchRaw(server.url, '/ed/local/missing');
      expectOutcome(res, { status: 404, marker: 'CUSTOM NOT FOUND', type: 'text/html' }, 'local document');
      assert.equal(res.headers.etag, doc.headers.etag, 'ETag of the error document');
      assert.equal(res.headers['last-modified'], doc.headers['last-modified'], 'Last-Modified of the error document');
    });

    it('never answers 304 (nor 412) for an error document, whatever the conditional headers say', async () => {
      const doc = await fetchRaw(server.url, '/errs/nf.html');
      expectOutcome(doc, { status: 200, body: '<p>CUSTOM NOT FOUND</p>\n', type: 'text/html' }, 'the document itself');
      const etag = doc.headers.etag!;
      const lastModified = doc.headers['last-modified']!;
      assert.ok(etag && lastModified, 'the document has validators');
      const conditionals: Array<Record<string, string>> = [
        { 'If-None-Match': etag },
        { 'If-None-Match': '*' },
        { 'If-Modified-Since': lastModified },
        { 'If-Match': '"other"' },
      ];
      for (const headers of conditionals) {
        const res = await fetchRaw(server.url, '/ed/local/missing', { headers });
        expectOutcome(res, { status: 404, marker: 'CUSTOM NOT FOUND', type: 'text/html' }, JSON.stringify(headers));
      }
    });
  });

  describe('IndexIgnore', () => {
    run(
      () => server,
      [
        {
          target: '/ig/',
          status: 200,
          ...listing('/ig'),
          why: 'IndexIgnore *.log .secret* README* hides those names from the listing',
          listed: {
            'a.log': false,
            '.secret-x': false,
            'README.md': false,
            'keep.txt': true,
            '.hidden': true,
            'sub/': true,
            '.htaccess': false,
          },
        },
        { target: '/ig/a.log', status: 200, body: 'a log\n', why: 'an ignored name is still served' },
      ],
    );
  });

  describe('listings hide what the client could not fetch (docs/apache-behaviour.md §11.4)', () => {
    run(
      () => server,
      [
        {
          target: '/ig2/',
          status: 200,
          ...listing('/ig2'),
          why: 'anonymous: subfolders needing a password, denied or broken are hidden, so is .htpasswd',
          listed: {
            'open/': true,
            'secret/': false,
            'broken/': false,
            'denied/': false,
            '.htpasswd': false,
            'locked.txt': true,
          },
        },
        {
          target: '/ig2/',
          req: { auth: 'bob:bobpw' },
          status: 200,
          ...listing('/ig2'),
          why: 'signed in: the password-protected subfolder is listed',
          listed: { 'open/': true, 'secret/': true, 'broken/': false, 'denied/': false },
        },
      ],
    );
  });

  describe('lexical rules (docs/apache-behaviour.md §4.3)', () => {
    run(
      () => server,
      [
        { target: '/lx/crlf/f.txt', status: 403, why: 'CRLF line endings' },
        { target: '/lx/continued/f.txt', status: 403, why: 'a directive continued over three lines with backslashes' },
        { target: '/lx/indented/f.txt', status: 403, why: 'leading and trailing blanks' },
        { target: '/lx/empty/f.txt', status: 200, body: fileBody('lx/empty'), why: 'an empty access file' },
        { target: '/lx/quotes/f.txt', status: 401, realm: 'single quoted', why: 'single- and double-quoted arguments' },
        {
          target: '/lx/quotes/f.txt',
          req: { auth: 'bob:bobpw' },
          status: 200,
          body: fileBody('lx/quotes'),
          why: 'a double-quoted AuthUserFile path',
        },
        { target: '/lx/unknown/f.txt', status: 500, why: 'an unknown directive' },
        { target: '/lx/arity/f.txt', status: 500, why: 'AuthName without its argument' },
      ],
    );
  });

  describe('AddType, ForceType and AddDefaultCharset', () => {
    run(
      () => server,
      [
        {
          target: '/at/x.foo',
          status: 200,
          body: 'foo\n',
          contentType: 'application/x-custom',
          why: 'AddType application/x-custom .foo',
        },
        {
          target: '/at/X.FOO',
          status: 200,
          body: 'FOO\n',
          contentType: 'application/x-custom',
          why: 'AddType extensions are case-insensitive',
        },
        {
          target: '/at/y.notes',
          status: 200,
          body: 'notes\n',
          contentType: 'text/plain; charset=utf-8',
          why: 'AddType with a charset parameter',
        },
        {
          target: '/at/a.data',
          status: 200,
          body: '{}\n',
          contentType: 'application/json',
          why: 'AddType with two extensions (first)',
        },
        {
          target: '/at/b.jsn',
          status: 200,
          body: '[]\n',
          contentType: 'application/json',
          why: 'AddType with two extensions (second)',
        },
        {
          target: '/at/z.txt',
          status: 200,
          body: 'z\n',
          contentType: 'text/plain',
          why: 'other extensions keep their type',
        },
        {
          target: '/at/q.zzzz',
          status: 200,
          body: 'q\n',
          type: null,
          why: 'an unknown extension gets no Content-Type',
        },
        {
          target: '/ft/page.html',
          status: 200,
          body: '<p>page</p>\n',
          contentType: 'text/plain',
          why: 'ForceType text/plain overrides .html',
        },
        {
          target: '/ft/noext',
          status: 200,
          body: 'noext\n',
          contentType: 'text/plain',
          why: 'ForceType types a file without extension',
        },
        {
          target: '/ft/none/page.html',
          status: 200,
          body: '<p>page</p>\n',
          contentType: 'text/html',
          why: 'ForceType None in a child restores the normal type',
        },
        {
          target: '/ftf/data',
          status: 200,
          body: '{"a":1}\n',
          contentType: 'application/json',
          why: 'ForceType inside <Files data>',
        },
        {
          target: '/ftf/other.html',
          status: 200,
          body: '<p>other</p>\n',
          contentType: 'text/html',
          why: 'ForceType inside <Files> leaves other files alone',
        },
        {
          target: '/cs/on/x.txt',
          status: 200,
          body: 'x\n',
          contentType: 'text/plain; charset=iso-8859-1',
          why: 'AddDefaultCharset On labels text/plain',
        },
        {
          target: '/cs/on/x.html',
          status: 200,
          body: '<p>x</p>\n',
          contentType: 'text/html; charset=iso-8859-1',
          why: 'AddDefaultCharset On labels text/html',
        },
        {
          target: '/cs/on/x.png',
          status: 200,
          body: 'not really a png\n',
          contentType: 'image/png',
          why: 'AddDefaultCharset leaves image/png alone',
        },
        {
          target: '/cs/utf8/x.txt',
          status: 200,
          body: 'x\n',
          contentType: 'text/plain; charset=UTF-8',
          why: 'AddDefaultCharset UTF-8',
        },
        {
          target: '/cs/utf8/off/x.txt',
          status: 200,
          body: 'x\n',
          contentType: 'text/plain',
          why: 'AddDefaultCharset Off in a child',
        },
      ],
    );
  });

  describe('Redirect, RedirectMatch, RedirectPermanent, RedirectTemp', () => {
    const moved = (status: number, location: string, why: string, target: string, req?: TestRequest): Case => ({
      target,
      status,
      location,
      type: 'text/html',
      marker: `<a href="${location.replace(/&/g, '&amp;')}">here</a>`,
      why,
      ...(req ? { req } : {}),
    });
    run(
      () => server,
      [
        moved(302, 'http://example.com/new.html', 'Redirect (no status) is 302', '/rd/old.html'),
        moved(302, 'http://example.com/new.html?a=1&b=2', 'Redirect keeps the query string', '/rd/old.html?a=1&b=2'),
        moved(301, 'http://example.com/perm', 'Redirect permanent is 301', '/rd/perm'),
        moved(301, 'http://example.com/rp', 'RedirectPermanent is 301', '/rd/rp'),
        moved(302, 'http://example.com/rt', 'RedirectTemp is 302', '/rd/rt'),
        moved(302, 'http://example.com/temp', 'Redirect temp is 302', '/rd/temp'),
        moved(303, 'http://example.com/other', 'Redirect 303', '/rd/other'),
        moved(303, 'http://example.com/seeother', 'Redirect seeother is 303', '/rd/seeother'),
        moved(302, 'http://example.com/x/y.html', 'RedirectMatch with a $1 back-reference', '/rd/x/y.php'),
        moved(301, 'http://example.com/m/a/b', 'RedirectMatch permanent', '/rd/m/a/b'),
        moved(
          302,
          'http://example.com/newdir/sub/file.txt',
          'Redirect of a folder prefix keeps the rest of the path',
          '/rd/dir/sub/file.txt',
        ),
        {
          target: '/rd/dirx',
          status: 200,
          body: 'dirx\n',
          why: 'Redirect /rd/dir does not match /rd/dirx (whole segments only)',
        },
        { target: '/rd/f.txt', status: 200, body: fileBody('rd'), why: 'a URL no Redirect names is served' },
        { target: '/rd/gone404', status: 404, why: 'Redirect 404 answers 404' },
        { target: '/rd/gone410', status: 410, why: 'Redirect 410 answers 410 Gone' },
        { target: '/rd/gone', status: 410, why: 'Redirect gone answers 410 Gone' },
        { target: '/rd/drafts/plan.txt', status: 404, why: 'RedirectMatch 404 hides an existing file' },
        { target: '/rda/x', status: 401, why: 'a Redirect inside a protected folder comes after authentication' },
        moved(302, 'http://example.com/x', 'the Redirect inside a protected folder, as bob', '/rda/x', {
          auth: 'bob:bobpw',
        }),
        moved(
          301,
          'http://example.com/whole',
          "Redirect 301 URL with no URL-path redirects the whole folder (Apache's per-directory form)",
          '/rdwhole/f.txt',
        ),
        { target: '/rdbad/f.txt', status: 500, why: 'Redirect 301 to a relative target (Redirect to non-URL)' },
        { target: '/rdbad410/f.txt', status: 500, why: 'Redirect 410 with a target URL' },
      ],
    );
  });

  describe('Header set/append/add/unset', () => {
    run(
      () => server,
      [
        {
          target: '/hd/f.txt',
          status: 200,
          body: fileBody('hd'),
          why: 'Header set + append Cache-Control, set Access-Control-Allow-Origin',
          headers: {
            'cache-control': 'max-age=60, no-transform',
            'access-control-allow-origin': '*',
            'x-parent': 'yes',
            'x-always': 'yes',
            'x-multi': 'a, b',
          },
        },
        {
          target: '/hd/missing',
          status: 404,
          why: 'on a 404 only `Header always` applies',
          headers: { 'x-always': 'yes', 'cache-control': null, 'access-control-allow-origin': null, 'x-parent': null },
        },
        {
          target: '/hd/child/f.txt',
          status: 200,
          body: fileBody('hd/child'),
          why: "a child unsets X-Parent and sets another origin; the parent's Cache-Control stays",
          headers: {
            'x-parent': null,
            'access-control-allow-origin': 'https://example.com',
            'cache-control': 'max-age=60, no-transform',
          },
        },
        {
          target: '/hd/etag/f.txt',
          status: 200,
          body: fileBody('hd/etag'),
          why: 'Header unset ETag and Last-Modified',
          headers: { etag: null, 'last-modified': null },
        },
        {
          target: '/hd/prot/f.txt',
          status: 401,
          headers: { 'x-always-401': 'yes', 'x-on-success': null },
          why: 'a 401 carries `Header always` only',
        },
        {
          target: '/hd/prot/f.txt',
          req: { auth: 'bob:bobpw' },
          status: 200,
          body: fileBody('hd/prot'),
          headers: { 'x-always-401': 'yes', 'x-on-success': 'yes' },
          why: 'the 200 behind the password carries both',
        },
        { target: '/hd/bad/f.txt', status: 500, why: 'Header with an unknown action' },
      ],
    );
  });

  describe('<IfModule> and <IfDefine>', () => {
    run(
      () => server,
      [
        {
          target: '/im/rewrite/f.txt',
          status: 200,
          body: fileBody('im/rewrite'),
          why: '<IfModule mod_rewrite.c> is skipped, garbage inside it too',
        },
        {
          target: '/im/not-rewrite/f.txt',
          status: 200,
          body: fileBody('im/not-rewrite'),
          headers: { 'x-no-rewrite': 'yes' },
          why: '<IfModule !mod_rewrite.c> is honoured',
        },
        {
          target: '/im/headers/f.txt',
          status: 200,
          body: fileBody('im/headers'),
          headers: { 'x-headers': 'yes' },
          why: '<IfModule mod_headers.c> is honoured',
        },
        {
          target: '/im/headers-symbol/f.txt',
          status: 200,
          body: fileBody('im/headers-symbol'),
          headers: { 'x-headers-module': 'yes' },
          why: '<IfModule headers_module> is honoured',
        },
        {
          target: '/im/not-headers/f.txt',
          status: 200,
          body: fileBody('im/not-headers'),
          why: '<IfModule !mod_headers.c> is skipped, garbage inside it too',
        },
        {
          target: '/im/nested/f.txt',
          status: 403,
          why: 'nested <IfModule mod_authz_core.c> / <IfModule !mod_rewrite.c> Require all denied',
        },
        { target: '/im/unclosed/f.txt', status: 500, why: 'an unclosed <IfModule>' },
        {
          target: '/im/rewrite-outside/f.txt',
          status: 500,
          why: 'RewriteEngine outside <IfModule> (mod_rewrite is not loaded)',
        },
        {
          target: '/im/define/f.txt',
          status: 200,
          body: fileBody('im/define'),
          why: '<IfDefine FOO> is skipped (nothing is defined)',
        },
        {
          target: '/im/define-not/f.txt',
          status: 200,
          body: fileBody('im/define-not'),
          headers: { 'x-not-foo': 'yes' },
          why: '<IfDefine !FOO> is honoured',
        },
      ],
    );
  });

  describe('AllowOverride categories', () => {
    describe('with access.allow_override=All (the default)', () => {
      run(
        () => server,
        [
          { target: '/ao/in-file/f.txt', status: 500, why: 'AllowOverride is never allowed in an access file' },
          { target: '/ao/directory/f.txt', status: 500, why: '<Directory> is never allowed in an access file' },
          { target: '/ao/garbage/f.txt', status: 500, why: 'a garbage access file' },
        ],
      );
    });
    describe('with access.allow_override=AuthConfig', () => {
      run(
        () => authConfigOnly,
        [
          { target: '/ao/opts/f.txt', status: 500, why: 'an Options line is not allowed' },
          { target: '/ao/limit/f.txt', status: 500, why: 'Order/Deny (Limit) are not allowed' },
          { target: '/ao/fileinfo/f.txt', status: 500, why: 'ErrorDocument (FileInfo) is not allowed' },
          { target: '/ao/indexes/f.txt', status: 500, why: 'DirectoryIndex (Indexes) is not allowed' },
          { target: '/ao/auth/f.txt', status: 401, why: 'the AUTH lines and Require are allowed' },
          {
            target: '/ao/auth/f.txt',
            req: { auth: 'bob:bobpw' },
            status: 200,
            body: fileBody('ao/auth'),
            why: 'the AUTH lines let bob in',
          },
          { target: '/ao/files/f.txt', status: 403, why: '<Files> with Require inside is allowed' },
          { target: '/ao/files/g.txt', status: 200, body: 'g\n', why: '<Files f.txt> leaves g.txt alone' },
          {
            target: '/ao/satisfy/f.txt',
            status: 200,
            body: fileBody('ao/satisfy'),
            why: 'Satisfy is an AuthConfig directive',
          },
          {
            target: '/im/rewrite/f.txt',
            status: 200,
            body: fileBody('im/rewrite'),
            why: '<IfModule> is allowed under any category',
          },
        ],
      );
    });
    describe('with access.allow_override=None', () => {
      run(
        () => noOverride,
        [
          {
            target: '/ao/garbage/f.txt',
            status: 200,
            body: fileBody('ao/garbage'),
            why: 'a garbage access file is not even read',
          },
          { target: '/ao/auth/f.txt', status: 200, body: fileBody('ao/auth'), why: 'the AUTH lines are ignored' },
          { target: '/ao/limit/f.txt', status: 200, body: fileBody('ao/limit'), why: 'Deny from all is ignored' },
          {
            target: '/ao/in-file/f.txt',
            status: 200,
            body: fileBody('ao/in-file'),
            why: 'AllowOverride in the file is ignored with the file',
          },
        ],
      );
    });
    describe('with access.allow_override=Limit', () => {
      run(
        () => limitOnly,
        [
          { target: '/ao/limit/f.txt', status: 403, why: 'Order/Deny are allowed' },
          { target: '/ao/files/g.txt', status: 500, why: 'Require inside <Files> is not allowed' },
          { target: '/ao/auth/f.txt', status: 500, why: 'the AUTH lines are not allowed' },
        ],
      );
    });
    describe('with access.allow_override=Options=Indexes', () => {
      run(
        () => optionsIndexesOnly,
        [
          { target: '/ao/opts/', status: 403, why: 'Options -Indexes is in the list' },
          { target: '/ao/opts-follow/f.txt', status: 500, why: 'Options +FollowSymLinks is not in the list' },
          { target: '/ao/auth/f.txt', status: 500, why: 'the AUTH lines are not allowed' },
        ],
      );
    });
  });
});
