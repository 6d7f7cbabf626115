// <If>/<ElseIf>/<Else> on the real server, each row as Apache 2.4 answered it (the same trees are
// in test/conformance/cases/if-sections.ts), plus what `htserve check` says about them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree, type FixtureEntry } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { authLines, expectOutcome, fileBody, makeAuthFiles, type AuthFiles, type Outcome } from '../helpers/engine.js';

interface Case extends Outcome {
  target: string;
  why: string;
  req?: TestRequest;
}

describe('<If>, <ElseIf>, <Else> in access files', () => {
  let auth: AuthFiles;
  let root: string;
  let server: TestServer;
  let authConfigOnly: TestServer;

  before(async () => {
    auth = await makeAuthFiles();
    const AUTH = authLines(auth);
    const f = (dir: string): Record<string, string> => ({ [`${dir}/f.txt`]: fileBody(dir) });
    const chain = [
      '<If "%{HTTP:X-Test} == \'yes\'">',
      'Require all denied',
      '</If>',
      '<ElseIf "req(\'X-Other\') =~ /^a/">',
      'Redirect 302 / http://example.com/',
      '</ElseIf>',
      "<ElseIf \"%{REQUEST_METHOD} == 'HEAD' || -R '127.0.0.2'\">",
      'ForceType text/x-head',
      '</ElseIf>',
      '<Else>',
      'ForceType text/x-else',
      '</Else>',
      '',
    ].join('\n');
    const entries: Record<string, FixtureEntry> = {
      'chain/.htaccess': chain,
      ...f('chain'),
      'query/.htaccess': '<If "%{QUERY_STRING} =~ /debug/">\n  Require all denied\n</If>\n',
      ...f('query'),
      // the parent's <If> is merged after the child directory's own Require
      'order/.htaccess': '<If "true">\nRequire all denied\n</If>\n',
      'order/sub/.htaccess': 'Require all granted\n',
      ...f('order/sub'),
      // ... and a child's <If> after the parent's
      'order2/.htaccess': '<If "true">\nRequire all denied\n</If>\n',
      'order2/sub/.htaccess': '<If "true">\nRequire all granted\n</If>\n',
      ...f('order2/sub'),
      'files/.htaccess': '<If "true">\nRequire all granted\n</If>\n<Files f.txt>\nRequire all denied\n</Files>\n',
      ...f('files'),
      'nested/.htaccess':
        '<If "true">\n<If "%{QUERY_STRING} == \'d\'">\n</If>\n<Else>\nRequire all denied\n</Else>\n</If>\n',
      ...f('nested'),
      'user/.htaccess': `${AUTH}\nRequire valid-user\n<If "-z %{REMOTE_USER}">\nForceType text/x-nouser\n</If>\n`,
      ...f('user'),
      'env/.htaccess':
        'SetEnvIf Request_URI . SEEN=1\n<If "-n reqenv(\'SEEN\')">\nRequire all denied\n</If>\n' +
        'Require env INIF\n<If "true">\nSetEnvIf Request_URI . INIF=1\n</If>\n',
      ...f('env'),
      'else-across/.htaccess': '<If "false">\n</If>\n',
      'else-across/sub/.htaccess': '<Else>\nRequire all denied\n</Else>\n',
      ...f('else-across/sub'),
      'bad-expr/.htaccess': '<If "%{QUERY_STRING} =~">\n</If>\n',
      ...f('bad-expr'),
      'else-arg/.htaccess': '<If "false">\n</If>\n<Else x>\n</Else>\n',
      ...f('else-arg'),
      'override/.htaccess': '<If "true">\nForceType text/x-o\n</If>\n',
      ...f('override'),
      'errdoc/.htaccess': '<If "true">\nErrorDocument 404 "nothing here IF-MARKER"\n</If>\n',
      'files-in-if/.htaccess': '<If "true">\n<Files f.txt>\nRequire all denied\n</Files>\n</If>\n',
      ...f('files-in-if'),
    };
    root = await makeTree(entries);
    server = await startServer(root);
    authConfigOnly = await startServer(root, { set: ['access.allow_override=AuthConfig'] });
  });
  after(async () => {
    for (const s of [server, authConfigOnly]) await s?.stop();
    await removeTree(root);
    await removeTree(auth.dir);
  });

  const cases: Case[] = [
    { target: '/query/f.txt', status: 200, body: fileBody('query'), why: 'the condition is false' },
    { target: '/query/f.txt?debug=1', status: 403, why: 'the condition is true' },
    { target: '/chain/f.txt', req: { headers: { 'X-Test': 'yes' } }, status: 403, why: '%{HTTP:X-Test} in the If' },
    {
      target: '/chain/f.txt',
      req: { headers: { 'X-Other': 'abc' } },
      status: 302,
      location: 'http://example.com/chain/f.txt',
      why: 'req() in the first ElseIf',
    },
    {
      target: '/chain/f.txt',
      req: { method: 'HEAD' },
      status: 200,
      type: 'text/x-head',
      why: 'REQUEST_METHOD in the second ElseIf',
    },
    {
      target: '/chain/f.txt',
      req: { from: '127.0.0.2' },
      status: 200,
      type: 'text/x-head',
      body: fileBody('chain'),
      why: 'REMOTE_ADDR (-R) in the second ElseIf',
    },
    {
      target: '/chain/f.txt',
      status: 200,
      type: 'text/x-else',
      body: fileBody('chain'),
      why: 'nothing matched: the Else',
    },
    { target: '/order/sub/f.txt', status: 403, why: 'a parent <If> is merged after the child directory' },
    {
      target: '/order2/sub/f.txt',
      status: 200,
      body: fileBody('order2/sub'),
      why: "the child's <If> is merged after the parent's",
    },
    { target: '/files/f.txt', status: 200, body: fileBody('files'), why: '<If> is merged after <Files>' },
    { target: '/nested/f.txt', status: 403, why: 'nested Else applies' },
    { target: '/nested/f.txt?d', status: 200, body: fileBody('nested'), why: 'nested If applies' },
    {
      target: '/user/f.txt',
      req: { auth: 'bob:bobpw' },
      status: 200,
      type: 'text/x-nouser',
      body: fileBody('user'),
      why: 'REMOTE_USER is empty when <If> is evaluated',
    },
    {
      target: '/env/f.txt',
      status: 200,
      body: fileBody('env'),
      why: 'SetEnvIf runs after <If> (not seen), and SetEnvIf inside <If> applies',
    },
    { target: '/else-across/sub/f.txt', status: 500, why: "<Else> cannot continue the parent file's <If>" },
    { target: '/bad-expr/f.txt', status: 500, why: 'expression syntax error' },
    { target: '/else-arg/f.txt', status: 500, why: '<Else> takes no argument' },
    { target: '/errdoc/missing', status: 404, marker: 'nothing here IF-MARKER', why: 'ErrorDocument inside <If>' },
    {
      target: '/files-in-if/f.txt',
      status: 200,
      body: fileBody('files-in-if'),
      why: '<Files> inside <If> has no effect in Apache',
    },
  ];
  for (const c of cases) {
    const method = c.req?.method ?? 'GET';
    it(`answers ${c.status} to ${method} ${c.target}: ${c.why}`, async () => {
      const res = await fetchRaw(server.url, c.target, c.req ?? {});
      expectOutcome(res, c, `${method} ${c.target}`, method);
    });
  }

  it('checks the If body against AllowOverride (ForceType needs FileInfo): 500', async () => {
    const res = await fetchRaw(authConfigOnly.url, '/override/f.txt');
    assert.equal(res.status, 500);
    assert.match(authConfigOnly.errorLog(), /override\/\.htaccess:2: ForceType not allowed in <If> context/);
  });

  it('logs the broken expression with file:line', async () => {
    await fetchRaw(server.url, '/bad-expr/f.txt');
    assert.match(server.errorLog(), /bad-expr\/\.htaccess:1: Cannot parse condition clause/);
  });

  it('htserve check explains each evaluated condition', async () => {
    const r = await runCli(['check', '/chain/f.txt', root, '--header', 'X-Other: abc']);
    assert.match(r.stdout, /<If "%\{HTTP:X-Test\} == 'yes'"> => false/);
    assert.match(r.stdout, /<ElseIf "req\('X-Other'\) =~ \/\^a\/"> => true/);
    assert.doesNotMatch(r.stdout, /<Else> => applied/);
  });

  it('htserve lint looks into If bodies', async () => {
    const r = await runCli(['lint', root]);
    assert.match(r.stdout, /files-in-if\/\.htaccess:2: warning: <Files f\.txt> inside <If> has no effect/);
    assert.match(r.stdout, /bad-expr\/\.htaccess:1: error: Cannot parse condition clause/);
    assert.match(r.stdout, /else-across\/sub\/\.htaccess:1: error: <Else> or <ElseIf> section without previous <If>/);
  });
});
