// npm run bench: htserve against the static servers installed here (Apache, nginx, Caddy, sirv,
// serve-static, http-server), each on a loopback port, same fixture, same load, alternating
// servers within each scenario. See bench/README.md.
//
// Exit code: 0 when htserve started and answered every scenario with the expected status (peers
// may be missing or wrong: that is reported, not fatal); 1 otherwise; 2 for a usage error.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicAuth, buildFixture, type Fixture } from './fixture.js';
import { autocannonTool, probe, warmUp, wrkTool, type LoadResult, type LoadSpec, type LoadTool } from './load.js';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options.js';
import { killAllNow, run, sleep, stopAll, treeRss, waitIdle } from './procs.js';
import {
  chartSvg,
  floodTable,
  fmtRatio,
  fmtRps,
  memoryTable,
  readmeBlock,
  resultsTable,
  type Cell,
  type FloodRow,
  type Results,
  type ServerInfo,
} from './report.js';
import { FLOOD, SCENARIOS, type Scenario } from './scenarios.js';
import { SERVERS, type RunningServer } from './servers.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const outDir = join(repoRoot, 'bench', 'out');

const say = (s: string): boolean => process.stderr.write(`${s}\n`);
const loud = (s: string): boolean => process.stderr.write(`\n!!! ${s}\n\n`);

let fixture: Fixture | null = null;
let keepFixture = false;

function removeFixture(): void {
  if (fixture && !keepFixture) rmSync(fixture.dir, { recursive: true, force: true });
  fixture = null;
}

function installCleanup(): void {
  process.on('exit', () => {
    killAllNow();
    removeFixture();
  });
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stopping) {
      killAllNow();
      process.exit(130);
    }
    stopping = true;
    say(`\n${sig}: stopping every server and load generator started by the benchmark`);
    void Promise.race([stopAll(), sleep(6000)]).finally(() => {
      killAllNow();
      removeFixture();
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function pickLoader(o: BenchOptions, scratch: string): Promise<LoadTool> {
  if (o.loader !== 'autocannon') {
    const v = await run('wrk', ['-v']);
    const m = /wrk (?:debian\/)?(\d[\w.+~-]*)/.exec(v.out);
    if (m) return wrkTool('wrk', m[1]!, scratch);
    if (o.loader === 'wrk') throw new UsageError('--loader wrk: wrk is not installed');
  }
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as {
    version: string;
  };
  return autocannonTool(pkg.version);
}

function machine(): Results['meta']['machine'] {
  return {
    cpu: cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    memGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
}

/** Checks one answer against a scenario; returns what is wrong, or null. */
function checkAnswer(
  sc: Pick<Scenario, 'expect' | 'bodyBytes' | 'bodyIncludes' | 'mediaType'>,
  p: Awaited<ReturnType<typeof probe>>,
): string | null {
  if (p.error) return `no answer (${p.error})`;
  if (p.status !== sc.expect) return `status ${p.status}, expected ${sc.expect}`;
  if (sc.bodyBytes !== undefined && p.bodyBytes !== sc.bodyBytes) {
    return `body of ${p.bodyBytes} bytes, expected ${sc.bodyBytes}`;
  }
  const type = String(p.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (sc.mediaType !== undefined && type !== sc.mediaType) return `Content-Type ${type}, expected ${sc.mediaType}`;
  if (sc.bodyIncludes !== undefined && !p.body.includes(sc.bodyIncludes)) {
    return `body does not mention ${sc.bodyIncludes}`;
  }
  return null;
}

/** Responses whose status is not the expected one: wrk counts only statuses >= 400. */
function unexpected(expect: number, l: LoadResult): number {
  return expect >= 400 ? l.requests - l.errorStatus : l.errorStatus;
}

async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (o.only) {
    const known = SERVERS.map((s) => s.id);
    for (const id of o.only)
      if (!known.includes(id)) throw new UsageError(`unknown server ${id} (${known.join(', ')})`);
  }
  const t0 = Date.now();
  // past the budget only htserve is still loaded: its answers under load decide the exit code
  const overBudget = (): boolean => o.budget !== null && (Date.now() - t0) / 1000 > o.budget;
  const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  keepFixture = o.keep;
  installCleanup();

  const fx = buildFixture();
  fixture = fx;
  say(`fixture: ${fx.dir}${o.keep ? ' (kept)' : ''}`);
  const tool = await pickLoader(o, fx.stateDir);
  const problems: string[] = [];
  const url = (srv: RunningServer, path: string): string => `http://127.0.0.1:${srv.port}${path}`;
  const spec = (srv: RunningServer, path: string, headers: Record<string, string>, connections: number): LoadSpec => ({
    url: url(srv, path),
    headers,
    connections,
    threads: o.threads,
    duration: o.duration,
    timeout: Math.max(5, Math.ceil(o.duration)),
  });
  // how long to wait for a server to finish what the last load left it (bcrypt, listings)
  const idleMs = o.quick ? 1500 : 15000;
  // the warm-up keeps fewer requests in flight in a quick run: its tail would outlast it
  const warmConnections = o.quick ? Math.min(2, o.connections) : o.connections;

  // ---- start every server (in parallel), htserve first in every list
  const defs = SERVERS.filter((d) => !o.only || o.only.includes(d.id) || d.id === 'htserve');
  const infos: ServerInfo[] = [];
  const runningServers: RunningServer[] = [];
  const startEnv = { fixture: fx, repoRoot, workers: o.workers, startTimeoutMs: 20000 };
  await Promise.all(
    defs.map(async (d, i) => {
      const info: ServerInfo = {
        id: d.id,
        label: d.name,
        version: null,
        state: 'missing',
        features: d.features,
        notes: [],
      };
      infos[i] = info;
      const det = await d.detect(repoRoot);
      if (!det.ok) {
        info.reason = det.reason;
        return;
      }
      info.version = det.version ?? null;
      info.label = `${d.name} ${det.version ?? ''}`.trim();
      try {
        const srv = await d.start(startEnv, det.version ?? '');
        info.state = 'ran';
        info.label = srv.label;
        info.notes.push(...srv.notes);
        runningServers[i] = srv;
      } catch (e) {
        info.state = 'failed';
        info.reason = (e as Error).message;
      }
    }),
  );
  const servers = runningServers.filter((s): s is RunningServer => s !== undefined);
  for (const info of infos) {
    if (info.state === 'ran') {
      const srv = servers.find((s) => s.id === info.id)!;
      say(
        `  ${info.label.padEnd(22)} http://127.0.0.1:${srv.port}/  pid ${srv.proc.pid}` +
          `${info.notes.length ? `  (${info.notes.join('; ')})` : ''}`,
      );
    } else if (info.state === 'missing') say(`  ${info.label.padEnd(22)} – ${info.reason}`);
    else if (info.id !== 'htserve') loud(`${info.label} failed to start: ${info.reason}`);
  }
  const ht = infos.find((i) => i.id === 'htserve')!;
  if (ht.state !== 'ran') {
    problems.push(`htserve did not start: ${ht.reason}`);
    loud(problems[0]!);
    await stopAll();
    return 1;
  }

  await sleep(300);
  for (const info of infos) {
    const srv = servers.find((s) => s.id === info.id);
    if (!srv) continue;
    const rss = treeRss(srv.proc.pid);
    info.rssIdleKiB = rss.kib;
    info.processesIdle = rss.processes;
  }

  say(
    `load: ${tool.name} ${tool.version}, ${o.connections} connections, ${o.threads} threads, ${o.duration} s per run, ` +
      `${o.warmup} s warm-up`,
  );

  // ---- scenario-major loop: within a scenario the servers alternate
  const scenarios = SCENARIOS.filter((s) => !o.scenarios || o.scenarios.includes(s.id));
  const cells: Cell[] = [];
  const good = { Authorization: basicAuth(fx.user, fx.password) };
  const wrong = { Authorization: basicAuth(fx.user, fx.wrongPassword) };
  const mismatch = (server: string, what: string): void => {
    const msg = `${server}: ${what}`;
    loud(`STATUS MISMATCH ${msg}`);
    if (server === 'htserve') problems.push(msg);
  };

  for (const sc of scenarios) {
    const sent = Object.entries(sc.headers ?? {}).map(([k, v]) => ` (${k}: ${v})`);
    say(
      `\n[${sc.id}] (${elapsed()}) ${sc.title}: GET ${sc.path}${sc.credentials ? ' (right password)' : ''}` +
        `${sent.join('')} → ${sc.expect}`,
    );
    let htRate: number | null = null;
    for (const srv of servers) {
      const info = infos.find((i) => i.id === srv.id)!;
      const cell: Cell = { scenario: sc.id, server: srv.id, state: 'ok', expected: sc.expect };
      cells.push(cell);
      if (sc.needs && !info.features.includes(sc.needs)) {
        cell.state = 'unsupported';
        say(`  ${srv.id.padEnd(13)} –  (no ${sc.needs})`);
        continue;
      }
      const headers = { ...(sc.credentials ? good : {}), ...sc.headers };
      // a listing's last entry may lie past the first MiB (10,000 entries): keep the whole body
      const p = await probe(
        url(srv, sc.path),
        headers,
        30000,
        sc.bodyIncludes !== undefined ? 64 * 2 ** 20 : undefined,
      );
      let wrongAnswer = checkAnswer(sc, p);
      if (!wrongAnswer && sc.credentials) {
        // the realm must really be closed: no credentials → 401
        const anon = await probe(url(srv, sc.path), {});
        if (anon.status !== 401) wrongAnswer = `without credentials: status ${anon.status}, expected 401`;
      }
      if (wrongAnswer) {
        cell.state = 'mismatch';
        cell.got = p.status;
        cell.message = wrongAnswer;
        mismatch(srv.id, `GET ${sc.path}${sc.credentials ? ' (right password)' : ''}: ${wrongAnswer}`);
        continue;
      }
      if (overBudget() && srv.id !== 'htserve') {
        cell.state = 'skipped';
        say(`  ${srv.id.padEnd(13)} status ok; load skipped: the ${o.budget} s budget is spent`);
        continue;
      }
      try {
        const connections =
          o.quick && sc.quickConnections ? Math.min(sc.quickConnections, o.connections) : o.connections;
        await warmUp(url(srv, sc.path), headers, Math.min(warmConnections, connections), o.warmup);
        await waitIdle(srv.proc.pid, idleMs);
        const l = await tool.run(spec(srv, sc.path, headers, connections));
        l.unexpected = unexpected(sc.expect, l);
        cell.load = l;
        // 100k and 10m compare bytes per second: a 10 MiB answer may still be on its way when a short run ends
        const rate = sc.throughput ? l.mibps : l.rps;
        if (srv.id === 'htserve') htRate = rate;
        cell.ratio = htRate ? rate / htRate : null;
        if (l.unexpected > 0) {
          mismatch(srv.id, `${l.unexpected} of ${l.requests} answers under load were not ${sc.expect}`);
        }
        if (l.requests === 0) {
          say(`  ⚠ ${srv.id}: no request completed in ${l.seconds.toFixed(1)} s (too short a run for this scenario)`);
        }
        say(
          `  ${srv.id.padEnd(13)} ${fmtRps(l.rps).padStart(9)} req/s` +
            `${sc.throughput ? `  ${l.mibps.toFixed(1).padStart(7)} MiB/s` : ''}` +
            `  p50 ${l.p50ms?.toFixed(2) ?? '–'} ms  p99 ${l.p99ms?.toFixed(2) ?? '–'} ms` +
            `${srv.id !== 'htserve' ? `  (${fmtRatio(cell.ratio)} htserve)` : ''}`,
        );
      } catch (e) {
        cell.state = 'error';
        cell.message = (e as Error).message.split('\n')[0] ?? '';
        loud(`${srv.id} [${sc.id}]: ${(e as Error).message}`);
        if (srv.id === 'htserve') problems.push(`htserve [${sc.id}]: ${cell.message}`);
      }
      const waited = await waitIdle(srv.proc.pid, idleMs);
      if (waited > 1000) say(`  (${srv.id} was busy for ${(waited / 1000).toFixed(1)} s after the run)`);
    }
  }

  // ---- flood: the public file, calm and then while wrong passwords hit the bcrypt realm
  const flood: FloodRow[] = [];
  if (!o.scenarios || o.scenarios.includes(FLOOD.id)) {
    say(
      `\n[flood] (${elapsed()}) ${FLOOD.title}: GET ${FLOOD.publicPath} while ${o.connections} connections ` +
        `send ${fx.user} a new wrong password each`,
    );
    for (const srv of servers) {
      const info = infos.find((i) => i.id === srv.id)!;
      if (!info.features.includes('auth')) continue;
      const row: FloodRow = { server: srv.id, state: 'ok' };
      flood.push(row);
      const pub = await probe(url(srv, FLOOD.publicPath), {});
      const bad = await probe(url(srv, FLOOD.floodPath), wrong);
      const pubWrong = checkAnswer({ expect: 200 }, pub);
      const badWrong = checkAnswer({ expect: FLOOD.floodExpect }, bad);
      const wrongAnswer = pubWrong
        ? `GET ${FLOOD.publicPath}: ${pubWrong}`
        : badWrong
          ? `GET ${FLOOD.floodPath} with a wrong password: ${badWrong}`
          : null;
      if (wrongAnswer) {
        row.state = 'mismatch';
        row.message = wrongAnswer;
        mismatch(srv.id, `flood: ${wrongAnswer}`);
        continue;
      }
      if (overBudget() && srv.id !== 'htserve') {
        row.state = 'skipped';
        say(`  ${srv.id.padEnd(13)} statuses ok; load skipped: the ${o.budget} s budget is spent`);
        continue;
      }
      try {
        await warmUp(url(srv, FLOOD.publicPath), {}, warmConnections, o.warmup);
        await waitIdle(srv.proc.pid, idleMs);
        row.calm = await tool.run(spec(srv, FLOOD.publicPath, {}, o.connections));
        await waitIdle(srv.proc.pid, idleMs);
        let release = (): void => {};
        const stopAttack = new Promise<void>((r) => (release = r));
        const attack = tool.run(
          { ...spec(srv, FLOOD.floodPath, {}, o.connections), threads: 1, guessPasswordsOf: fx.user },
          stopAttack,
        );
        await sleep(o.floodLead * 1000);
        try {
          row.flood = await tool.run(spec(srv, FLOOD.publicPath, {}, o.connections));
        } finally {
          release();
          row.attack = await attack;
        }
        row.calm.unexpected = unexpected(200, row.calm);
        row.flood.unexpected = unexpected(200, row.flood);
        row.ratio = row.calm.rps > 0 ? row.flood.rps / row.calm.rps : null;
        if (row.flood.unexpected > 0 || row.calm.unexpected > 0) {
          mismatch(srv.id, `flood: ${row.calm.unexpected + row.flood.unexpected} public answers were not 200`);
        }
        say(
          `  ${srv.id.padEnd(13)} calm ${fmtRps(row.calm.rps)} req/s p99 ${row.calm.p99ms?.toFixed(2) ?? '–'} ms → ` +
            `flood ${fmtRps(row.flood.rps)} req/s p99 ${row.flood.p99ms?.toFixed(2) ?? '–'} ms ` +
            `(${fmtRatio(row.ratio)}; ${fmtRps(row.attack.rps)} wrong-password answers/s)`,
        );
      } catch (e) {
        row.state = 'error';
        row.message = (e as Error).message.split('\n')[0] ?? '';
        loud(`${srv.id} [flood]: ${(e as Error).message}`);
        if (srv.id === 'htserve') problems.push(`htserve [flood]: ${row.message}`);
      }
      const waited = await waitIdle(srv.proc.pid, o.quick ? 3000 : 30000);
      if (waited > 1000) say(`  (${srv.id} needed ${(waited / 1000).toFixed(1)} s to finish the flood's hashes)`);
    }
  }

  // ---- memory after the run, then stop everything
  for (const info of infos) {
    const srv = servers.find((s) => s.id === info.id);
    if (!srv) continue;
    if (srv.proc.exited()) {
      loud(`${srv.id} is no longer running:\n${srv.proc.output().trim().split('\n').slice(-10).join('\n')}`);
      if (srv.id === 'htserve') problems.push('htserve exited during the run');
      continue;
    }
    const rss = treeRss(srv.proc.pid);
    info.rssAfterKiB = rss.kib;
    info.processesAfter = rss.processes;
  }
  await Promise.all(servers.map((s) => s.stop()));

  // ---- report
  const results: Results = {
    meta: {
      date: new Date().toISOString(),
      command: `node dist/bench/run.js ${argv.join(' ')}`.trim(),
      machine: machine(),
      loader: { name: tool.name, version: tool.version },
      options: {
        quick: o.quick,
        duration: o.duration,
        warmup: o.warmup,
        connections: o.connections,
        threads: o.threads,
        floodLead: o.floodLead,
        budget: o.budget,
        workers: o.workers,
      },
      fixture:
        'a/b/c/1k.txt under 3 .htaccess levels, files/100k.bin, files/10m.bin, list/ (1000 files, Options +Indexes), ' +
        'list10k/ (10,000 files, Options +Indexes; HTML and, with Accept: application/json, JSON), ' +
        'protected/ (AuthType Basic, bcrypt cost 10, Require valid-user), a missing URL',
    },
    servers: infos,
    scenarios: scenarios,
    cells,
    flood,
    problems,
  };
  const missing = infos.filter((i) => i.state !== 'ran');
  const text = [
    '',
    `## Results (${tool.name}, ${o.connections} connections, ${o.duration} s per run; ` +
      `ratio = peer ÷ htserve in req/s, in MiB/s for 100k and 10m)`,
    '',
    resultsTable(results),
    ...(flood.length > 0
      ? [
          '',
          '## Flood: public 1 KiB file, calm vs. while wrong passwords hit the bcrypt realm',
          '',
          floodTable(results),
        ]
      : []),
    '',
    '## Memory (VmRSS summed over each server’s process tree)',
    '',
    memoryTable(results),
    ...(missing.length > 0 ? ['', `Not measured: ${missing.map((m) => `${m.label} (${m.reason})`).join('; ')}`] : []),
    '',
  ].join('\n');
  process.stdout.write(text);
  if (o.readme) process.stdout.write(`\n${readmeBlock(results)}\n`);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'chart.svg'), chartSvg(results));
  writeFileSync(join(outDir, 'results.md'), `${text}\n${readmeBlock(results)}\n`);
  say(
    `\nwrote ${relative(process.cwd(), join(outDir, 'results.json'))}, chart.svg, results.md ` +
      `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (problems.length > 0) {
    loud(`htserve FAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    removeFixture();
    process.exitCode = code;
    // a load generator's timer must not keep the benchmark alive
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`bench: ${e.message}\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    }
    killAllNow();
    removeFixture();
  },
);
