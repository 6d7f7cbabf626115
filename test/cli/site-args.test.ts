// Which word names the site and which are URLs, for `check`, `lint` and the server itself:
// `--root DIR`, a relative ROOT, an absolute ROOT, and every usage error (exit 2, on stderr).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { runCli, startCli } from '../helpers/cli.js';
import { fetchRaw } from '../helpers/http.js';
import { expectFile } from '../helpers/expect.js';

let tree: string;
let site: string;
let other: string;

before(async () => {
  tree = await makeTree({
    'site/index.html': '<p>home</p>\n',
    'site/private/.htaccess': 'Require all denied\n',
    'site/private/a.txt': 'secret\n',
    'site/bad/.htaccess': 'Bogus on\n',
    'other/x.txt': 'x\n',
    'rules.test': '/ => 200\n/private/a.txt => 403\n/missing => 404\n/index.html --method OPTIONS => 200\n',
  });
  site = path.join(tree, 'site');
  other = path.join(tree, 'other');
  // a site path that is also an absolute directory on this machine (the temp tree itself)
  await fs.mkdir(path.join(site, tree), { recursive: true });
  await fs.writeFile(path.join(site, tree, 'index.html'), 'mirrored\n');
});
after(async () => {
  await removeTree(tree);
});

/** `htserve check ...` from inside the temp tree (there is no ./www there). */
const check = (...args: string[]) => runCli(['check', ...args], { cwd: tree });
const lint = (...args: string[]) => runCli(['lint', ...args], { cwd: tree });

function assertUsage(r: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, message);
  assert.equal(r.stdout, '');
}

describe('htserve check: naming the site', () => {
  const allPass = /^ok {3}rules\.test:1: GET \/ => 200$[\s\S]*^4 passed, 0 failed$/m;

  it('--cases FILE with a relative ROOT', async () => {
    const r = await check('--cases', 'rules.test', 'site');
    assert.match(r.stdout, allPass, r.stdout + r.stderr);
    assert.equal(r.code, 0);
  });

  it('--cases FILE with an absolute ROOT (not mistaken for a URL)', async () => {
    const r = await check('--cases', 'rules.test', site);
    assert.match(r.stdout, allPass, r.stdout + r.stderr);
    assert.equal(r.code, 0);
  });

  it('--cases FILE with --root DIR', async () => {
    const r = await check('--root', site, '--cases', 'rules.test');
    assert.match(r.stdout, allPass, r.stdout + r.stderr);
    assert.equal(r.code, 0);
  });

  it('--cases FILE with a ROOT that does not exist is a usage error naming it', async () => {
    const r = await check('--cases', 'rules.test', 'www');
    assertUsage(r, /^htserve: 'www' is neither a URL \(URLs start with \/.*\) nor an existing directory$/m);
  });

  it('--cases FILE refuses URL words (they come from the file)', async () => {
    const r = await check('--cases', 'rules.test', 'site', '/index.html');
    assertUsage(r, /'\/index\.html': with --cases the URLs come from the cases file/);
  });

  it('a cases line naming a ROOT is an error with file:line', async () => {
    await fs.writeFile(path.join(tree, 'bad.test'), '/ => 200\n/ site => 200\n');
    const r = await check('--cases', 'bad.test', 'site');
    assertUsage(r, /^htserve: bad\.test:2: 'site' is not a URL/m);
  });

  for (const [name, args] of [
    ['URL then relative ROOT', ['/index.html', 'site']],
    ['URL then absolute ROOT', ['/index.html', '<site>']],
    ['absolute ROOT then URL', ['<site>', '/index.html']],
    ['URL and --root DIR', ['/index.html', '--root', 'site']],
    ['absolute URL form and ROOT', ['http://localhost/index.html', 'site']],
  ] as const) {
    it(`${name}: 200 from the named site`, async () => {
      const r = await check(...args.map((a) => (a === '<site>' ? site : a)));
      assert.match(r.stdout, /^ {2}200 OK$/m, r.stdout + r.stderr);
      assert.match(r.stdout, /body: file site\/index\.html/);
      assert.equal(r.code, 0, r.stderr);
    });
  }

  it('OPTIONS * is still a URL', async () => {
    const r = await check('*', '--method', 'OPTIONS', 'site');
    assert.match(r.stdout, /^OPTIONS \* from 127\.0\.0\.1$/m, r.stdout + r.stderr);
    assert.match(r.stdout, /^ {2}200 OK$/m);
    assert.equal(r.code, 0);
  });

  it('an absolute directory that is also a path of the configured site is a URL', async () => {
    const r = await check(`${tree}/`, '--set', 'server.root=site');
    assert.match(r.stdout, new RegExp(`^GET ${tree}/ from`, 'm'), r.stdout + r.stderr);
    assert.match(r.stdout, /^ {2}200 OK$/m);
    assert.match(r.stdout, /body: file .*index\.html/);
    assert.equal(r.code, 0);
  });

  it('with --root, an absolute directory on this machine is a URL of the site', async () => {
    const r = await check(other, '--root', 'site');
    assert.match(r.stdout, new RegExp(`^GET ${other} from`, 'm'), r.stdout + r.stderr);
    assert.match(r.stdout, /^ {2}404 Not Found$/m);
    assert.equal(r.code, 1);
  });

  it('an absolute ROOT alone leaves no URL: usage error that suggests --root', async () => {
    const r = await check(site);
    assertUsage(r, /no URL to check\n'.*site' was taken as the ROOT .*--root DIR/);
  });

  it('a word that is neither a URL nor a directory is a usage error naming it', async () => {
    const r = await check('/index.html', 'sitee');
    assertUsage(r, /^htserve: 'sitee' is neither a URL .* nor an existing directory$/m);
  });

  it('two ROOTs are a usage error', async () => {
    assertUsage(await check('/index.html', 'site', 'other'), /only one ROOT may be given \(got site and other\)/);
    assertUsage(await check('/index.html', site, other), /only one ROOT may be given/);
    assertUsage(await check('/index.html', '--root', 'site', '--root', 'other'), /only one ROOT may be given/);
  });

  it('with --root, a relative word is not a URL', async () => {
    const r = await check('/index.html', '--root', 'site', 'other');
    assertUsage(r, /'other' is not a URL .*already given by --root/);
  });

  it('--root naming a missing directory is a start-up error (exit 2)', async () => {
    const r = await check('/index.html', '--root', 'nope');
    assertUsage(r, /document root .*nope: ENOENT/);
  });
});

describe('htserve lint: naming the site', () => {
  const summary = /^2 access file\(s\) read: 1 error\(s\), 0 warning\(s\)$/m;

  for (const [name, args] of [
    ['relative ROOT', ['site']],
    ['absolute ROOT', ['<site>']],
    ['--root DIR', ['--root', 'site']],
    ['--root DIR (absolute)', ['--root', '<site>']],
  ] as const) {
    it(`${name}: lints that tree`, async () => {
      const r = await lint(...args.map((a) => (a === '<site>' ? site : a)));
      assert.match(r.stdout, /bad\/\.htaccess:1: error: Invalid command 'Bogus'/, r.stdout + r.stderr);
      assert.match(r.stdout, summary);
      assert.equal(r.code, 1);
    });
  }

  it('a word that is not an existing directory is a usage error naming it', async () => {
    assertUsage(await lint('nope'), /^htserve: 'nope' is not an existing directory/m);
    assertUsage(await lint('/index.html'), /'\/index\.html' is not an existing directory/);
  });

  it('two ROOTs are a usage error', async () => {
    assertUsage(await lint('site', 'other'), /only one ROOT may be given \(got site and other\)/);
    assertUsage(await lint('--root', 'site', other), /only one ROOT may be given/);
  });

  it('--root naming a missing directory is an error (exit 2)', async () => {
    assertUsage(await lint('--root', 'nope'), /document root .*nope is not a directory/);
  });

  it('with no ROOT and no ./www the default root is reported', async () => {
    assertUsage(await lint(), /document root .*www is not a directory/);
  });
});

describe('htserve (serve): --root DIR', () => {
  it('serves the directory named by --root', async () => {
    const running = await startCli(['--root', site, '--host', '127.0.0.1', '--port', '0'], { cwd: tree });
    try {
      expectFile(await fetchRaw(running.url, '/index.html'), '<p>home</p>\n', 'text/html');
    } finally {
      assert.equal(await running.stop(), 0);
    }
  });

  it('ROOT and --root together are a usage error', async () => {
    const r = await runCli(['site', '--root', 'other', '--port', '0'], { cwd: tree });
    assertUsage(r, /only one ROOT may be given \(got site and other\)/);
  });
});
