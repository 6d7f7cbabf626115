// Arguments of `htserve check`, and which words name the site and which are URLs (see
// ROOT_RULE below: the same sentence is in `--help` and the README).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './serve-args.js';

export interface CheckArgs {
  urls: string[];
  root?: string;
  /** How the root was named: `--root DIR`, or a word that names an existing directory. */
  rootFrom?: 'option' | 'word';
  configFile: string | null;
  overrides: string[];
  json: boolean;
  casesFile: string | null;
  user: string | null;
  password: string | null;
  /** `--bearer TOKEN`: sent as `Authorization: Bearer TOKEN` (never printed). */
  bearer: string | null;
  ip: string;
  method: string;
  headers: Array<[string, string]>;
}

export interface CheckParseOptions {
  /** One line of a cases file: URLs and request options only (the site is named on the command line). */
  caseLine?: boolean;
  /**
   * The document root the configuration names without a ROOT (server.ini, --set, default), used
   * to tell an absolute directory that is also a path of the site (a URL) from one that is not.
   */
  configuredRoot?: (args: CheckArgs) => string;
}

export const ROOT_RULE = `--root DIR is the unambiguous way to name the site. The positional ROOT is a shorthand:
*, http://… and https://… are URLs. A word that does not start with / must be an existing
directory: it is the ROOT. A word starting with / is a URL, except an absolute path (other
than /) of an existing directory that is not also a path under the configured document root:
that is the ROOT (\`check --cases rules.test /srv/site\`, \`check /index.html /srv/site\`);
with --cases an existing directory is always the ROOT. Once --root DIR (or a relative ROOT)
names the site, every word starting with / is a URL. Only one ROOT may be given.`;

const URL_FORMS = 'URLs start with /, or are http://…, https://… or * for OPTIONS';

function isDirectory(word: string): boolean {
  try {
    return statSync(word).isDirectory();
  } catch {
    return false;
  }
}

/** `*`, `http://host/path` and `https://…` are URLs whatever exists on disk. */
function isUrlForm(word: string): boolean {
  return word === '*' || /^https?:\/\//i.test(word);
}

const CASE_LINE_REFUSED = new Set(['--root', '--config', '-c', '--set', '--cases', '--json']);

export function parseCheckArgs(argv: readonly string[], opts: CheckParseOptions = {}): CheckArgs {
  const out: CheckArgs = {
    urls: [],
    configFile: null,
    overrides: [],
    json: false,
    casesFile: null,
    user: null,
    password: null,
    bearer: null,
    ip: '127.0.0.1',
    method: 'GET',
    headers: [],
  };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (opts.caseLine && CASE_LINE_REFUSED.has(a))
      throw new UsageError(`${a} belongs on the command line, not in a cases file`);
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
      case '--bearer':
        out.bearer = next();
        break;
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
      case '--root': {
        const v = next();
        if (out.root !== undefined) throw new UsageError(`only one ROOT may be given (got ${out.root} and ${v})`);
        out.root = v;
        out.rootFrom = 'option';
        break;
      }
      case '--config':
      case '-c':
        out.configFile = next();
        break;
      case '--set':
        out.overrides.push(next());
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        words.push(a);
    }
  }
  if (out.bearer !== null && out.user !== null) throw new UsageError('--user and --bearer cannot both be given');
  if (opts.caseLine) {
    for (const w of words) {
      if (!isUrlForm(w) && !w.startsWith('/')) throw new UsageError(`'${w}' is not a URL (${URL_FORMS})`);
      out.urls.push(w);
    }
    return out;
  }
  classifyWords(words, out, opts);
  return out;
}

function setRoot(out: CheckArgs, word: string): void {
  if (out.root !== undefined) throw new UsageError(`only one ROOT may be given (got ${out.root} and ${word})`);
  out.root = word;
  out.rootFrom = 'word';
}

/** Applies ROOT_RULE: relative words first (they name the site), then absolute ones; URLs keep their order. */
function classifyWords(words: readonly string[], out: CheckArgs, opts: CheckParseOptions): void {
  const relative = words.filter((w) => !isUrlForm(w) && !w.startsWith('/'));
  for (const w of relative) {
    if (out.rootFrom === 'option')
      throw new UsageError(`'${w}' is not a URL (${URL_FORMS}); the document root is already given by --root`);
    if (!isDirectory(w)) throw new UsageError(`'${w}' is neither a URL (${URL_FORMS}) nor an existing directory`);
    setRoot(out, w);
  }
  let site: string | undefined;
  const underSite = (w: string): boolean => {
    site ??= opts.configuredRoot?.(out) ?? path.resolve('www');
    return existsSync(path.join(site, w));
  };
  // an absolute word is a ROOT candidate only while neither --root nor a relative word names the site
  const named = out.root !== undefined;
  for (const w of words) {
    if (isUrlForm(w)) out.urls.push(w);
    else if (!w.startsWith('/')) continue;
    else if (!named && w !== '/' && isDirectory(w) && (out.casesFile !== null || !underSite(w))) setRoot(out, w);
    else out.urls.push(w);
  }
  if (out.casesFile !== null && out.urls.length > 0) {
    throw new UsageError(
      `'${out.urls[0]}': with --cases the URLs come from the cases file (a ROOT must be an existing directory)`,
    );
  }
}
