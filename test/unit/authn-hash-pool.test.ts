// The password-hashing worker pool (issue 9): checks run in worker threads while the event loop
// keeps going, the queue is bounded (busy, never a guess), identical concurrent checks share one
// job, a lost worker fails its checks as errors and is replaced, idle workers never keep a
// process alive. Real bcrypt (cost 10) hashes, made with htserve's own hashing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashPassword } from '../../src/authn/hash-formats.js';
import { HashPool, type HashVerdict } from '../../src/authn/hash-pool.js';
import { PasswordChecker } from '../../src/authn/password-check.js';

const CRASHING_WORKER = new URL('../helpers/crashing-hash-worker.js', import.meta.url);
const POOL_MODULE = new URL('../../src/authn/hash-pool.js', import.meta.url);

// One cost-10 hash for the whole file (about a quarter of a second to make).
const BCRYPT10 = hashPassword('right', 'bcrypt', { cost: 10 });
const BCRYPT4 = hashPassword('right', 'bcrypt', { cost: 4 });

function pool(t: { after(fn: () => Promise<void>): void }, options: ConstructorParameters<typeof HashPool>[0]) {
  const p = new HashPool(options);
  t.after(() => p.close());
  return p;
}

const kinds = (verdicts: HashVerdict[]): string[] => verdicts.map((v) => v.kind);

test('20 bcrypt cost-10 checks run in workers while the event loop keeps ticking', async (t) => {
  const hash = await BCRYPT10;
  const p = pool(t, { workers: 2 });
  let ticks = 0;
  let done = false;
  const timer = setInterval(() => {
    if (!done) ticks++;
  }, 5);
  t.after(() => clearInterval(timer));

  const wrong = Array.from({ length: 20 }, (_, i) => p.verify(`wrong-${i}`, hash));
  const right = p.verify('right', hash);
  assert.equal(p.stats().running, 2, 'two workers started on first use');
  assert.equal(p.stats().queued, 19);
  const ticksAtStart = ticks;
  const verdicts = await Promise.all(wrong);
  const last = await right;
  done = true;

  assert.deepEqual(new Set(kinds(verdicts)), new Set(['mismatch']));
  assert.deepEqual(last, { kind: 'match' });
  assert.ok(ticks > ticksAtStart, `the event loop ticked while the checks ran (${ticks} ticks)`);
  const stats = p.stats();
  assert.equal(stats.jobsStarted, 21, 'every check was a worker job');
  assert.equal(stats.workers, 2);
  assert.equal(stats.running + stats.queued, 0);
});

test('a full queue answers busy at once, with Retry-After seconds and one report per burst', async (t) => {
  const hash = await BCRYPT10;
  const p = pool(t, { workers: 1, maxQueue: 1 });
  const pending = Array.from({ length: 5 }, (_, i) => p.verify(`wrong-${i}`, hash));
  assert.deepEqual(p.stats().running, 1);
  assert.deepEqual(p.stats().queued, 1);
  const verdicts = await Promise.all(pending);

  assert.deepEqual(kinds(verdicts), ['mismatch', 'mismatch', 'busy', 'busy', 'busy']);
  const busy = verdicts.filter((v) => v.kind === 'busy');
  for (const v of busy) {
    assert.ok(v.retryAfterSeconds >= 1 && v.retryAfterSeconds <= 5, `Retry-After ${v.retryAfterSeconds}`);
    assert.ok(Number.isInteger(v.retryAfterSeconds));
  }
  assert.deepEqual(busy[0]!.report, { refused: 1, workers: 1, maxQueue: 1 }, 'the first refusal is reported');
  assert.equal(busy[1]!.report, undefined, 'later refusals of the burst are not');
  assert.equal(busy[2]!.report, undefined);
  assert.equal(p.stats().refusedBusy, 3);
  assert.equal(p.stats().jobsStarted, 2, 'refused checks never reached a worker');

  // Room again once the queue drained; a report after the interval sums up what was not logged.
  assert.deepEqual(await p.verify('right', hash), { kind: 'match' });
});

test('busy reports: the next report after the interval counts the refusals in between', async (t) => {
  const hash = await BCRYPT4;
  const p = pool(t, { workers: 1, maxQueue: 0, busyReportIntervalMs: 50 });
  const first = p.verify('a', hash);
  const r1 = await p.verify('b', hash);
  const r2 = await p.verify('c', hash);
  await first;
  await new Promise((r) => setTimeout(r, 60));
  const hold = p.verify('d', hash);
  const r3 = await p.verify('e', hash);
  await hold;
  assert.deepEqual(kinds([r1, r2, r3]), ['busy', 'busy', 'busy']);
  assert.equal(r1.kind === 'busy' && r1.report?.refused, 1);
  assert.equal(r2.kind === 'busy' && r2.report, undefined);
  assert.equal(r3.kind === 'busy' && r3.report?.refused, 2, 'r2 (not logged) and r3');
});

test('identical concurrent checks share one job; different ones do not', async (t) => {
  const hash = await BCRYPT4;
  const other = await hashPassword('right', 'bcrypt', { cost: 4 }); // same password, other salt
  const p = pool(t, { workers: 1, maxQueue: 0 });
  const same = Array.from({ length: 10 }, () => p.verify('guess', hash));
  const rights = Array.from({ length: 5 }, () => p.verify('right', hash));
  // The queue holds nothing (maxQueue 0), yet joining a job in flight is never refused.
  assert.deepEqual(kinds(await Promise.all(same)), Array(10).fill('mismatch'));
  assert.deepEqual(kinds(await Promise.all(rights)), Array(5).fill('busy'), 'a different password is its own job');
  let stats = p.stats();
  assert.equal(stats.jobsStarted, 1);
  assert.equal(stats.collapsed, 9);

  // Collapsing lasts as long as the job: the same check later is a new job.
  assert.deepEqual(await p.verify('guess', hash), { kind: 'mismatch' });
  assert.deepEqual(await p.verify('right', other), { kind: 'match' });
  stats = p.stats();
  assert.equal(stats.jobsStarted, 3);
  assert.equal(stats.collapsed, 9);
});

test('a worker that throws fails its checks (and their joiners) as errors; the pool recovers', async (t) => {
  const hash = await BCRYPT4;
  const p = pool(t, { workers: 1, workerUrl: CRASHING_WORKER });
  const crash = [p.verify('crash:throw', hash), p.verify('crash:throw', hash)];
  const queued = p.verify('right', hash);
  const verdicts = await Promise.all(crash);
  for (const v of verdicts) {
    assert.equal(v.kind, 'error', 'never a match');
    assert.match(v.kind === 'error' ? v.message : '', /hash worker (failed|exited)/);
    assert.ok(v.kind === 'error' && !v.message.includes('crash:throw'), 'the password is not in the message');
  }
  assert.deepEqual(await queued, { kind: 'match' }, 'the waiting check ran on a replacement worker');
  assert.deepEqual(await p.verify('wrong', hash), { kind: 'mismatch' });
  const stats = p.stats();
  assert.equal(stats.workerFailures, 1);
  assert.equal(stats.workers, 1);
});

test('a worker that exits, hangs or answers the wrong job is replaced; its check is an error', async (t) => {
  const hash = await BCRYPT4;
  const p = pool(t, { workers: 2, jobTimeoutMs: 2000, workerUrl: CRASHING_WORKER });
  const [exited, hung, wrongId, fine] = await Promise.all([
    p.verify('crash:exit', hash),
    p.verify('crash:hang', hash),
    p.verify('crash:wrong-id', hash),
    p.verify('right', hash),
  ]);
  assert.equal(exited.kind, 'error');
  assert.match(exited.kind === 'error' ? exited.message : '', /exited with code 7/);
  assert.equal(hung.kind, 'error');
  assert.match(hung.kind === 'error' ? hung.message : '', /longer than 2000 ms/);
  assert.equal(wrongId.kind, 'error', 'an answer to another job is never taken as a match');
  assert.deepEqual(fine, { kind: 'match' });
  assert.equal(p.stats().workerFailures, 3);
  assert.deepEqual(await p.verify('right', hash), { kind: 'match' });
});

test('a missing worker file: checks fail as errors, never as matches', async (t) => {
  const hash = await BCRYPT4;
  const p = pool(t, { workers: 1, workerUrl: new URL('./no-such-worker.js', import.meta.url) });
  const v = await p.verify('right', hash);
  assert.equal(v.kind, 'error');
});

test('close(): waiting checks and later ones fail as errors', async (t) => {
  const hash = await BCRYPT10;
  const p = pool(t, { workers: 1 });
  const running = p.verify('a', hash);
  const waiting = p.verify('b', hash);
  await p.close();
  assert.equal((await running).kind, 'error');
  assert.equal((await waiting).kind, 'error');
  assert.equal((await p.verify('right', hash)).kind, 'error');
  assert.equal(p.stats().workers, 0);
});

test('idle workers never keep the process alive; a running check is still answered', async (t) => {
  const hash = await BCRYPT4;
  const dir = await mkdtemp(join(tmpdir(), 'htserve-pool-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const script = join(dir, 'exit.mjs');
  // Nothing but the pool: the process must stay for the answer, then exit on its own.
  await writeFile(
    script,
    `import { HashPool } from ${JSON.stringify(POOL_MODULE.href)};\n` +
      `const pool = new HashPool({ workers: 2 });\n` +
      `pool.verify('right', ${JSON.stringify(hash)}).then((v) => console.log(v.kind, pool.stats().workers));\n`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 20_000 });
  assert.equal(stdout.trim(), 'match 1');
});

test('a password over the limit, or an overlong user name, is refused without a job', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-pool-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const users = join(dir, 'users');
  await writeFile(users, `bob:${await BCRYPT10}\n`);
  const p = pool(t, { workers: 1 });
  const checker = new PasswordChecker({ hashPool: p, maxPasswordBytes: 1024 });

  const long = 'x'.repeat(2048);
  assert.deepEqual(await checker.checkPassword(users, 'bob', long), { kind: 'mismatch', refused: 'password-too-long' });
  assert.deepEqual(await checker.checkPassword(users, 'eve', long), {
    kind: 'user-not-found',
    refused: 'password-too-long',
  });
  // 1024 bytes exactly is allowed; 1025 bytes of UTF-8 (513 two-byte characters) is not.
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'é'.repeat(513)), {
    kind: 'mismatch',
    refused: 'password-too-long',
  });
  assert.deepEqual(await checker.checkPassword(users, 'u'.repeat(256), 'right'), {
    kind: 'user-not-found',
    refused: 'user-too-long',
  });
  assert.equal(p.stats().jobsStarted, 0, 'nothing was hashed');

  assert.deepEqual(await checker.checkPassword(users, 'bob', 'y'.repeat(1024)), { kind: 'mismatch' });
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'right'), { kind: 'granted', user: 'bob' });
  assert.equal(p.stats().jobsStarted, 2);
});

test('PasswordChecker: busy and lost workers are never grants, for known and unknown users', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-pool-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const users = join(dir, 'users');
  await writeFile(users, `bob:${await BCRYPT4}\n`);
  let answer: HashVerdict = { kind: 'busy', retryAfterSeconds: 2 };
  const checker = new PasswordChecker({ hashPool: { verify: () => Promise.resolve(answer) } });

  assert.deepEqual(await checker.checkPassword(users, 'bob', 'right'), { kind: 'busy', retryAfterSeconds: 2 });
  assert.deepEqual(await checker.checkPassword(users, 'eve', 'right'), { kind: 'busy', retryAfterSeconds: 2 });
  answer = { kind: 'error', message: 'hash worker exited with code 1' };
  for (const user of ['bob', 'eve']) {
    assert.deepEqual(await checker.checkPassword(users, user, 'right'), {
      kind: 'error',
      code: 'EHASH',
      message: 'hash worker exited with code 1',
      during: 'verify',
    });
  }
  answer = { kind: 'match' };
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'right'), { kind: 'granted', user: 'bob' });
  // Now cached: a later busy pool does not matter for this exact login.
  answer = { kind: 'busy', retryAfterSeconds: 1 };
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'right'), { kind: 'granted', user: 'bob' });
});

test('PasswordChecker with its own pool, end to end, and auth_cache 0 turns the success cache off', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'htserve-pool-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const users = join(dir, 'users');
  await writeFile(users, `bob:${await BCRYPT4}\n`);
  const checker = new PasswordChecker({ hashWorkers: 1, successCacheSize: 0 });
  t.after(() => checker.close());
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'right'), { kind: 'granted', user: 'bob' });
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'right'), { kind: 'granted', user: 'bob' });
  assert.deepEqual(await checker.checkPassword(users, 'bob', 'wrong'), { kind: 'mismatch' });
  assert.deepEqual(await checker.checkPassword(users, 'nobody', 'right'), { kind: 'user-not-found' });
  assert.equal(checker.pool?.stats().jobsStarted, 4, 'no success cache: every check hashed');
});

test('a pad hash is checked in the same job and its answer thrown away', async (t) => {
  const cheap = await hashPassword('right', 'sha1');
  const pad = await BCRYPT4; // also "right": a match of the pad must not count either way
  const p = pool(t, { workers: 1, maxQueue: 0 });
  assert.deepEqual(await p.verify('right', cheap, pad), { kind: 'match' });
  assert.deepEqual(await p.verify('wrong', cheap, pad), { kind: 'mismatch' });
  const otherPad = await hashPassword('x', 'bcrypt', { cost: 4 });
  assert.deepEqual(await p.verify('right', cheap, otherPad), { kind: 'match' }, 'a mismatching pad changes nothing');
  // Padded and unpadded checks are different jobs (they cost differently): never collapsed together.
  const both = [p.verify('guess', cheap, pad), p.verify('guess', cheap)];
  assert.deepEqual(kinds(await Promise.all(both)), ['mismatch', 'busy']);
  assert.equal(p.stats().collapsed, 0);
});
