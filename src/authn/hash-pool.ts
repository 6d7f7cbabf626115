// Password hashes are verified in worker threads, never on the event loop (issue 9): bcrypt at
// cost 10 costs a pure-JS bcryptjs a quarter of a second of CPU, and SHA-crypt or MD5-crypt of a
// long password is no better, so a few dozen wrong passwords used to starve every other request.
//
// - Workers (src/authn/hash-worker.ts, which runs verifyHash) are started on first use, up to
//   `workers` (default: one per core), and are unref'd while idle: an idle pool never keeps the
//   process alive. A worker is ref'd while it runs a job, so a short-lived process (`htserve
//   check`) waits for the answer instead of exiting under it.
// - Bounded: at most `maxQueue` jobs wait for a worker. A check that does not fit is answered
//   `busy` at once (the access stage turns it into 503 + Retry-After) instead of growing the
//   queue and every client's wait without limit.
// - Identical concurrent checks (same stored hash, same password) share one job. The map is keyed
//   by an HMAC under a per-process secret, never by the password itself; a job drops its copy of
//   the password as soon as it is handed to a worker.
// - A worker that crashes, exits or exceeds `jobTimeoutMs` is dropped (and replaced on demand);
//   its job fails as `error` — a technical error (500), never a match.

import { availableParallelism } from 'node:os';
import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/** What the pool sends a worker. */
export interface HashJobMessage {
  id: number;
  password: string;
  hash: string;
  /** Also checked, result thrown away: spends at least this hash's cost (no enumeration by timing). */
  pad?: string;
}

/** What a worker answers: `ok` is verifyHash's result; `error` names an unexpected failure. */
export type HashJobReply = { id: number; ok: boolean } | { id: number; error: string };

/** The first refusal of a burst, and then at most one per `busyReportIntervalMs`, carries this. */
export interface BusyReport {
  /** Checks refused since the previous report, this one included. */
  refused: number;
  workers: number;
  maxQueue: number;
}

export type HashVerdict =
  | { kind: 'match' }
  | { kind: 'mismatch' }
  /** The queue is full: nothing was computed. retryAfterSeconds: 1-5, from the queue's drain time. */
  | { kind: 'busy'; retryAfterSeconds: number; report?: BusyReport }
  /** The worker crashed, exited or timed out, or the pool is closed: nothing is known. */
  | { kind: 'error'; message: string };

export interface HashVerifier {
  /** `pad`: a second hash checked in the same job, its result thrown away (see password-check.ts). */
  verify(password: string, hash: string, pad?: string): Promise<HashVerdict>;
}

export interface HashPoolOptions {
  /** Most worker threads. Default: os.availableParallelism(). */
  workers?: number;
  /** Most jobs waiting for a worker (running ones not counted). Default: DEFAULT_QUEUE_PER_WORKER × workers. */
  maxQueue?: number;
  /** HMAC key for collapsing identical checks. Default: 32 random bytes. */
  keySecret?: Buffer;
  /** A job running longer than this stops its worker and fails as an error. Default 60 s. */
  jobTimeoutMs?: number;
  /** Least time between two `busy` verdicts that carry a report. Default 10 s. */
  busyReportIntervalMs?: number;
  /** The worker script; tests substitute their own. Default: hash-worker.js next to this file. */
  workerUrl?: URL;
}

export interface HashPoolStats {
  /** Worker threads alive now. */
  workers: number;
  maxWorkers: number;
  /** Jobs running in a worker now. */
  running: number;
  /** Jobs waiting for a worker now. */
  queued: number;
  maxQueue: number;
  /** Jobs handed to a worker since the pool was made. */
  jobsStarted: number;
  /** verify() calls that joined an identical job already in flight. */
  collapsed: number;
  /** verify() calls answered `busy`. */
  refusedBusy: number;
  /** Workers lost to a crash, an exit or a timeout. */
  workerFailures: number;
}

/**
 * Waiting jobs allowed per worker. At bcrypt cost 10, pure-JS bcryptjs needs roughly 0.1-0.25 s
 * of one core per check, so a full queue drains in about 16 × 0.25 ≈ 4 s: a queued login still
 * answers well within any client's patience and far inside the request timeouts. A longer queue
 * would only make everybody (legitimate users behind a flood of wrong passwords included) wait
 * longer; past this point a fast 503 with Retry-After is the more useful answer. Cheap formats
 * ($apr1$, {SHA}) drain a full queue in milliseconds, so they rarely meet the bound at all.
 */
export const DEFAULT_QUEUE_PER_WORKER = 16;
export const DEFAULT_JOB_TIMEOUT_MS = 60_000;
export const DEFAULT_BUSY_REPORT_INTERVAL_MS = 10_000;
const MAX_RETRY_AFTER_SECONDS = 5;
/** Starting guess for a job's duration (a bcrypt cost-10 check), refined as jobs finish. */
const INITIAL_JOB_MS = 250;

export function defaultHashWorkers(): number {
  return Math.max(1, availableParallelism());
}

interface Job {
  id: number;
  key: string;
  /** Cleared once the job is handed to a worker. */
  password: string;
  hash: string;
  pad: string | undefined;
  settle: (verdict: HashVerdict) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  startedAt: number;
  timer: NodeJS.Timeout | null;
  gone: boolean;
}

export class HashPool implements HashVerifier {
  readonly maxWorkers: number;
  readonly maxQueue: number;
  private readonly keySecret: Buffer;
  private readonly jobTimeoutMs: number;
  private readonly busyReportIntervalMs: number;
  private readonly workerUrl: URL;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Jobs queued or running, by HMAC of (hash, password). */
  private readonly inFlight = new Map<string, Promise<HashVerdict>>();
  private nextId = 1;
  private avgJobMs = INITIAL_JOB_MS;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private refusedSinceReport = 0;
  private closed = false;
  private readonly counters = { jobsStarted: 0, collapsed: 0, refusedBusy: 0, workerFailures: 0 };

  constructor(options: HashPoolOptions = {}) {
    this.maxWorkers = options.workers ?? defaultHashWorkers();
    if (!Number.isInteger(this.maxWorkers) || this.maxWorkers < 1)
      throw new RangeError('workers must be a positive integer');
    this.maxQueue = options.maxQueue ?? DEFAULT_QUEUE_PER_WORKER * this.maxWorkers;
    if (!Number.isInteger(this.maxQueue) || this.maxQueue < 0)
      throw new RangeError('maxQueue must be a non-negative integer');
    this.keySecret = options.keySecret ?? randomBytes(32);
    this.jobTimeoutMs = options.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
    this.busyReportIntervalMs = options.busyReportIntervalMs ?? DEFAULT_BUSY_REPORT_INTERVAL_MS;
    this.workerUrl = options.workerUrl ?? new URL('./hash-worker.js', import.meta.url);
  }

  /** Does `password` match the stored `hash`? Never throws; never runs the hash on this thread. */
  verify(password: string, hash: string, pad?: string): Promise<HashVerdict> {
    if (this.closed) return Promise.resolve({ kind: 'error', message: 'the password-hashing pool is closed' });
    const key = this.jobKey(hash, password, pad);
    const joined = this.inFlight.get(key);
    if (joined) {
      this.counters.collapsed++;
      return joined;
    }
    if (this.runningCount() >= this.maxWorkers && this.queue.length >= this.maxQueue) {
      return Promise.resolve(this.busy());
    }
    let resolve!: (verdict: HashVerdict) => void;
    const promise = new Promise<HashVerdict>((r) => (resolve = r));
    const job: Job = {
      id: this.nextId++,
      key,
      password,
      hash,
      pad,
      settle: (verdict) => {
        this.inFlight.delete(key);
        job.password = '';
        resolve(verdict);
      },
    };
    this.inFlight.set(key, promise);
    this.queue.push(job);
    this.pump();
    return promise;
  }

  stats(): HashPoolStats {
    return {
      workers: this.slots.length,
      maxWorkers: this.maxWorkers,
      running: this.runningCount(),
      queued: this.queue.length,
      maxQueue: this.maxQueue,
      ...this.counters,
    };
  }

  /** Stops every worker; waiting and running checks fail as errors, later ones too. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.settle({ kind: 'error', message: 'the password-hashing pool is closed' });
    const stopping = this.slots.splice(0).map((slot) => {
      slot.gone = true;
      this.finish(slot, { kind: 'error', message: 'the password-hashing pool is closed' });
      return slot.worker.terminate();
    });
    await Promise.all(stopping);
  }

  private runningCount(): number {
    let n = 0;
    for (const slot of this.slots) if (slot.job) n++;
    return n;
  }

  private jobKey(hash: string, password: string, pad: string | undefined): string {
    const mac = createHmac('sha256', this.keySecret);
    for (const part of ['hash-job', hash, password, pad ?? '']) {
      const bytes = Buffer.from(part, 'utf8');
      mac.update(`${bytes.length}:`).update(bytes); // length-prefixed: no ambiguity between parts
    }
    return mac.digest('base64');
  }

  private busy(): HashVerdict {
    this.counters.refusedBusy++;
    this.refusedSinceReport++;
    // Time for the work ahead of a retry to drain, from the average job so far.
    const backlog = (this.queue.length + this.runningCount()) / this.maxWorkers;
    const seconds = Math.ceil((backlog * this.avgJobMs) / 1000);
    const retryAfterSeconds = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
    const now = performance.now();
    if (now - this.lastReportAt < this.busyReportIntervalMs) return { kind: 'busy', retryAfterSeconds };
    const report = { refused: this.refusedSinceReport, workers: this.maxWorkers, maxQueue: this.maxQueue };
    this.lastReportAt = now;
    this.refusedSinceReport = 0;
    return { kind: 'busy', retryAfterSeconds, report };
  }

  /** Hands waiting jobs to idle workers, starting workers (up to the limit) when none is idle. */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot) {
        if (this.slots.length >= this.maxWorkers) return;
        try {
          slot = this.spawn();
        } catch (err) {
          // Could not even start a thread (out of resources): this check cannot be answered.
          this.counters.workerFailures++;
          this.queue.shift()!.settle({ kind: 'error', message: `cannot start a hash worker: ${describeError(err)}` });
          continue;
        }
      }
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl, { name: 'htserve-hash' });
    worker.unref();
    const slot: Slot = { worker, job: null, startedAt: 0, timer: null, gone: false };
    worker.on('message', (message: unknown) => this.onReply(slot, message));
    worker.on('error', (err: unknown) => this.lose(slot, `hash worker failed: ${describeError(err)}`));
    worker.on('messageerror', () => this.lose(slot, 'hash worker sent an unreadable message'));
    worker.on('exit', (code: number) => this.lose(slot, `hash worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.startedAt = performance.now();
    slot.worker.ref(); // a running check keeps the process alive until it is answered
    slot.timer = setTimeout(
      () => this.lose(slot, `a hash check took longer than ${this.jobTimeoutMs} ms; its worker was stopped`),
      this.jobTimeoutMs,
    );
    slot.timer.unref();
    this.counters.jobsStarted++;
    const message: HashJobMessage = {
      id: job.id,
      password: job.password,
      hash: job.hash,
      ...(job.pad !== undefined ? { pad: job.pad } : {}),
    };
    job.password = '';
    slot.worker.postMessage(message);
  }

  private onReply(slot: Slot, message: unknown): void {
    if (slot.gone) return;
    const job = slot.job;
    const reply = message as Partial<{ id: unknown; ok: unknown; error: unknown }> | null;
    if (!job || typeof reply !== 'object' || reply === null || reply.id !== job.id) {
      this.lose(slot, 'hash worker answered a job it was not given');
      return;
    }
    if (typeof reply.ok === 'boolean') {
      const elapsed = performance.now() - slot.startedAt;
      this.avgJobMs = this.avgJobMs * 0.8 + elapsed * 0.2;
      this.finish(slot, { kind: reply.ok ? 'match' : 'mismatch' });
    } else {
      const what = typeof reply.error === 'string' ? reply.error.slice(0, 100) : 'a malformed answer';
      this.finish(slot, { kind: 'error', message: `hash worker could not check the password (${what})` });
    }
    this.pump();
  }

  /** Ends the slot's current job (if any) with `verdict`; the worker goes idle (unref'd). */
  private finish(slot: Slot, verdict: HashVerdict): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.job;
    slot.job = null;
    if (!slot.gone) slot.worker.unref();
    job?.settle(verdict);
  }

  /** The worker is gone (crash, exit, timeout, protocol error): fail its job, replace it on demand. */
  private lose(slot: Slot, why: string): void {
    if (slot.gone) return;
    slot.gone = true;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    this.counters.workerFailures++;
    this.finish(slot, { kind: 'error', message: why });
    void slot.worker.terminate().catch(() => undefined);
    this.pump();
  }
}

/** An error's name, code and message (a worker's errors never contain a password: see hash-worker.ts). */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 200);
  const code = (err as NodeJS.ErrnoException).code;
  return `${err.name}${code ? ` ${code}` : ''}: ${err.message}`.slice(0, 300);
}
