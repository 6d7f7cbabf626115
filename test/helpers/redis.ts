// A private redis-server for a test: an ephemeral port, no persistence, stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, waitForPort } from '../conformance/ports.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

/** Why Redis tests cannot run here, or null when they can. */
export function redisMissing(): string | null {
  return existsSync(REDIS_SERVER) ? null : `${REDIS_SERVER} is not installed (Debian package redis-server)`;
}

export interface TestRedis {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A redis-server on `port` (default: a free one; a test may reserve it and start Redis late). */
export async function startRedis(port?: number): Promise<TestRedis> {
  port ??= await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const died = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 10000, died);
  return {
    url: `redis://127.0.0.1:${port}/0`,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
