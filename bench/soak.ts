// npm run soak [-- --seconds N] [--clients N]: htserve (the CLI, on a loopback port) under
// concurrent clients for N seconds (default 30) over public, protected, missing and deliberately
// broken paths while the site is edited live (bench/soak-site.ts). Prints the figures and exits 1
// on a violation: the server died; a 5xx other than the broken folder's 500 (the hash queue's 503s
// are counted apart and allowed); a grant to bob on a request sent more than cache.revalidate_ms
// after his access was revoked; a body that is not exactly one version of a file replaced by
// rename; descriptors or resident memory not back to the baseline after the load.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { checkVersionBody, makeSoakSite, type SoakSite } from './soak-site.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../src/main.js');
const REVALIDATE_MS = 1000; // cache.revalidate_ms default: the documented window for an edit to apply
const MiB = 1024 * 1024;

function args(argv: string[]): { seconds: number; clients: number } {
  const out = { seconds: 30, clients: 16 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    if ((flag === '--seconds' || flag === '--clients') && Number.isInteger(value) && value > 0) {
      out[flag === '--seconds' ? 'seconds' : 'clients'] = value;
      i++;
    } else {
      process.stderr.write('usage: npm run soak -- [--seconds N] [--clients N]\n');
      process.exit(2);
    }
  }
  return out;
}

const fds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;
/** What each descriptor is (socket, pipe, anon_inode:[eventfd], a path), counted, for a violation's message. */
function fdKinds(pid: number): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '?';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`).replace(/:\[\d+\]$/, '');
    } catch {
      continue; // closed meanwhile
    }
    kinds.set(target, (kinds.get(target) ?? 0) + 1);
  }
  return kinds;
}
function fdDiff(before: Map<string, number>, after: Map<string, number>): string {
  return [...after]
    .filter(([k, n]) => n > (before.get(k) ?? 0))
    .map(([k, n]) => `${k} +${n - (before.get(k) ?? 0)}`)
    .join(', ');
}
const rss = (pid: number): number =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

interface Answer {
  status: number;
  body: string;
}

function get(agent: http.Agent, port: number, path: string, auth?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = auth ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {};
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function main(): Promise<number> {
  const opts = args(process.argv.slice(2));
  const site: SoakSite = await makeSoakSite();
  const child = spawn(
    process.execPath,
    [MAIN, site.root, '--host', '127.0.0.1', '--port', '0', '--set', 'log.access='],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errorLog = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (errorLog += c));
  let exited: number | null = null;
  child.once('exit', (code, signal) => (exited = code ?? (signal ? 128 : 1)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`htserve exited before listening:\n${errorLog}`)));
  });
  const pid = child.pid!;
  const violations: string[] = [];
  const statuses = new Map<string, number>();
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  // Answers outside these are printed (with what the error log says) but are not soak violations.
  const EXPECTED: Record<string, number[]> = {
    '/pub/v.txt': [200],
    '/pub/edit.txt': [200, 404],
    // 429 once bob's revoked password has failed auth.max_failures times (attempt limits).
    '/prot/f.txt': [200, 401, 403, 429],
    '/missing-N': [404],
    '/broken/f.txt': [200, 500],
  };
  const unexpected = new Set<string>();
  let requests = 0;
  let errors = 0;
  let hashQueue503 = 0;
  let broken500 = 0;

  // Warm up every path once, then the baseline.
  const warm = new http.Agent({ keepAlive: false });
  for (const p of ['/pub/v.txt', '/pub/edit.txt', '/prot/f.txt', '/broken/f.txt', '/missing-0'])
    await get(warm, port, p, 'bob:bobpw');
  // Hash workers start on first use, each with its own event loop (descriptors): start them all now.
  await Promise.all(Array.from({ length: 16 }, (_, i) => get(warm, port, '/prot/f.txt', `bob:warm-${i}`)));
  await sleep(500);
  const before = { fds: fds(pid), rss: rss(pid) };
  const kindsBefore = fdKinds(pid);

  // Bob's access: the moment of the last revocation (null while he is allowed).
  let revokedAt: number | null = null;
  let revokedBy = '';
  let maxStaleness = 0;
  let maxStalenessSeen = 0;
  const deadline = Date.now() + opts.seconds * 1000;

  const editor = (async () => {
    let tick = 0;
    while (Date.now() < deadline && exited === null) {
      tick++;
      site.nextVersion();
      if (tick % 3 === 0) site.toggleEdited();
      if (tick % 7 === 0) site.toggleBroken();
      // Every 3 s: revoke bob, then restore him 2 s later (past the window, so the revocation is tested).
      if (tick % 30 === 0) {
        revokedBy = await site.setBobAllowed(false);
        revokedAt = Date.now();
      } else if (tick % 30 === 20) {
        await site.setBobAllowed(true);
        revokedAt = null;
      }
      await sleep(100);
    }
  })();

  const client = async (n: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; Date.now() < deadline && exited === null; i++) {
      const kind = (n + i) % 6;
      const path = ['/pub/v.txt', '/pub/v.txt', '/pub/edit.txt', '/prot/f.txt', `/missing-${i % 50}`, '/broken/f.txt'][
        kind
      ]!;
      const auth = kind === 3 ? (i % 4 === 0 ? 'bob:wrong' : 'bob:bobpw') : undefined;
      const revokedWhenSent = revokedAt;
      const sentAt = Date.now();
      let a: Answer;
      try {
        a = await get(agent, port, path, auth);
      } catch (e) {
        errors++;
        if (exited === null) violations.push(`${path}: ${(e as Error).message}`);
        continue;
      }
      requests++;
      const family = path.startsWith('/missing') ? '/missing-N' : path;
      if (!(EXPECTED[family] ?? []).includes(a.status) && a.status !== 503) unexpected.add(`${path} ${a.status}`);
      count(`${family} ${auth === 'bob:wrong' ? '(wrong password) ' : auth ? '(bob) ' : ''}${a.status}`);
      if (a.status === 503) hashQueue503++;
      else if (a.status === 500 && path.startsWith('/broken/')) broken500++;
      else if (a.status >= 500) violations.push(`${path}: ${a.status}`);
      // The public file always exists (it is replaced by rename, atomically): anything but 200 is wrong.
      if (path === '/pub/v.txt' && a.status !== 200) violations.push(`/pub/v.txt: ${a.status}`);
      if (path === '/pub/v.txt' && a.status === 200) {
        const wrong = checkVersionBody(a.body);
        if (wrong) violations.push(`/pub/v.txt: ${wrong}`);
      }
      if (kind === 3 && auth === 'bob:bobpw' && a.status === 200 && revokedWhenSent !== null) {
        const staleness = sentAt - revokedWhenSent;
        maxStaleness = Math.max(maxStaleness, staleness);
        maxStalenessSeen = Math.max(maxStalenessSeen, Date.now() - revokedWhenSent);
        if (staleness > REVALIDATE_MS)
          violations.push(`bob granted ${staleness} ms after his ${revokedBy} entry was revoked`);
      }
    }
    agent.destroy();
  };

  await Promise.all([editor, ...Array.from({ length: opts.clients }, (_, n) => client(n))]);
  const crashed = exited !== null;
  if (crashed) violations.push(`htserve exited with ${exited}:\n${errorLog.slice(-2000)}`);

  // After the load: descriptors and memory back to the baseline (within slack).
  let after = { fds: 0, rss: 0 };
  if (!crashed) {
    const settle = Date.now() + 15000;
    do {
      await sleep(250);
      after = { fds: fds(pid), rss: rss(pid) };
    } while (after.fds > before.fds && Date.now() < settle);
    if (after.fds > before.fds)
      violations.push(`descriptors: ${before.fds} before, ${after.fds} after (${fdDiff(kindsBefore, fdKinds(pid))})`);
    const rssSlack = Math.max(64 * MiB, before.rss);
    if (after.rss > before.rss + rssSlack)
      violations.push(
        `resident memory: ${(before.rss / MiB).toFixed(1)} MiB before, ${(after.rss / MiB).toFixed(1)} after`,
      );
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  site.remove();

  const lines = [
    `soak: ${opts.seconds} s, ${opts.clients} clients, ${requests} requests (${(requests / opts.seconds).toFixed(0)}/s), ` +
      `${errors} connection errors`,
    ...[...statuses.entries()].sort().map(([k, v]) => `  ${k}: ${v}`),
    `expected 5xx: ${broken500} x 500 from the deliberately broken .htaccess, ${hashQueue503} x 503 from the hash queue`,
    `max staleness of a grant after a revocation: ${maxStaleness} ms from the edit to the request ` +
      `(${maxStalenessSeen} ms to the answer); window cache.revalidate_ms = ${REVALIDATE_MS} ms`,
    `descriptors: ${before.fds} before, ${after.fds} after; resident memory: ${(before.rss / MiB).toFixed(1)} MiB before, ` +
      `${(after.rss / MiB).toFixed(1)} MiB after`,
    ...[...unexpected].map(
      (u) =>
        `unexpected answer (not a violation): ${u}; error log: ` +
        (errorLog
          .split('\n')
          .filter((l) => l.includes(u.split(' ')[0]!))
          .slice(-2)
          .join(' | ') || '(nothing)'),
    ),
    violations.length === 0 ? 'soak: no violation' : `soak: ${violations.length} violation(s):`,
    ...violations.slice(0, 20).map((v) => `  ${v}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`soak: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
