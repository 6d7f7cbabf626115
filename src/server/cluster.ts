// Several worker processes on one port (node:cluster), for `server.workers` > 1. The primary
// forks, restarts, reloads and stops workers and keeps the attempt-limit table they share; it
// never parses a request. Each worker builds its own
// context (its own caches and watchers), listens through the primary — so the port is bound as
// root — and then drops its privileges like a single-process server does.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import type { AttemptLimitSettings } from '../authn/attempt-limits.js';
import { AttemptTableHost } from '../authn/attempt-cluster-primary.js';

/** How many workers `server.workers` asks for (0 = one per core). */
export function workerCount(setting: number): number {
  return setting === 0 ? os.availableParallelism() : setting;
}

export function isWorker(): boolean {
  return cluster.isWorker;
}

/** A worker tells the primary where it listens once it has dropped its privileges. */
export function reportListening(url: string): void {
  process.send?.({ htserve: 'listening', url });
}

/** After its drain a worker closes its IPC channel, which would otherwise keep it alive forever. */
export function leaveCluster(): void {
  if (cluster.isWorker && process.connected) process.disconnect();
}

interface ListeningMessage {
  htserve: 'listening';
  url: string;
}

function isListening(m: unknown): m is ListeningMessage {
  return typeof m === 'object' && m !== null && (m as ListeningMessage).htserve === 'listening';
}

/** Restarts allowed within RESTART_WINDOW_MS before the primary gives up (a crash loop). */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10_000;

export interface PrimaryLog {
  info(code: string, message: string): void;
  error(code: string, message: string): void;
}

/**
 * Fork `count` workers running this same command line, print the listening line once all of them
 * listen, replace a worker that dies, pass an accepted SIGHUP on, and on SIGINT/SIGTERM let every
 * worker drain and exit.
 * Resolves with the exit code.
 */
export interface PrimaryOptions {
  /** SIGHUP: checks the new server.ini (logging why it refuses it); true = the workers reload. */
  reloadAccepted: () => boolean;
  /** The attempt-limit table the workers share, or null when they do not ask the primary. */
  attempts: AttemptLimitSettings | null;
}

export function runPrimary(count: number, log: PrimaryLog, opts: PrimaryOptions): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    let announced = false;
    const listening = new Set<Worker>();
    const live = new Set<Worker>();
    const restarts: number[] = [];
    const table = opts.attempts ? new AttemptTableHost(opts.attempts, () => live) : null;

    const fork = (): void => {
      const w = cluster.fork();
      live.add(w);
      table?.attach(w);
      w.on('message', (m: unknown) => {
        if (!isListening(m)) return;
        listening.add(w);
        if (!announced && listening.size >= count) {
          announced = true;
          process.stdout.write(`htserve listening on ${m.url}\n`);
          log.info('HT004', `${count} worker processes (pids ${[...listening].map((x) => x.process.pid).join(', ')})`);
        }
      });
    };

    let exitCode = 0;
    cluster.on('exit', (w, code, signal) => {
      listening.delete(w);
      live.delete(w);
      if (stopping) {
        if (live.size === 0) resolve(exitCode);
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      if (!announced || restarts.length > MAX_RESTARTS) {
        log.error('HT005', `worker ${w.process.pid} exited (${signal ?? code}); giving up`);
        stopping = true;
        exitCode = 1;
        for (const other of live) other.kill('SIGTERM');
        if (live.size === 0) resolve(exitCode);
        return;
      }
      log.error('HT005', `worker ${w.process.pid} exited (${signal ?? code}); starting another`);
      fork();
    });

    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      log.info('HT003', `${signal}: shutting down ${live.size} workers`);
      for (const w of live) w.kill('SIGTERM');
      if (live.size === 0) resolve(exitCode);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    // SIGHUP: the primary checks the file (and logs why it refuses it), then each worker reloads
    // itself the way a single process does, finishing its requests in flight on the old context.
    process.on('SIGHUP', () => {
      if (stopping || !opts.reloadAccepted()) return;
      for (const w of live) w.process.kill('SIGHUP');
    });

    for (let i = 0; i < count; i++) fork();
  });
}
