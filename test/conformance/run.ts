// Differential conformance suite: real Apache httpd 2.4 vs htserve on the same fixture tree.
//
//   npm run test:conformance                 full comparison; last line "N passed, M failed"
//   node dist/test/conformance/run.js --apache-only   Apache's answers (checks each request's `expect`)
//   options: --markdown  --verbose  --keep  --filter <text>  --area <area>  --concurrency <n>
//   --filter keeps the cases whose name or id (`case:<id>` in docs/apache-behaviour.md) contains <text>.
//
// Exit code: 0 when every request agrees or differs only in a declared way; 1 otherwise;
// 2 when Apache is not installed (never passes silently).

import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREA_MODULES, htserveModules, missingTools, startApache, type RunningServer } from './apache.js';
import { caseIds } from './case-ids.js';
import { ALL_CASES } from './cases/index.js';
import { buildFixture } from './fixture.js';
import { HtserveSupervisor } from './htserve.js';
import { markdownReport, textReport } from './report.js';
import { runAll } from './runner.js';
import { AREAS, type Case, type Outcome } from './types.js';

interface Options {
  apacheOnly: boolean;
  markdown: boolean;
  verbose: boolean;
  keep: boolean;
  filter: string | null;
  area: string | null;
  concurrency: number;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    apacheOnly: false,
    markdown: false,
    verbose: false,
    keep: false,
    filter: null,
    area: null,
    concurrency: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--apache-only') o.apacheOnly = true;
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--filter') o.filter = argv[++i] ?? '';
    else if (a === '--area') o.area = argv[++i] ?? '';
    else if (a === '--concurrency') o.concurrency = Math.max(1, Number(argv[++i]) || 1);
    else {
      console.error(`unknown option ${a}`);
      process.exit(2);
    }
  }
  return o;
}

function selectCases(o: Options): Case[] {
  if (o.area !== null && !(AREAS as readonly string[]).includes(o.area)) {
    console.error(`unknown area ${o.area}; areas: ${AREAS.join(', ')}`);
    process.exit(2);
  }
  const ids = caseIds(ALL_CASES);
  const wanted = o.filter?.toLowerCase() ?? null;
  return ALL_CASES.filter(
    (c) =>
      (o.area === null || c.area === o.area) &&
      (wanted === null || c.name.toLowerCase().includes(wanted) || ids.get(c)!.includes(wanted)),
  );
}

/** Servers started by this run; killed on any exit path (Apache runs in its own process group). */
const servers: RunningServer[] = [];
/** Fixture directory to remove on any exit path (null once removed or when --keep). */
let fixtureToRemove: string | null = null;
process.on('exit', () => {
  servers.forEach((s) => s.killNow());
  if (fixtureToRemove !== null) rmSync(fixtureToRemove, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    servers.forEach((s) => s.killNow());
    process.exit(130);
  });
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const missing = missingTools();
  if (missing.length > 0) {
    console.error(
      `Apache httpd is not installed (missing: ${missing.join(', ')}); the conformance suite needs it as the oracle.`,
    );
    console.error('Install it with:  apt-get update && apt-get install -y apache2 apache2-utils openssl');
    console.error('0 passed, 1 failed');
    return 2;
  }
  if (process.getuid?.() !== 0) {
    console.error(
      'warning: not running as root; servers cannot switch to www-data and permission cases will not mean much',
    );
  }
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const cases = selectCases(opts);
  const started = Date.now();
  const fixture = buildFixture(cases);
  if (!opts.keep) fixtureToRemove = fixture.base;
  servers.length = 0;
  let exitCode = 1;
  try {
    // One Apache and one htserve per module set: mod_rewrite is loaded for its own area only, so
    // the <IfModule mod_rewrite.c> blocks of the other cases stay skipped on both sides.
    const groups = new Map<string, Case[]>();
    for (const c of cases) {
      const extra = (AREA_MODULES[c.area] ?? []).join(',');
      groups.set(extra, [...(groups.get(extra) ?? []), c]);
    }
    const outcomes: Outcome[] = [];
    const crashed: HtserveSupervisor[] = [];
    for (const [extraText, group] of groups) {
      const extra = extraText === '' ? [] : extraText.split(',');
      const apache = await startApache(fixture.stateDir, fixture.docroot, extra);
      servers.push(apache);
      let htserve: HtserveSupervisor | null = null;
      if (!opts.apacheOnly) {
        try {
          htserve = await HtserveSupervisor.start(repoRoot, fixture.docroot, htserveModules(extra), (s) =>
            servers.push(s),
          );
        } catch (e) {
          console.error(`htserve could not be started: ${(e as Error).message}`);
          const total = cases.reduce((n, c) => n + c.requests.length, 0);
          console.log(`0 passed, ${total} failed`);
          return 1;
        }
      }
      outcomes.push(...(await runAll(group, fixture.urlOf, apache.port, htserve, opts.concurrency)));
      if (htserve) crashed.push(htserve);
    }
    for (const htserve of crashed) {
      if (htserve.crashes.length > 0) {
        console.error(
          `htserve crashed ${htserve.crashes.length} time(s) and was restarted; first crash after ${htserve.crashes[0]!.target}:`,
        );
        console.error(htserve.crashes[0]!.log);
      }
    }
    if (opts.markdown && !opts.apacheOnly) console.log(markdownReport(outcomes));
    else console.log(textReport(outcomes, { verbose: opts.verbose, apacheOnly: opts.apacheOnly }));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (opts.keep) console.error(`fixture kept in ${fixture.base} (Apache logs in ${fixture.stateDir}/apache/logs)`);
    if (opts.apacheOnly) {
      const errors = outcomes.filter((o) => 'error' in o.apache).length;
      const oracle = outcomes.filter((o) => o.oracleMismatch).length;
      console.log(
        `apache-only: ${outcomes.length} requests in ${cases.length} cases, ` +
          `${oracle} differ from their expected status, ${errors} errors (${seconds}s)`,
      );
      exitCode = errors + oracle > 0 ? 1 : 0;
    } else {
      const failed = outcomes.filter((o) => o.verdict === 'differ' || o.verdict === 'error').length;
      const passed = outcomes.length - failed;
      if (!opts.markdown) console.log(`(${cases.length} cases, ${seconds}s)`);
      console.log(`${passed} passed, ${failed} failed`);
      exitCode = failed > 0 ? 1 : 0;
    }
  } finally {
    for (const s of [...servers].reverse()) await s.stop();
    servers.length = 0;
    if (!opts.keep) rmSync(fixture.base, { recursive: true, force: true });
    fixtureToRemove = null;
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
