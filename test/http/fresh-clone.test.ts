// The README promises that a fresh clone runs with two commands: `npm ci` and `npm start`.
// This clones the committed repository (only what is committed counts), installs, starts it
// on a free port and fetches the sample site's home page. It needs git and the npm registry, so
// it runs only in CI (CI=true) and is skipped, with the reason, everywhere else.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchRaw } from '../helpers/http.js';
import { expectFile } from '../helpers/expect.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { hasBinary } from '../helpers/binaries.js';

interface Run {
  code: number | null;
  out: string;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const NETWORK_ERROR = new RegExp(
  String.raw`\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENOTCACHED)\b` +
    String.raw`|network (request|connectivity|error)|request to https?:\/\/\S+ failed`,
  'i',
);

/** Why the clone cannot run here, or false: it runs only in CI, with git, from a git checkout. */
function skipReason(): string | false {
  const ci = process.env.CI ?? '';
  if (ci === '' || ci === 'false' || ci === '0')
    return 'runs only in CI (CI=true): it clones the repository with git and installs from the npm registry';
  if (!hasBinary('git')) return 'git not installed: the test clones the repository';
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const isCheckout = top.status === 0 && realpathSync(top.stdout.trim()) === realpathSync(REPO_ROOT);
  if (!isCheckout) return `${REPO_ROOT} is not a git checkout: there is nothing to clone`;
  return false;
}
const SKIP = skipReason();
const CLONE = { skip: SKIP, timeout: 10 * 60_000 };

describe('a fresh clone starts with the README commands', () => {
  let dir: string;
  let clone: string;
  let server: ChildProcess | null = null;

  before(async () => {
    if (SKIP) return;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-clone-'));
    // the server drops to nobody when started as root: the clone must be traversable
    await fs.chmod(dir, 0o755);
    clone = path.join(dir, 'htserve');
  });
  after(async () => {
    if (SKIP) return;
    if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      // npm start runs npm -> sh -> node: stop the whole process group we created
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-server!.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('git clone, npm ci, npm start -- --port 0 serve the sample site', CLONE, async (t) => {
    const cloned = await run('git', ['clone', '--quiet', REPO_ROOT, clone], dir, 120_000);
    assert.equal(cloned.code, 0, `git clone failed:\n${cloned.out}`);

    const installed = await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], clone, 5 * 60_000);
    if (installed.code !== 0 && NETWORK_ERROR.test(installed.out)) {
      t.skip(`npm ci could not reach the registry: ${NETWORK_ERROR.exec(installed.out)![0]}`);
      return;
    }
    assert.equal(installed.code, 0, `npm ci failed:\n${installed.out}`);

    server = spawn('npm', ['start', '--', '--port', '0'], {
      cwd: clone,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    server.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    server.stderr!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start did not print the listening line in time:\n${out}`)),
        4 * 60_000,
      );
      const onData = () => {
        const m = /htserve listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      server!.stdout!.on('data', onData);
      server!.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code} before listening:\n${out}`));
      });
    });

    const index = readFileSync(path.join(clone, 'www/index.html'));
    const res = await fetchRaw(url, '/');
    expectFile(res, index, 'text/html');
    assert.match(res.body, /htserve sample site/);
  });
});
