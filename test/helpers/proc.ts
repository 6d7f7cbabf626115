// What a running server process holds, read from /proc (Linux): open file descriptors and resident
// memory. Used to prove that hostile clients and the soak leave no descriptors or buffers behind.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Polls until `test(fdCount(pid))` holds; returns the last count seen (the caller asserts on it). */
export async function waitForFds(pid: number, test: (n: number) => boolean, timeoutMs = 10000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = fdCount(pid);
    if (test(n) || Date.now() >= deadline) return n;
    await sleep(50);
  }
}

/** Polls until the process holds at most `limit` descriptors; returns the last count seen. */
export function waitForFdsAtMost(pid: number, limit: number, timeoutMs = 10000): Promise<number> {
  return waitForFds(pid, (n) => n <= limit, timeoutMs);
}

/**
 * The descriptor count once it has settled (the same for `quietMs`): sockets of earlier clients
 * close a little after their last byte, so one reading may still count them.
 */
export async function settledFdCount(pid: number, quietMs = 500, timeoutMs = 10000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = fdCount(pid);
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await sleep(50);
    const n = fdCount(pid);
    if (n !== last) [last, since] = [n, Date.now()];
  }
  return last;
}
