// The worker thread behind src/authn/hash-pool.ts: verifies one password against one stored hash
// at a time, with the same verifyHash the rest of htserve uses, and answers { id, ok }. It keeps
// nothing between jobs. verifyHash never throws; should anything else fail, only the error's name
// goes back (an error message could in principle quote its input, and the input is a password).

import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { verifyHash } from './hash-formats.js';
import type { HashJobMessage, HashJobReply } from './hash-pool.js';

const port = parentPort;
if (port === null) throw new Error('hash-worker.js runs only as a worker thread of src/authn/hash-pool.ts');

// Hashing runs at the lowest CPU priority: on Linux the nice value of setpriority(0) is per
// thread, so only this worker yields. When the cores are busy, serving files (the event loop)
// wins over checking passwords, and a flood of wrong passwords queues up — and meets the bounded
// queue's 503 — instead of slowing every other client down.
try {
  setPriority(19);
} catch {
  // not permitted or not supported: hashing then competes with serving as an equal
}

async function verifyAndPad(job: HashJobMessage): Promise<boolean> {
  const ok = await verifyHash(job.password, job.hash);
  if (job.pad !== undefined) await verifyHash(job.password, job.pad);
  return ok;
}

function asJob(message: unknown): HashJobMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const { id, password, hash, pad } = message as Record<string, unknown>;
  if (typeof id !== 'number' || typeof password !== 'string' || typeof hash !== 'string') return null;
  if (pad !== undefined && typeof pad !== 'string') return null;
  return { id, password, hash, ...(pad !== undefined ? { pad } : {}) };
}

port.on('message', (message: unknown) => {
  const job = asJob(message);
  if (job === null) {
    const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
    port.postMessage({ id: typeof id === 'number' ? id : -1, error: 'malformed job' } satisfies HashJobReply);
    return;
  }
  // The pad's answer is thrown away: it only makes a cheap check cost as much as the file's dearest.
  verifyAndPad(job).then(
    (ok) => port.postMessage({ id: job.id, ok } satisfies HashJobReply),
    (err: unknown) =>
      port.postMessage({ id: job.id, error: err instanceof Error ? err.name : 'Error' } satisfies HashJobReply),
  );
});
