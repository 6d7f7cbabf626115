// Child processes of the benchmark: starting servers in their own process group, stopping them by
// PID (then the group, then any stray descendant), reading RSS and CPU time of a process tree
// from /proc, waiting for ports. Everything started is registered so Ctrl-C and errors stop it.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tryConnect } from '../test/conformance/ports.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A process the benchmark started (a server or a load generator). */
export interface Started {
  name: string;
  child: ChildProcess;
  pid: number;
  /** True once the process has exited. */
  exited: () => boolean;
  /** Settles when the process exits. */
  exit: Promise<void>;
  /** Everything it wrote to stdout and stderr (the last 64 KiB). */
  output: () => string;
}

const started = new Set<Started>();
const OUTPUT_LIMIT = 64 * 1024;

/**
 * Spawns a process in a process group of its own (`detached`), so that a server that signals its
 * group on shutdown (Apache) cannot hit the benchmark, and so that the whole group can be killed.
 */
export function launch(name: string, command: string, args: string[], opts: SpawnOptions = {}): Started {
  const child = spawn(command, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const add = (d: Buffer): void => {
    out += d.toString();
    if (out.length > OUTPUT_LIMIT) out = out.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  let done = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      add(Buffer.from(`\n[${name} exited: code=${code} signal=${signal}]\n`));
      resolve();
    });
    child.once('error', (e) => {
      done = true;
      add(Buffer.from(`\n[${name} failed to start: ${e.message}]\n`));
      resolve();
    });
  });
  const s: Started = {
    name,
    child,
    pid: child.pid ?? -1,
    exited: () => done,
    exit,
    output: () => out,
  };
  started.add(s);
  void exit.then(() => started.delete(s));
  return s;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Stops a started process: `sig` to its PID, then SIGKILL to it, its group and its descendants. */
export async function stop(s: Started, sig: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (s.pid <= 0) return;
  const tree = descendants(s.pid);
  if (!s.exited()) {
    signal(s.pid, sig);
    await Promise.race([s.exit, sleep(graceMs)]);
  }
  if (!s.exited()) signal(s.pid, 'SIGKILL');
  signal(-s.pid, 'SIGKILL'); // the group of the detached child: workers left behind
  for (const pid of tree) signal(pid, 'SIGKILL');
  await Promise.race([s.exit, sleep(1000)]);
  started.delete(s);
}

/** Last resort (process exit, fatal error): SIGKILL everything still registered, synchronously. */
export function killAllNow(): void {
  for (const s of started) {
    const tree = s.pid > 0 ? descendants(s.pid) : [];
    if (s.pid > 0) {
      signal(s.pid, 'SIGKILL');
      signal(-s.pid, 'SIGKILL');
    }
    for (const pid of tree) signal(pid, 'SIGKILL');
  }
  started.clear();
}

/** Stops everything still registered (graceful first). */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((s) => stop(s, 'SIGTERM', 3000)));
}

/** PID -> parent PID for every process in /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ... — comm may contain spaces and parentheses
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(name), Number(rest[1]));
    } catch {
      // exited meanwhile
    }
  }
  return map;
}

/** All descendants of `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const ppid = parents();
  const children = new Map<number, number[]>();
  for (const [pid, parent] of ppid) {
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** Sum of VmRSS (KiB) over `root` and its descendants, and how many processes that is. */
export function treeRss(root: number): { kib: number; processes: number } {
  let kib = 0;
  let processes = 0;
  for (const pid of [root, ...descendants(root)]) {
    try {
      const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) {
        kib += Number(m[1]);
        processes++;
      }
    } catch {
      // exited meanwhile
    }
  }
  return { kib, processes };
}

/** CPU time (clock ticks, user + system) used so far by `root` and its descendants. */
export function treeCpuTicks(root: number): number {
  let ticks = 0;
  for (const pid of [root, ...descendants(root)]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch {
      // exited meanwhile
    }
  }
  return ticks;
}

/**
 * Waits until the process tree is idle — no CPU tick in a 40 ms window, or at most one in two
 * windows in a row — so that work left over from the previous run (bcrypt hashes of requests
 * whose client is gone, a listing still being built) does not eat into the next measurement.
 * Returns the milliseconds waited.
 */
export async function waitIdle(root: number, maxMs: number): Promise<number> {
  const t0 = Date.now();
  let last = treeCpuTicks(root);
  let calm = 0;
  while (Date.now() - t0 < maxMs) {
    await sleep(40);
    const now = treeCpuTicks(root);
    const used = now - last;
    last = now;
    if (used === 0) break;
    calm = used <= 1 ? calm + 1 : 0;
    if (calm >= 2) break;
  }
  return Date.now() - t0;
}

// Free ports and connection probes: the conformance suite's helpers, one copy for both.
export { freePort } from '../test/conformance/ports.js';

/** Resolves once 127.0.0.1:port accepts connections; rejects on timeout or when the process exits. */
export async function waitForPort(port: number, s: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (s.exited()) throw new Error(`${s.name} exited during startup`);
    if (await tryConnect(port)) return;
    await sleep(50);
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** Resolves with the first match of `re` in the process's output; rejects on timeout or exit. */
export async function waitForOutput(s: Started, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(s.output());
    if (m) return m;
    if (s.exited()) throw new Error(`${s.name} exited during startup`);
    if (Date.now() > deadline) throw new Error(`${s.name}: no ${String(re)} in its output after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Runs a command to completion and returns its exit code and output (for version probes). */
export function run(command: string, args: string[], timeoutMs = 10000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: -1, out: (e as Error).message });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, out: e.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}
