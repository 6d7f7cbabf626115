// Command-line flags of `npm run bench -- [flags]`.

import { SCENARIO_IDS } from './scenarios.js';

export interface BenchOptions {
  quick: boolean;
  /** Seconds per measured run (fractions allowed). */
  duration: number;
  /** Seconds of warm-up per server and scenario. */
  warmup: number;
  connections: number;
  threads: number;
  /** Seconds the wrong-password flood runs before the public load starts. */
  floodLead: number;
  /** Seconds after which no more loads start (statuses are still checked); null: no limit. */
  budget: number | null;
  only: string[] | null;
  scenarios: string[] | null;
  workers: number | null;
  readme: boolean;
  loader: 'auto' | 'wrk' | 'autocannon';
  keep: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run bench -- [flags]
  --quick              smoke test for CI, under a minute: 0.3 s runs, 0.05 s warm-up, 8 connections
  --duration S         seconds per measured run (default 10; fractions allowed)
  --warmup S           seconds of warm-up per server and scenario (default 2)
  --connections N      concurrent connections per load (default 50)
  --threads N          wrk threads (default 2)
  --only a,b           servers: htserve,apache,nginx,caddy,sirv,serve-static,http-server
  --scenarios a,b      scenarios: ${SCENARIO_IDS.join(',')}
  --budget S           after S seconds load only htserve, check the peers' statuses (--quick: 32)
  --workers N          start htserve with --set server.workers=N
  --loader wrk|autocannon  force the load generator (default: wrk if installed)
  --readme             also print the markdown block to paste into README.md
  --keep               keep the temp dir (fixture, server configs and logs)
`;

function positiveNumber(flag: string, v: string | undefined, integer: boolean): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} needs a positive ${integer ? 'integer' : 'number'}`);
  }
  return n;
}

function list(flag: string, v: string | undefined): string[] {
  const items = (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`${flag} needs a comma-separated list`);
  return items;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const o: BenchOptions = {
    quick,
    duration: quick ? 0.3 : 10,
    warmup: quick ? 0.05 : 2,
    connections: quick ? 8 : 50,
    threads: 2,
    floodLead: quick ? 0.2 : 2,
    budget: quick ? 32 : null,
    only: null,
    scenarios: null,
    workers: null,
    readme: false,
    loader: 'auto',
    keep: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string | undefined => (raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '--quick':
        break;
      case '--duration':
        o.duration = positiveNumber(flag, value(), false);
        break;
      case '--warmup': {
        const v = value();
        o.warmup = v === '0' ? 0 : positiveNumber(flag, v, false);
        break;
      }
      case '--connections':
        o.connections = positiveNumber(flag, value(), true);
        break;
      case '--threads':
        o.threads = positiveNumber(flag, value(), true);
        break;
      case '--only':
        o.only = list(flag, value());
        break;
      case '--scenarios':
        o.scenarios = list(flag, value());
        for (const s of o.scenarios) {
          if (!SCENARIO_IDS.includes(s)) throw new UsageError(`unknown scenario ${s} (${SCENARIO_IDS.join(', ')})`);
        }
        break;
      case '--budget':
        o.budget = positiveNumber(flag, value(), false);
        break;
      case '--workers':
        o.workers = positiveNumber(flag, value(), true);
        break;
      case '--loader': {
        const v = value();
        if (v !== 'wrk' && v !== 'autocannon' && v !== 'auto') throw new UsageError('--loader is wrk or autocannon');
        o.loader = v;
        break;
      }
      case '--readme':
        o.readme = true;
        break;
      case '--keep':
        o.keep = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown flag ${raw}`);
    }
  }
  return o;
}
