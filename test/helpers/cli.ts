// Runs the real htserve CLI to completion (for --help, --version and start-up errors) and
// returns what a user would see: exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import { MAIN } from './server.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the process had to be killed because it did not exit in time. */
  timedOut: boolean;
}

export interface CliOptions {
  cwd?: string;
  /** Kill the process after this long (a server that starts instead of failing). Default 15 s. */
  timeoutMs?: number;
  /** Written to the process's stdin (which is then closed). */
  input?: string;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(opts.input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 15000);
  return new Promise((resolve, reject) => {
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

export interface ListeningCli {
  url: string;
  output: () => string;
  errorLog: () => string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Start the CLI with exactly `args` (e.g. only `--config FILE`) and wait for its listening line. */
export function startCli(args: readonly string[], opts: CliOptions = {}): Promise<ListeningCli> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    err += c;
  });
  const stop = (): Promise<number | null> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`htserve did not start in time.\nstdout: ${out}\nstderr: ${err}`));
    }, opts.timeoutMs ?? 15000);
    const onData = () => {
      const m = /htserve listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ url: m[1]!, output: () => out, errorLog: () => err, stop });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`htserve exited with ${code} before listening.\nstderr: ${err}`));
    });
  });
}
