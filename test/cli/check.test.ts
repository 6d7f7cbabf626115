// `htserve check` as a process, on the README's demo site and on temp fixtures.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { runCli } from '../helpers/cli.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const demo = ['--config', 'conf/server.ini'];

describe('htserve check on the demo site (README table)', () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['/'], 200, /^why: 200/m],
    [['/members/'], 401, /needs a valid user.*you sent none/],
    [['/members/', '--user', 'bob:wrong'], 401, /user name or password is wrong/],
    [['/members/', '--user', 'bob:builder'], 200, /bob/],
    [
      ['/members/admins/', '--user', 'bob:builder'],
      403,
      /bob is signed in but Require group admins \(www\/members\/admins\/\.htaccess:3\)/,
    ],
    [['/members/admins/', '--user', 'alice:wonderland'], 200, /alice/],
    [['/office/'], 403, /Require ip 127\.0\.0\.2/],
    [['/office/', '--ip', '127.0.0.2'], 200, /granted/],
    [['/private/'], 403, /Indexes/],
    [['/docs/'], 200, /listing/],
    [['/.htaccess'], 403, /\.ht/],
    [['/drafts/plan.txt'], 404, /www\/\.htaccess:8/],
    [['/old-page.html'], 301, /redirected/],
    [['/nothing-here'], 404, /does not exist/],
    [['/api/report.json'], 401, /the realm "api" needs a Bearer token/],
    [
      ['/api/report.json', '--bearer', 'hts_OTmxATMDHd7kpZGdXlrsIWeziHm6gsDoTmLMtMJLn0k'],
      401,
      /refused the Bearer token \(token "demo-expired" expired/,
    ],
    [['/api/report.json', '--bearer', 'hts_unknown'], 401, /unknown token/],
    [['/rewrite/about'], 200, /internal redirect #1 to \/rewrite\/about\.html/],
    [['/rewrite/old-news'], 301, /redirected by www\/rewrite\/\.htaccess:7/],
    [['/rewrite/app/users/42'], 200, /RewriteCond %\{REQUEST_FILENAME\} !-d => true/],
    [['/rewrite/news', '--header', 'User-Agent: badbot'], 403, /mod_rewrite \(www\/rewrite\/\.htaccess:15\)/],
  ];
  for (const [args, status, why] of cases) {
    it(`${args.join(' ')} -> ${status}`, async () => {
      const r = await runCli(['check', ...args, ...demo], { cwd: REPO });
      assert.match(r.stdout, new RegExp(`^  ${status} `, 'm'), r.stdout + r.stderr);
      assert.match(r.stdout, why);
      assert.equal(r.code, status < 400 ? 0 : 1, r.stderr);
    });
  }

  it('prints the challenge header and the ErrorDocument body source for a 401', async () => {
    const r = await runCli(['check', '/members/', ...demo], { cwd: REPO });
    assert.match(r.stdout, /WWW-Authenticate: Basic realm="Members"/);
    assert.match(r.stdout, /body: ErrorDocument \/errors\/401\.html/);
    assert.match(r.stdout, /\[walk\] read .*www\/members\/\.htaccess/);
  });

  it('prints one JSON object with --json', async () => {
    const r = await runCli(['check', '/members/admins/', '--user', 'bob:builder', '--json', ...demo], { cwd: REPO });
    const j = JSON.parse(r.stdout) as {
      status: number;
      decidedBy: { file: string; line: number };
      trace: unknown[];
      why: string;
    };
    assert.equal(j.status, 403);
    assert.deepEqual([j.decidedBy.file, j.decidedBy.line], ['www/members/admins/.htaccess', 3]);
    assert.ok(j.trace.length > 3);
    assert.equal(r.code, 1);
  });

  it('checks several URLs at once and exits 1 when any is denied', async () => {
    const r = await runCli(['check', '/', '/private/', ...demo], { cwd: REPO });
    assert.match(r.stdout, /GET \/ from/);
    assert.match(r.stdout, /GET \/private\/ from/);
    assert.equal(r.code, 1);
  });

  it('reads a password without echo from stdin when --user has no :PASSWORD', async () => {
    const r = await runCli(['check', '/members/', '--user', 'carol', ...demo], { cwd: REPO, input: 'singer\n' });
    assert.match(r.stdout, /^ {2}200 /m, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /singer/);
  });

  it('exits 2 on usage errors', async () => {
    const r = await runCli(['check'], { cwd: REPO });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: htserve check/);
  });
});

describe('htserve check --cases', () => {
  let dir: string;
  before(async () => {
    dir = await makeTree({});
  });
  after(async () => {
    await removeTree(dir);
  });

  it('names each failing line and exits 1', async () => {
    const file = path.join(dir, 'rules.test');
    await fs.writeFile(
      file,
      [
        "# the site owner's own access tests",
        '/ => 200',
        '/members/ => 401',
        '/members/admins/ --user bob:builder => 403',
        '/office/ --ip 127.0.0.2 => 200',
        '/private/ => 200',
      ].join('\n'),
    );
    const r = await runCli(['check', '--cases', file, ...demo], { cwd: REPO });
    assert.match(r.stdout, /^ok {3}.*rules\.test:2:/m);
    assert.match(r.stdout, /^FAIL .*rules\.test:6: GET \/private\/: expected 200, got 403/m);
    assert.match(r.stdout, /^4 passed, 1 failed$/m);
    assert.equal(r.code, 1);
  });

  it('exits 0 when every line holds', async () => {
    const file = path.join(dir, 'ok.test');
    await fs.writeFile(file, '/ => 200\n/members/ --user "alice:wonderland" => 200\n');
    const r = await runCli(['check', '--cases', file, ...demo], { cwd: REPO });
    assert.match(r.stdout, /^2 passed, 0 failed$/m);
    assert.equal(r.code, 0);
  });
});

describe('htserve check on a broken access file', () => {
  let root: string;
  before(async () => {
    root = await makeTree({ 'sub/.htaccess': 'Require all granted\nBogusDirective on\n', 'sub/a.txt': 'a' });
  });
  after(async () => {
    await removeTree(root);
  });

  it('explains the 500 with file:line', async () => {
    const r = await runCli(['check', '/sub/a.txt', root]);
    assert.match(r.stdout, /^ {2}500 /m);
    assert.match(r.stdout, /sub\/\.htaccess:2/);
    assert.match(r.stdout, /Invalid command 'BogusDirective'/);
    assert.equal(r.code, 1);
  });
});
