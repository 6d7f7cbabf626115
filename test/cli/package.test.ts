// The package as users get it: `npm pack` (of the dist/ this test run just built), then
// `npm install -g --prefix <tmp>` from the tarball, and the installed `htserve` binary: --version,
// serving a site over HTTP, `npx htserve` finding it, and `import 'htserve'` (the library).
// The install needs the registry only for dependency metadata npm has not cached yet: when it
// is unreachable the test is skipped with the reason, never failed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { fetchRaw } from '../helpers/http.js';
import { expectFile } from '../helpers/expect.js';
import { packageVersion, REPO_ROOT } from '../helpers/repo.js';
import { waitForMatch } from '../helpers/wait.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent `npm test` exports its own prefix; the child npm commands choose theirs. */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_config_(prefix|global_prefix|local_prefix|global|location|call|package|yes)$/i.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs to completion; `code` is null when it had to be killed after `timeoutMs`. */
function run(cmd: string, args: string[], cwd: string, env = npmEnv(), timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const NETWORK_ERROR = new RegExp(
  String.raw`\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENOTCACHED)\b` +
    String.raw`|network (request|connectivity|error)|request to https?:\/\/\S+ failed`,
  'i',
);

describe('the packed package, installed with npm install -g', () => {
  let dir: string;
  let site: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-pack-'));
    await fs.chmod(dir, 0o755); // the installed server drops to nobody when started as root
    site = await makeTree({ 'hello.txt': 'hello from the tarball\n', 'private/.htaccess': 'Require all denied\n' });
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await removeTree(site);
  });

  it(
    'packs, installs, prints its version, serves a site, runs with npx and imports',
    { timeout: 120_000 },
    async (t) => {
      assert.ok(existsSync(path.join(REPO_ROOT, 'dist/src/main.js')), 'dist/ is built (npm test builds first)');
      const version = packageVersion();

      // dist/ is already built: pack it as is (prepack would build it again)
      const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO_ROOT);
      assert.equal(packed.code, 0, packed.stderr);
      const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
      const files = info!.files.map((f) => f.path);
      for (const f of ['package.json', 'README.md', 'dist/src/main.js', 'dist/src/index.js', 'dist/src/index.d.ts'])
        assert.ok(files.includes(f), `the tarball has ${f}`);
      const unexpected = files.filter(
        (f) => !/^dist\/src\/.*\.(js|d\.ts)$/.test(f) && !/^(package\.json|README\.md)$/.test(f),
      );
      assert.deepEqual(unexpected, [], 'only dist/src (no tests, maps or sources), package.json and README.md');
      const tarball = path.join(dir, info!.filename);

      const prefix = path.join(dir, 'prefix');
      // a registry that does not answer fails fast instead of retrying for minutes
      const quick = ['--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=2000'];
      const installed = await run(
        'npm',
        ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', ...quick, tarball],
        dir,
        npmEnv(),
        45_000,
      );
      const said = installed.stderr + installed.stdout;
      if (installed.code === null || (installed.code !== 0 && NETWORK_ERROR.test(said))) {
        const reason =
          installed.code === null
            ? 'npm install did not finish within 45 s (registry unreachable?)'
            : `npm install could not reach the registry for dependency metadata: ${NETWORK_ERROR.exec(said)![0]}`;
        t.skip(reason);
        return;
      }
      assert.equal(installed.code, 0, installed.stderr);
      const bin = path.join(prefix, 'bin', 'htserve');

      const v = await run(bin, ['--version'], dir);
      assert.equal(v.stdout, `htserve ${version}\n`, v.stderr);
      assert.equal(v.code, 0);

      // the installed server, on an ephemeral port, stopped by its PID
      const server = spawn(bin, [site, '--port', '0', '--host', '127.0.0.1'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      server.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      server.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      try {
        const m = await waitForMatch(() => out, /htserve listening on (http:\/\/127\.0\.0\.1:\d+)/, 15_000);
        assert.ok(m, `the installed htserve did not start.\nstdout: ${out}\nstderr: ${err}`);
        expectFile(await fetchRaw(m[1]!, '/hello.txt'), 'hello from the tarball\n', 'text/plain');
        const denied = await fetchRaw(m[1]!, '/private/');
        assert.equal(denied.status, 403);
        assert.match(denied.body, /403 Forbidden/);
      } finally {
        if (server.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGTERM');
      }
      assert.equal(await exited, 0, err);

      // `npx htserve` outside any project finds the global install (no download: --offline)
      const cwd = path.join(dir, 'elsewhere');
      await fs.mkdir(cwd);
      const npx = await run(
        'npm',
        ['exec', '--offline', '--', 'htserve', '--version'],
        cwd,
        npmEnv({ npm_config_prefix: prefix }),
      );
      assert.equal(npx.stdout, `htserve ${version}\n`, npx.stderr);
      assert.equal(npx.code, 0);

      // the library entry point: `import 'htserve'` gives the API and does not start the CLI
      await fs.mkdir(path.join(cwd, 'node_modules'));
      await fs.symlink(path.join(prefix, 'lib', 'node_modules', 'htserve'), path.join(cwd, 'node_modules', 'htserve'));
      const lib = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const m = await import('htserve'); console.log(Object.keys(m).sort().join(' '));",
        ],
        cwd,
      );
      assert.equal(lib.code, 0, lib.stderr);
      assert.match(lib.stdout, /\bcreateHandler\b.*\bdecide\b.*\bloadConfig\b/);
      assert.doesNotMatch(lib.stdout, /listening/);
      assert.ok(existsSync(path.join(prefix, 'lib', 'node_modules', 'htserve', 'dist', 'src', 'index.d.ts')));
    },
  );
});
