// Arguments of `htserve check`.
import { statSync } from 'node:fs';
import { UsageError } from './serve-args.js';

export interface CheckArgs {
  urls: string[];
  root?: string;
  configFile: string | null;
  overrides: string[];
  json: boolean;
  casesFile: string | null;
  user: string | null;
  password: string | null;
  ip: string;
  method: string;
  headers: Array<[string, string]>;
}

/** `URL [ROOT]`: after the first URL, a word naming an existing directory on disk is the ROOT. */
function isDirectory(word: string): boolean {
  try {
    return statSync(word).isDirectory();
  } catch {
    return false;
  }
}

export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const out: CheckArgs = {
    urls: [],
    configFile: null,
    overrides: [],
    json: false,
    casesFile: null,
    user: null,
    password: null,
    ip: '127.0.0.1',
    method: 'GET',
    headers: [],
  };
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--json':
        out.json = true;
        break;
      case '--user':
      case '-u': {
        const v = next();
        const colon = v.indexOf(':');
        out.user = colon < 0 ? v : v.slice(0, colon);
        out.password = colon < 0 ? null : v.slice(colon + 1);
        break;
      }
      case '--ip':
        out.ip = next();
        break;
      case '--method':
      case '-X':
        out.method = next().toUpperCase();
        break;
      case '--header':
      case '-H': {
        const v = next();
        const colon = v.indexOf(':');
        if (colon <= 0) throw new UsageError(`--header expects 'Name: value', got '${v}'`);
        out.headers.push([v.slice(0, colon).trim(), v.slice(colon + 1).trim()]);
        break;
      }
      case '--cases':
        out.casesFile = next();
        break;
      case '--config':
      case '-c':
        out.configFile = next();
        break;
      case '--set':
        out.overrides.push(next());
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        positionals.push(a);
    }
  }
  positionals.forEach((p, i) => {
    const urlLike = p.startsWith('/') || /^https?:\/\//i.test(p) || p === '*';
    if (i > 0 && out.root === undefined && (!urlLike || isDirectory(p))) out.root = p;
    else if (urlLike) out.urls.push(p);
    else throw new UsageError(`'${p}' is not a URL (URLs start with / or http://)`);
  });
  return out;
}
