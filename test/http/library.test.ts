// htserve as a library. First the README's "Use it as a library" example, run as is (only its
// port becomes 0) as a process that imports 'htserve'; then createHandler(), decide() and
// loadConfig() in this process, over a node:http server on an ephemeral loopback port.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { fetchRaw } from '../helpers/http.js';
import { expectFile, mediaType } from '../helpers/expect.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { waitForMatch } from '../helpers/wait.js';
import {
  ConfigLoadError,
  createHandler,
  decide,
  loadConfig,
  StartupError,
  type Handler,
  type ServerConfig,
} from '../../src/index.js';

/** A POST on a keep-alive connection (fetchRaw's own connection always closes). */
function keepAlivePost(base: string, target: string, body: string) {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(`${base}${target}`, { method: 'POST', agent }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => {
        agent.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sha = (pw: string) => `{SHA}${createHash('sha1').update(pw).digest('base64')}`;

let tree: string;

before(async () => {
  tree = await makeTree({
    htpasswd: `bob:${sha('secret')}\n`,
    'site/hello.txt': 'hello from htserve\n',
    'site/members/index.html': '<p>members only</p>\n',
    'site/.htaccess': 'RedirectMatch 404 ^/drafts/\nErrorDocument 404 "site 404 page"\n',
    'site/drafts/plan.txt': 'plan\n',
  });
  await fs.writeFile(
    path.join(tree, 'site/members/.htaccess'),
    `AuthType Basic\nAuthName "Members"\nAuthUserFile ${path.join(tree, 'htpasswd')}\nRequire valid-user\n`,
  );
});
after(async () => {
  await removeTree(tree);
});

/** The README's example, verbatim except for the port. */
function readmeExample(): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it as a library'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(m, 'README has a js example under "Use it as a library"');
  const code = m[1]!;
  assert.match(code, /server\.listen\(8080, /);
  return code.replace('server.listen(8080, ', 'server.listen(0, ');
}

describe('the README library example, as a process', () => {
  let child: ChildProcess;
  let out = '';
  let err = '';
  let url: string;

  before(async () => {
    // `import … from 'htserve'` resolves through node_modules/htserve -> this repository (its "exports")
    await fs.mkdir(path.join(tree, 'node_modules'));
    await fs.symlink(REPO_ROOT, path.join(tree, 'node_modules/htserve'));
    await fs.writeFile(path.join(tree, 'example.mjs'), readmeExample());
    child = spawn(process.execPath, ['example.mjs'], { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    const m = await waitForMatch(() => out, /listening on (http:\/\/127\.0\.0\.1:\d+)\//, 15000);
    assert.ok(m, `the example did not start.\nstdout: ${out}\nstderr: ${err}`);
    url = m[1]!;
  });
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('serves a file: 200 with type, length, validators and the bytes', async () => {
    const res = await fetchRaw(url, '/hello.txt');
    expectFile(res, 'hello from htserve\n', 'text/plain');
    assert.match(res.headers.etag ?? '', /^(W\/)?"[^"]+"$/); // weak while the file is brand new, as in Apache
    assert.ok(res.headers['last-modified']);
  });

  it('asks for a password: 401 with WWW-Authenticate', async () => {
    const res = await fetchRaw(url, '/members/');
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Basic realm="Members"');
    assert.equal(mediaType(res), 'text/html');
    assert.match(res.body, /401 Unauthorized/);
    assert.doesNotMatch(res.body, /members only/);
  });

  it('serves the protected page with the right password', async () => {
    expectFile(await fetchRaw(url, '/members/', { auth: 'bob:secret' }), '<p>members only</p>\n', 'text/html');
  });

  it('passes a missing file to next(): the app answers', async () => {
    const res = await fetchRaw(url, '/nope.txt');
    assert.equal(res.status, 404);
    assert.equal(res.headers['content-type'], 'text/plain');
    assert.equal(res.body, 'the app has no /nope.txt\n');
  });

  it('a missing file in a protected folder is a 401, not passed on', async () => {
    const res = await fetchRaw(url, '/members/nope.txt');
    assert.equal(res.status, 401);
    assert.equal(res.headers['www-authenticate'], 'Basic realm="Members"');
  });

  it('printed what decide() said', async () => {
    const m = await waitForMatch(() => out, /^200 (.*)$/m);
    assert.ok(m, `no decide() line in: ${out}\n${err}`);
    assert.match(m[1]!, /^200: /);
    assert.equal(err, '');
  });
});

describe('createHandler() in this process', () => {
  let config: ServerConfig;
  let handler: Handler;
  let strict: Handler;
  let server: http.Server;
  let url: string;
  const passed: string[] = [];

  before(async () => {
    config = loadConfig({ server: { root: 'site' }, log: { access: '' }, cwd: tree });
    handler = createHandler(config);
    strict = createHandler(config, { fallthrough: false });
    await handler.ready;
    server = http.createServer((req, res) => {
      const h = req.headers['x-strict'] ? strict : handler;
      h(req, res, (e?: unknown) => {
        passed.push(`${req.method} ${req.url}`);
        // the app can still read the request body
        let body = '';
        req.setEncoding('utf8').on('data', (c: string) => (body += c));
        req.on('end', () => res.writeHead(e ? 500 : 418, { 'Content-Type': 'text/plain' }).end(`app ${body}\n`));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await handler.close();
    await strict.close();
  });

  it('works without next, like the server (the site ErrorDocument 404 answers)', async () => {
    const s2 = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => s2.listen(0, '127.0.0.1', resolve));
    try {
      const u = `http://127.0.0.1:${(s2.address() as AddressInfo).port}`;
      expectFile(await fetchRaw(u, '/hello.txt'), 'hello from htserve\n', 'text/plain');
      const res = await fetchRaw(u, '/nope.txt');
      assert.equal(res.status, 404);
      assert.equal(res.body, 'site 404 page');
    } finally {
      await new Promise<void>((resolve) => s2.close(() => resolve()));
    }
  });

  it('passes on a missing file and a POST to a file (405), nothing else', async () => {
    passed.length = 0;
    const missing = await fetchRaw(url, '/nope.txt');
    assert.equal(missing.status, 418);
    assert.equal(missing.body, 'app \n');
    const post = await keepAlivePost(url, '/hello.txt', 'x=1');
    assert.equal(post.status, 418);
    assert.equal(post.body, 'app x=1\n');
    assert.notEqual(post.headers.connection, 'close', 'htserve leaves the connection to the app');
    // decided by rules: answered by htserve
    const hidden = await fetchRaw(url, '/drafts/plan.txt');
    assert.equal(hidden.status, 404);
    assert.equal(hidden.body, 'site 404 page');
    assert.equal((await fetchRaw(url, '/members/')).status, 401);
    assert.equal((await fetchRaw(url, '/.htaccess')).status, 403);
    assert.deepEqual(passed, ['GET /nope.txt', 'POST /hello.txt']);
  });

  it('{ fallthrough: false } answers everything, with the site ErrorDocument', async () => {
    passed.length = 0;
    const res = await fetchRaw(url, '/nope.txt', { headers: { 'X-Strict': '1' } });
    assert.equal(res.status, 404);
    assert.equal(res.body, 'site 404 page');
    const post = await fetchRaw(url, '/hello.txt', { method: 'POST', body: 'x', headers: { 'X-Strict': '1' } });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD, OPTIONS');
    assert.deepEqual(passed, []);
  });
});

describe('decide()', () => {
  let config: ServerConfig;
  before(() => {
    config = loadConfig({ server: { root: path.join(tree, 'site') }, log: { access: '' } });
  });

  it('explains a 401, a wrong password and a granted request', async () => {
    const anon = await decide({ url: '/members/' }, config);
    assert.equal(anon.status, 401);
    assert.equal(anon.headers['WWW-Authenticate'], 'Basic realm="Members"');
    assert.match(anon.why, /needs a valid user/);
    assert.deepEqual(
      [anon.decidedBy?.line, path.basename(anon.decidedBy?.file ?? '')],
      [4, '.htaccess'],
      JSON.stringify(anon.decidedBy),
    );
    const wrong = await decide({ url: '/members/', user: 'bob:nope', ip: '127.0.0.1' }, config);
    assert.equal(wrong.status, 401);
    const bob = await decide({ url: '/members/', user: 'bob', password: 'secret' }, config);
    assert.equal(bob.status, 200);
    assert.equal(bob.user, 'bob');
    assert.ok(bob.trace.some((s) => s.stage === 'authn'));
  });

  it('takes options instead of a loaded config, and other methods', async () => {
    const r = await decide(
      { url: '/hello.txt', method: 'post' },
      { server: { root: 'site' }, log: { access: '' }, cwd: tree },
    );
    assert.equal(r.status, 405);
    assert.equal(r.decision.status, 405);
    assert.equal(r.request.method, 'POST');
  });
});

describe('loadConfig() and createHandler() errors name the key', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'an unknown key',
      () => loadConfig({ access: { alow_override: 'All' } as never }),
      /^options\.access\.alow_override: unknown key \(keys of access: access_file, allow_override/,
    ],
    ['an unknown section', () => loadConfig({ acess: {} } as never), /^options\.acess: unknown section/],
    [
      'a bad value',
      () => loadConfig({ server: { port: 70000 } }),
      /^options\.server\.port: must be between 0 and 65535/,
    ],
    [
      'a bad category',
      () => loadConfig({ access: { allow_override: 'Al' } }),
      /^options\.access\.allow_override: unknown override category 'Al'/,
    ],
    ['a wrong type', () => loadConfig({ server: { port: {} as never } }), /^options\.server\.port: expected a string/],
  ];
  for (const [name, fn, message] of cases) {
    it(name, () => {
      assert.throws(fn, (e: unknown) => e instanceof ConfigLoadError && message.test(e.message));
    });
  }

  it('typed values: numbers, booleans and word lists', () => {
    const c = loadConfig({
      server: { root: 'site', port: 0 },
      access: { forbidden_on_failure: false, directory_index: ['index.htm', 'index.html'] },
      log: { access: '' },
      cwd: tree,
    });
    assert.equal(c.server.root, path.join(tree, 'site'));
    assert.equal(c.server.port, 0);
    assert.equal(c.access.forbiddenOnFailure, false);
    assert.deepEqual(c.access.directoryIndex, ['index.htm', 'index.html']);
  });

  it('createHandler throws StartupError for a missing document root', () => {
    assert.throws(
      () => createHandler({ server: { root: path.join(tree, 'nope') }, log: { access: '' } }),
      (e: unknown) => e instanceof StartupError && /document root .*nope: ENOENT/.test(e.message),
    );
  });
});
