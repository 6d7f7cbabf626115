// Starts htserve (the built dist/src/main.js of this repository) on the fixture tree, as root so
// it can bind and then drop privileges to www-data like Apache does.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from './apache.js';

const READY = /htserve listening on http:\/\/127\.0\.0\.1:(\d+)/;

export function htserveEntry(repoRoot: string): string {
  return join(repoRoot, 'dist', 'src', 'main.js');
}

export async function startHtserve(
  repoRoot: string,
  docroot: string,
  modules: string,
  timeoutMs = 20000,
): Promise<RunningServer> {
  const entry = htserveEntry(repoRoot);
  if (!existsSync(entry)) throw new Error(`${entry} does not exist (build with "npx tsc -p .")`);
  const args = [
    entry,
    docroot,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--set',
    'server.user=www-data',
    '--set',
    'server.group=www-data',
    '--set',
    'mime.types_file=/etc/mime.types',
    '--set',
    'log.level=warn',
    // parity with Apache: its own error pages and its plain listing unless an access file asks for fancy
    '--set',
    'server.error_pages=apache',
    '--set',
    'access.fancy_indexing=false',
    // Apache has no attempt limits: the suite's many wrong passwords must stay 401s here too.
    '--set',
    'auth.max_failures=0',
    '--set',
    `server.modules=${modules}`,
  ];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const logTail = (): string => output.split('\n').slice(-30).join('\n');
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      output += `\n[htserve exited: code=${code} signal=${signal}]\n`;
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "htserve listening" line after ${timeoutMs} ms`)), timeoutMs);
    const onData = (d: Buffer): void => {
      output += d.toString();
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`htserve exited during startup (code ${child.exitCode})`));
    });
  }).catch((e: unknown) => {
    if (child.exitCode === null) child.kill('SIGTERM');
    throw new Error(`${(e as Error).message}\n${logTail()}`);
  });
  return {
    name: 'htserve',
    port,
    logTail,
    killNow: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killed = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
        ]);
        if (!killed && child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/**
 * Keeps an htserve instance up for the whole run: when a request finds it dead, the crash (with
 * the log tail) is recorded against that request and a fresh instance is started, so one crash
 * does not turn every later request into a failure. Requests run one at a time so a crash is
 * attributable.
 */
export class HtserveSupervisor {
  readonly crashes: Array<{ target: string; log: string }> = [];
  private constructor(
    private readonly repoRoot: string,
    private readonly docroot: string,
    private readonly modules: string,
    private current: RunningServer,
    private readonly onStart: (s: RunningServer) => void,
    private readonly maxRestarts: number,
  ) {}

  static async start(
    repoRoot: string,
    docroot: string,
    modules: string,
    onStart: (s: RunningServer) => void,
    maxRestarts = 25,
  ): Promise<HtserveSupervisor> {
    const first = await startHtserve(repoRoot, docroot, modules);
    onStart(first);
    return new HtserveSupervisor(repoRoot, docroot, modules, first, onStart, maxRestarts);
  }

  get port(): number {
    return this.current.port;
  }

  /** After a failed request: if htserve died, record it and restart. Returns the crash log or null. */
  async checkCrash(target: string): Promise<string | null> {
    await new Promise((r) => setTimeout(r, 100)); // let the exit event arrive
    if (this.current.alive()) return null;
    const log = this.current.logTail();
    this.crashes.push({ target, log });
    if (this.crashes.length <= this.maxRestarts) {
      this.current = await startHtserve(this.repoRoot, this.docroot, this.modules);
      this.onStart(this.current);
    }
    return log;
  }

  async stop(): Promise<void> {
    await this.current.stop();
  }
}
