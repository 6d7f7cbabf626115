// mod_maxminddb's configuration, one level of it: the server's (server.ini [geoip], Apache's
// server config outside any <Directory>) or a directory's (access files, <Files>, <If>). The two
// levels are never merged with each other, as in the module: each runs on its own, the server's
// first (post_read_request), the directory's after <If> (header_parser).
import type { Located } from '../htaccess/types.js';

export interface MaxMindSettings {
  /** MaxMindDBEnable: undefined = not said here (the parent's value holds). */
  enabled?: Located<boolean>;
  /** MaxMindDBFile NAME PATH, by NAME. The path is as written (resolved against the server root). */
  databases: ReadonlyMap<string, Located<string>>;
  /** MaxMindDBEnv VAR DB/path/...: per database, the variable and its path below the record. */
  lookups: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** MaxMindDBNetworkEnv DB VAR: the variable that receives the matched network, per database. */
  networkEnv: ReadonlyMap<string, string>;
}

export const NO_MAXMIND: MaxMindSettings = { databases: new Map(), lookups: new Map(), networkEnv: new Map() };

/**
 * mod_maxminddb's merge_config: Enable from the child if it says so; databases and network
 * variables overlaid by name; the lookups of a database overlaid variable by variable.
 */
export function mergeMaxMind(parent: MaxMindSettings | undefined, child: MaxMindSettings): MaxMindSettings {
  if (!parent) return child;
  const lookups = new Map(parent.lookups);
  for (const [db, vars] of child.lookups) lookups.set(db, new Map([...(parent.lookups.get(db) ?? []), ...vars]));
  const enabled = child.enabled ?? parent.enabled;
  return {
    ...(enabled ? { enabled } : {}),
    databases: new Map([...parent.databases, ...child.databases]),
    lookups,
    networkEnv: new Map([...parent.networkEnv, ...child.networkEnv]),
  };
}

/** Does this level run at all? (MaxMindDBEnable On: it then sets MMDB_ADDR even without a database.) */
export function isActive(s: MaxMindSettings | undefined): s is MaxMindSettings {
  return s?.enabled?.value === true;
}

/**
 * set_maxminddb_env's parsing of `DB/key/0/key`: split on `/`, empty pieces dropped (apr_strtok);
 * null when there is nothing at all (the module then ignores the line). At most 80 path pieces.
 */
export function parseLookupPath(text: string): { database: string; path: string[] } | null {
  const pieces = text.split('/').filter((p) => p !== '');
  if (pieces.length === 0) return null;
  return { database: pieces[0]!, path: pieces.slice(1, 81) };
}
