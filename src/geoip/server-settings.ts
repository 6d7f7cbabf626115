// server.ini [geoip]: mod_maxminddb's directives at Apache's server level (outside any
// <Directory>), written as `NAME=VALUE` lists. `[geoip] databases = COUNTRY_DB=/x.mmdb` is
// `MaxMindDBFile COUNTRY_DB /x.mmdb`, `env = MM_COUNTRY_CODE=COUNTRY_DB/country/iso_code` is
// `MaxMindDBEnv MM_COUNTRY_CODE COUNTRY_DB/country/iso_code`, `network_env = COUNTRY_DB=NET` is
// `MaxMindDBNetworkEnv COUNTRY_DB NET`, and `enable = true` is `MaxMindDBEnable On`.
import { serverLoc } from '../htaccess/effective-config.js';
import { parseLookupPath, type MaxMindSettings } from './settings.js';

export interface GeoServerConfig {
  enable: boolean;
  /** (name, absolute path) pairs. */
  databases: readonly (readonly [string, string])[];
  /** (variable, DB/path) pairs. */
  env: readonly (readonly [string, string])[];
  /** (database, variable) pairs. */
  networkEnv: readonly (readonly [string, string])[];
  /** Addresses whose answers each open database keeps (LRU). */
  lookupCache: number;
  /** Largest database file that is opened (the reader holds it in memory). */
  maxDatabaseBytes: number;
  /** Most database files open at once (server.ini's and those access files name). */
  maxDatabases: number;
}

/** `A=B C=D` (spaces or commas between pairs): each pair split at its first `=`, neither side empty. */
export function parsePairs(text: string, what: string): [string, string][] {
  const out: [string, string][] = [];
  for (const word of text.split(/[\s,]+/)) {
    if (word === '') continue;
    const eq = word.indexOf('=');
    if (eq <= 0 || eq === word.length - 1) throw new Error(`'${word}' is not ${what}`);
    out.push([word.slice(0, eq), word.slice(eq + 1)]);
  }
  return out;
}

/** The server level as the directory level's settings shape; null when nothing is configured. */
export function serverMaxMind(c: GeoServerConfig): MaxMindSettings | null {
  if (!c.enable && c.databases.length === 0) return null;
  const loc = serverLoc();
  const lookups = new Map<string, Map<string, readonly string[]>>();
  for (const [variable, text] of c.env) {
    const parsed = parseLookupPath(text);
    if (!parsed) continue;
    let vars = lookups.get(parsed.database);
    if (!vars) lookups.set(parsed.database, (vars = new Map<string, readonly string[]>()));
    vars.set(variable, parsed.path);
  }
  return {
    ...(c.enable ? { enabled: { value: true, loc } } : {}),
    databases: new Map(c.databases.map(([name, file]) => [name, { value: file, loc }])),
    lookups,
    networkEnv: new Map(c.networkEnv),
  };
}
