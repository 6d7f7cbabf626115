// What the server writes about requests: the access log in Combined Log Format on stdout
// (never credentials), short built-in error pages that reveal nothing about the machine,
// and Decision lines on stderr at log.level=debug.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { basic, fetchRaw } from '../helpers/http.js';
import { expectBuiltinPage, expectFile } from '../helpers/expect.js';
import { waitForMatch } from '../helpers/wait.js';
import { htpasswdLine } from '../helpers/engine.js';

const USER = 'alice';
const PASSWORD = 'S3cret-pw!x9';
const WRONG = 'Wrong-pw!q7';

/** alice's bcrypt line, made by Apache's htpasswd (a committed vector). */
const HTPASSWD = htpasswdLine('B', USER, PASSWORD);

/** Strings that must never appear in any log. */
const SECRETS = [
  PASSWORD,
  WRONG,
  basic(`${USER}:${PASSWORD}`).slice('Basic '.length),
  basic(`${USER}:${WRONG}`).slice('Basic '.length),
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `host ident user [date] "request" status bytes "referer" "user-agent"` for one request line. */
function clfLine(
  request: string,
  status: number,
  opts: { user?: string; bytes?: string; referer?: string; agent?: string } = {},
): RegExp {
  return new RegExp(
    '^127\\.0\\.0\\.1 - ' +
      escapeRegExp(opts.user ?? '-') +
      ' \\[(\\d{2})/([A-Z][a-z]{2})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})\\] ' +
      '"' +
      escapeRegExp(request) +
      '" ' +
      status +
      ' ' +
      (opts.bytes ?? '\\d+') +
      ' "' +
      escapeRegExp(opts.referer ?? '-') +
      '" "' +
      escapeRegExp(opts.agent ?? '-') +
      '"$',
    'm',
  );
}

async function tree(): Promise<{ root: string; conf: string }> {
  const conf = await makeTree({});
  const passwd = path.join(conf, 'htpasswd');
  writeFileSync(passwd, `${HTPASSWD}\n`, { mode: 0o644 });
  const root = await makeTree({
    'ok.txt': 'ok\n',
    'members/.htaccess': `AuthType Basic\nAuthName "Members"\nAuthUserFile ${passwd}\nRequire valid-user\n`,
    'members/secret.txt': 'members only\n',
    'nolist/.htaccess': 'Options -Indexes\n',
  });
  return { root, conf };
}

describe('the access log (Combined Log Format on stdout)', () => {
  let root: string;
  let conf: string;
  let server: TestServer;
  before(async () => {
    ({ root, conf } = await tree());
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(conf);
  });

  it('writes one CLF line per request with client, date, request line, status, bytes, referer and agent', async () => {
    const started = Date.now();
    const res = await fetchRaw(server.url, '/ok.txt?q=clf-1', {
      headers: { Referer: 'http://referrer.test/page', 'User-Agent': 'htserve-test/1.0' },
    });
    expectFile(res, 'ok\n', 'text/plain');
    const m = await waitForMatch(
      server.output,
      clfLine('GET /ok.txt?q=clf-1 HTTP/1.1', 200, {
        bytes: '3',
        referer: 'http://referrer.test/page',
        agent: 'htserve-test/1.0',
      }),
    );
    assert.ok(m, `access log:\n${server.output()}`);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const [, dd, mon, yyyy, hh, mi, ss, zone] = m;
    const sign = zone!.startsWith('-') ? -1 : 1;
    const offsetMin = sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3, 5)));
    const logged =
      Date.UTC(Number(yyyy), months.indexOf(mon!), Number(dd), Number(hh), Number(mi), Number(ss)) - offsetMin * 60_000;
    assert.ok(Math.abs(logged - started) < 60_000, `the logged time ${m[0]} is the request time`);
    assert.equal(
      server
        .output()
        .split('\n')
        .filter((l) => l.includes('clf-1')).length,
      1,
      'exactly one line',
    );
  });

  it('logs errors with their status and the size of the error page', async () => {
    const res = await fetchRaw(server.url, '/missing.txt?q=clf-2');
    expectBuiltinPage(res, 404);
    assert.ok(
      await waitForMatch(
        server.output,
        clfLine('GET /missing.txt?q=clf-2 HTTP/1.1', 404, { bytes: String(res.raw.length) }),
      ),
      server.output(),
    );
  });

  it('logs "-" for the bytes of a HEAD request', async () => {
    const res = await fetchRaw(server.url, '/ok.txt?q=clf-3', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.raw.length, 0);
    assert.ok(
      await waitForMatch(server.output, clfLine('HEAD /ok.txt?q=clf-3 HTTP/1.1', 200, { bytes: '-' })),
      server.output(),
    );
  });

  it('escapes double quotes coming from the client', async () => {
    const res = await fetchRaw(server.url, '/ok.txt?q=clf-4', { headers: { 'User-Agent': 'evil" 200 1 "x' } });
    expectFile(res, 'ok\n', 'text/plain');
    assert.ok(
      await waitForMatch(
        server.output,
        clfLine('GET /ok.txt?q=clf-4 HTTP/1.1', 200, { bytes: '3', agent: 'evil\\" 200 1 \\"x' }),
      ),
      server.output(),
    );
  });

  it('writes no Decision lines at the default log level', () => {
    assert.doesNotMatch(server.errorLog(), /DECISION/i);
  });

  describe('a password-protected URL', () => {
    it('asks anonymous clients for credentials (401) and logs no user', async () => {
      const res = await fetchRaw(server.url, '/members/secret.txt?q=auth-1');
      expectBuiltinPage(res, 401);
      assert.equal(res.headers['www-authenticate'], 'Basic realm="Members"');
      assert.ok(
        await waitForMatch(server.output, clfLine('GET /members/secret.txt?q=auth-1 HTTP/1.1', 401)),
        server.output(),
      );
    });

    it('refuses a wrong password with 401', async () => {
      const res = await fetchRaw(server.url, '/members/secret.txt?q=auth-2', { auth: `${USER}:${WRONG}` });
      expectBuiltinPage(res, 401);
      assert.equal(res.headers['www-authenticate'], 'Basic realm="Members"');
      assert.ok(
        await waitForMatch(server.output, /"GET \/members\/secret\.txt\?q=auth-2 HTTP\/1\.1" 401 /),
        server.output(),
      );
    });

    it('serves the right password and logs the user name', async () => {
      const res = await fetchRaw(server.url, '/members/secret.txt?q=auth-3', { auth: `${USER}:${PASSWORD}` });
      expectFile(res, 'members only\n', 'text/plain');
      assert.ok(
        await waitForMatch(
          server.output,
          clfLine('GET /members/secret.txt?q=auth-3 HTTP/1.1', 200, { user: USER, bytes: '13' }),
        ),
        server.output(),
      );
    });

    it('never writes the Authorization header or a password to either log', async () => {
      await fetchRaw(server.url, '/members/secret.txt?q=auth-4', {
        auth: `${USER}:${PASSWORD}`,
        headers: { Referer: 'http://r.test/' },
      });
      await waitForMatch(server.output, /q=auth-4/);
      for (const secret of SECRETS) {
        assert.ok(!server.output().includes(secret), `the access log must not contain ${secret}`);
        assert.ok(!server.errorLog().includes(secret), `the error log must not contain ${secret}`);
      }
      assert.doesNotMatch(server.output() + server.errorLog(), /Basic [A-Za-z0-9+/=]{8,}/);
    });
  });
});

describe('built-in error pages', () => {
  let root: string;
  let conf: string;
  let server: TestServer;
  before(async () => {
    ({ root, conf } = await tree());
    server = await startServer(root);
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(conf);
  });

  const pages: Array<{ target: string; status: number; method?: string; why: string }> = [
    { target: '/d/../../etc/passwd', status: 400, why: 'a path above the root' },
    { target: '/members/.htaccess', status: 403, why: 'an access file' },
    { target: '/nolist/', status: 403, why: 'a directory whose listing is off' },
    { target: '/%3Cscript%3Ealert(1)%3C/script%3E.txt', status: 404, why: 'a missing file whose name is markup' },
    { target: '/ok.txt', status: 405, method: 'PUT', why: 'a method that is not allowed' },
    { target: '/' + 'x'.repeat(9000), status: 414, why: 'an over-long URL' },
  ];
  for (const p of pages) {
    it(`sends a short HTML page naming no path for ${p.status} (${p.why})`, async () => {
      const res = await fetchRaw(server.url, p.target, {
        method: p.method ?? 'GET',
        ...(p.method === 'PUT' ? { body: 'x' } : {}),
      });
      expectBuiltinPage(res, p.status, p.why);
      for (const secret of [root, conf, path.basename(root), 'htserve-test', 'node:', '<script>', '%3Cscript']) {
        assert.ok(!res.body.includes(secret), `the page must not contain ${JSON.stringify(secret)}:\n${res.body}`);
      }
      assert.doesNotMatch(res.body, /^\s+at .*\(/m, 'no stack trace');
    });
  }

  it('sends a short 401 page without paths for a protected URL', async () => {
    const res = await fetchRaw(server.url, '/members/secret.txt');
    expectBuiltinPage(res, 401);
    assert.ok(!res.body.includes(conf) && !res.body.includes('htpasswd'), res.body);
  });
});

describe('log.level=debug', () => {
  let root: string;
  let conf: string;
  let server: TestServer;
  before(async () => {
    ({ root, conf } = await tree());
    server = await startServer(root, { set: ['log.level=debug'] });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(conf);
  });

  it('prints a Decision line with method, URL and status to stderr', async () => {
    expectFile(await fetchRaw(server.url, '/ok.txt?q=dbg-1'), 'ok\n', 'text/plain');
    assert.ok(
      await waitForMatch(server.errorLog, /^.*\[debug\].*DECISION.*GET \/ok\.txt\?q=dbg-1 -> 200.*$/im),
      server.errorLog(),
    );
    assert.doesNotMatch(server.output(), /DECISION/i, 'Decision lines go to stderr, not to the access log');
  });

  it('explains a refusal in its Decision line', async () => {
    expectBuiltinPage(await fetchRaw(server.url, '/members/.htaccess?q=dbg-2'), 403);
    const m = await waitForMatch(server.errorLog, /^.*DECISION.*GET \/members\/\.htaccess\?q=dbg-2 -> 403(.*)$/im);
    assert.ok(m, server.errorLog());
    assert.match(m[1]!, /\.ht/, 'the reason names the .ht rule');
  });

  it('never prints credentials in debug output', async () => {
    await fetchRaw(server.url, '/members/secret.txt?q=dbg-3', { auth: `${USER}:${PASSWORD}` });
    await fetchRaw(server.url, '/members/secret.txt?q=dbg-4', { auth: `${USER}:${WRONG}` });
    await waitForMatch(server.errorLog, /DECISION.*q=dbg-4/i);
    for (const secret of SECRETS) {
      assert.ok(!server.errorLog().includes(secret), `the debug log must not contain ${secret}`);
      assert.ok(!server.output().includes(secret), `the access log must not contain ${secret}`);
    }
  });
});
