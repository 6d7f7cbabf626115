// A stand-in for src/authn/hash-worker.ts that misbehaves on request, for the hash pool's
// crash tests: password `crash:throw` throws inside the worker (an uncaught exception),
// `crash:exit` makes the thread exit, `crash:hang` never answers, `crash:wrong-id` answers a job it
// was not given. Anything else is verified like the real worker does.
import { parentPort } from 'node:worker_threads';
import { verifyHash } from '../../src/authn/hash-formats.js';
import type { HashJobMessage } from '../../src/authn/hash-pool.js';

const port = parentPort!;
port.on('message', (job: HashJobMessage) => {
  switch (job.password) {
    case 'crash:throw':
      throw new Error('worker blew up on purpose');
    case 'crash:exit':
      process.exit(7);
      break;
    case 'crash:hang':
      return;
    case 'crash:wrong-id':
      port.postMessage({ id: job.id + 1000, ok: true });
      return;
    default:
      void verifyHash(job.password, job.hash).then((ok) => port.postMessage({ id: job.id, ok }));
  }
});
