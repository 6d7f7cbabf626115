// The command line and server.ini, as a user meets them: --help, --version, configuration
// errors that point at file:line with exit code 2, clean shutdown on signals, and --set
// changing what the running server does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw } from '../helpers/http.js';
import { runCli, startCli } from '../helpers/cli.js';
import { expectFile } from '../helpers/expect.js';
import { packageVersion, REPO_ROOT } from '../helpers/repo.js';

/** Every server.ini key the foundation defines (the README and --help must list them all). */
const SERVER_INI_KEYS = [
  'server.host',
  'server.port',
  'server.root',
  'server.server_root',
  'server.user',
  'server.group',
  'server.headers_timeout_ms',
  'server.request_timeout_ms',
  'server.keep_alive_timeout_ms',
  'server.max_header_bytes',
  'server.max_url_length',
  'server.max_connections',
  'server.max_connections_per_ip',
  'access.access_file',
  'access.allow_override',
  'access.options',
  'access.directory_index',
  'access.forbidden_on_failure',
  'access.access_file_cache',
  'access.auth_cache',
  'auth.hash_workers',
  'auth.hash_queue',
  'auth.max_password_bytes',
  'mime.types_file',
  'mime.default_charset',
  'log.access',
  'log.error',
  'log.level',
];

/** `section.key` for every key written in the shipped conf/server.ini. */
function keysOfShippedConfig(): string[] {
  const keys: string[] = [];
  let section = '';
  for (const raw of readFileSync(path.join(REPO_ROOT, 'conf/server.ini'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!.trim();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) keys.push(`${section}.${line.slice(0, eq).trim()}`);
  }
  return keys;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Always bind an ephemeral port, so a configuration that wrongly starts never takes 8080.
const SAFE = ['--host', '127.0.0.1', '--port', '0'];

describe('htserve --help and --version', () => {
  it('--help lists every server.ini key and exits 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage:/);
    const shipped = keysOfShippedConfig();
    assert.ok(shipped.length > 10, `conf/server.ini lists keys (${shipped.length})`);
    for (const key of new Set([...SERVER_INI_KEYS, ...shipped])) {
      assert.match(r.stdout, new RegExp(`(^|\\s)${escapeRegExp(key)}\\s`, 'm'), `--help mentions ${key}`);
    }
    assert.equal(r.stderr, '');
  });

  it('-h is the same as --help', async () => {
    const r = await runCli(['-h']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /server\.port/);
  });

  it('--version prints the package version and exits 0', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `htserve ${packageVersion()}`);
    assert.equal(r.stderr, '');
  });
});

describe('configuration errors exit with code 2 and say where', () => {
  let dir: string;
  before(async () => {
    dir = await makeTree({ 'www/index.html': 'hello\n', 'not-a-dir.txt': 'x' });
  });
  after(async () => {
    await removeTree(dir);
  });

  // [name, server.ini text, line the message must point at (or lines, either accepted), words the message must contain]
  const fileCases: Array<{ name: string; ini: string; lines: number[]; mentions: RegExp }> = [
    {
      name: 'an unknown key in [server]',
      ini: '; test config\n[server]\nhost = 127.0.0.1\n\nbogus_key = 1\n',
      lines: [5],
      mentions: /bogus_key/,
    },
    {
      name: 'a non-numeric port',
      ini: '[server]\nhost = 127.0.0.1\nport = abc\n',
      lines: [3],
      mentions: /port/,
    },
    {
      name: 'a port out of range',
      ini: '[server]\n\n\nport = 70000\n',
      lines: [4],
      mentions: /port/,
    },
    {
      name: 'an illegal Options word in [access]',
      ini: '[server]\nport = 0\n[access]\noptions = Indexes Bogus\n',
      lines: [4],
      mentions: /options|Bogus/,
    },
    {
      name: 'an unknown section with a key',
      ini: '[server]\nport = 0\n\n[acess]\ndirectory_index = home.html\n',
      lines: [4, 5],
      mentions: /acess/,
    },
    {
      name: 'an empty unknown section',
      ini: '[server]\nport = 0\n[nonsense]\n',
      lines: [3],
      mentions: /nonsense/,
    },
  ];

  for (const c of fileCases) {
    it(`rejects ${c.name} with exit code 2 and <file>:<line>`, async () => {
      const ini = path.join(dir, `${c.name.replace(/\W+/g, '-')}.ini`);
      writeFileSync(ini, c.ini);
      const r = await runCli([path.join(dir, 'www'), '--config', ini, ...SAFE], { timeoutMs: 5000 });
      assert.equal(r.timedOut, false, `the server should not have started: ${r.stdout}`);
      assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
      const m = new RegExp(`${escapeRegExp(ini)}:(\\d+):`).exec(r.stderr);
      assert.ok(m, `stderr names ${ini}:<line>: ${r.stderr}`);
      assert.ok(c.lines.includes(Number(m[1])), `line ${m[1]} should be one of ${c.lines.join(', ')}: ${r.stderr}`);
      assert.match(r.stderr, c.mentions);
      assert.doesNotMatch(r.stdout, /listening/);
    });
  }

  const argCases: Array<{ name: string; args: () => string[]; mentions: RegExp }> = [
    {
      name: '--set server.port=abc',
      args: () => [path.join(dir, 'www'), '--host', '127.0.0.1', '--set', 'server.port=abc'],
      mentions: /server\.port/,
    },
    {
      name: '--set with an unknown key',
      args: () => [path.join(dir, 'www'), ...SAFE, '--set', 'server.nope=1'],
      mentions: /server\.nope/,
    },
    {
      name: '--set with an unknown section',
      args: () => [path.join(dir, 'www'), ...SAFE, '--set', 'bogus.port=1'],
      mentions: /bogus/,
    },
    {
      name: '--set without a value',
      args: () => [path.join(dir, 'www'), ...SAFE, '--set', 'server.port'],
      mentions: /server\.port/,
    },
    { name: 'a missing document root', args: () => [path.join(dir, 'no-such-dir'), ...SAFE], mentions: /no-such-dir/ },
    {
      name: 'a document root that is a file',
      args: () => [path.join(dir, 'not-a-dir.txt'), ...SAFE],
      mentions: /not-a-dir\.txt/,
    },
    {
      name: 'a missing --config file',
      args: () => [path.join(dir, 'www'), '--config', path.join(dir, 'missing.ini'), ...SAFE],
      mentions: /missing\.ini/,
    },
    {
      name: 'an unknown option',
      args: () => [path.join(dir, 'www'), ...SAFE, '--bogus-flag'],
      mentions: /--bogus-flag/,
    },
  ];

  for (const c of argCases) {
    it(`rejects ${c.name} with exit code 2`, async () => {
      const r = await runCli(c.args(), { timeoutMs: 5000 });
      assert.equal(r.timedOut, false, `the server should not have started: ${r.stdout}`);
      assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
      assert.match(r.stderr, /^htserve: /);
      assert.match(r.stderr, c.mentions);
      assert.doesNotMatch(r.stdout, /listening/);
    });
  }
});

describe('starting and stopping', () => {
  let root: string;
  before(async () => {
    root = await makeTree({ 'index.html': '<p>home</p>\n' });
  });
  after(async () => {
    await removeTree(root);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints the listening line, serves, and exits 0 on ${signal}`, async () => {
      const server = await startServer(root);
      try {
        assert.match(server.output(), /^htserve listening on http:\/\/127\.0\.0\.1:(\d+)\n/m);
        assert.ok(server.port > 0, 'a real port was chosen');
        const res = await fetchRaw(server.url, '/');
        expectFile(res, '<p>home</p>\n', 'text/html');
      } finally {
        const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
        server.child.kill(signal);
        assert.equal(await exited, 0, `exit code after ${signal} (stderr: ${server.errorLog()})`);
      }
    });
  }
});

describe('a server.ini file and --set change what is served', () => {
  let dir: string;
  let fromSet: TestServer;
  let fromFile: TestServer;
  before(async () => {
    dir = await makeTree({
      'site/index.html': 'index page\n',
      'site/home.html': 'home page\n',
      'conf/server.ini': '[server]\nroot = ../site\n\n[access]\ndirectory_index = home.html\n',
    });
    fromSet = await startServer(path.join(dir, 'site'), { set: ['access.directory_index=home.html'] });
    // no ROOT argument: the file's relative `root` is resolved against the file's folder
    fromFile = await startServer(path.join(dir, 'site'), { config: path.join(dir, 'conf/server.ini') });
  });
  after(async () => {
    await fromSet?.stop();
    await fromFile?.stop();
    await removeTree(dir);
  });

  it('--set access.directory_index=home.html serves home.html for /', async () => {
    expectFile(await fetchRaw(fromSet.url, '/'), 'home page\n', 'text/html');
  });

  it('index.html is then an ordinary file', async () => {
    expectFile(await fetchRaw(fromSet.url, '/index.html'), 'index page\n', 'text/html');
  });

  it('directory_index in a --config file has the same effect', async () => {
    expectFile(await fetchRaw(fromFile.url, '/'), 'home page\n', 'text/html');
  });
});

describe('a config file whose root is relative to its own folder', () => {
  let dir: string;
  before(async () => {
    dir = await makeTree({
      'site/index.html': 'from the config root\n',
      'conf/server.ini': '[server]\nroot = ../site\n',
    });
  });
  after(async () => {
    await removeTree(dir);
  });

  it('serves server.root resolved against the config file, not the working directory', async () => {
    // no ROOT argument at all, and a working directory where ../site does not exist
    const server = await startCli(['--config', path.join(dir, 'conf/server.ini'), ...SAFE], { cwd: '/' });
    try {
      expectFile(await fetchRaw(server.url, '/'), 'from the config root\n', 'text/html');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
