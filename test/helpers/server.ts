// Starts the real htserve CLI as a child process on an ephemeral port, exactly as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/main.js');

export interface TestServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the server wrote to stderr (error log) so far. */
  errorLog: () => string;
  /** Everything the server wrote to stdout (listening line + access log) so far. */
  output: () => string;
  stop: () => Promise<number | null>;
}

export interface StartOptions {
  config?: string;
  set?: string[];
  args?: string[];
  cwd?: string;
}

export async function startServer(root: string, opts: StartOptions = {}): Promise<TestServer> {
  const args = [MAIN, root, '--host', '127.0.0.1', '--port', '0'];
  if (opts.config) args.push('--config', opts.config);
  for (const s of opts.set ?? []) args.push('--set', s);
  args.push(...(opts.args ?? []));
  const child = spawn(process.execPath, args, { cwd: opts.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    err += c;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`htserve did not start in time.\nstdout: ${out}\nstderr: ${err}`)),
      15000,
    );
    const onData = () => {
      const m = /htserve listening on (https?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`htserve exited with ${code} before listening.\nstderr: ${err}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    child,
    errorLog: () => err,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
