// mod_maxminddb's export_env for one level of configuration: MMDB_ADDR, then for every database
// that has variables, MMDB_INFO, the variables found and the network. Variables are written into
// `env` (a later level overwrites an earlier one's, as apr_table_set does).
import type { SourceLoc } from '../htaccess/types.js';
import type { GeoDatabase } from './databases.js';
import { networkText, valueAt } from './format.js';
import type { MaxMindSettings } from './settings.js';

/** The databases of one level, opened; or the first that could not be (and where it was named). */
export type OpenedDatabases =
  { kind: 'ok'; dbs: ReadonlyMap<string, GeoDatabase> } | { kind: 'error'; message: string; loc: SourceLoc };

export interface ExportNotes {
  /** One line per database looked up, for the trace (`htserve check`). */
  trace: string[];
  /** What the module would write to the error log; the request goes on without those variables. */
  errors: string[];
}

export function exportEnv(
  settings: MaxMindSettings,
  dbs: ReadonlyMap<string, GeoDatabase>,
  address: string,
  env: Map<string, string>,
  notes: ExportNotes,
): void {
  env.set('MMDB_ADDR', address);
  for (const [name, db] of dbs) {
    const vars = settings.lookups.get(name);
    if (!vars) continue;
    const found = db.lookup(address);
    if (found.kind === 'error') {
      notes.errors.push(found.message);
      notes.trace.push(`MaxMindDB ${name}: ${found.message}`);
      continue;
    }
    env.set('MMDB_INFO', 'lookup success');
    const set: string[] = [];
    if (found.record !== null) {
      for (const [variable, path] of vars) {
        env.set('MMDB_INFO', 'result found');
        const value = valueAt(found.record, path);
        if (value.kind === 'value') {
          env.set(variable, value.text);
          set.push(`${variable}=${value.text}`);
        } else if (value.kind === 'error') {
          notes.errors.push(
            value.message.startsWith('Database error')
              ? `${value.message} (${name}/${path.join('/')})`
              : `Error getting data for '${address}': ${value.message}`,
          );
        }
      }
    }
    const networkVar = settings.networkEnv.get(name);
    if (networkVar !== undefined) {
      const network = networkText(address, found.family, found.prefixLength);
      env.set(networkVar, network);
      set.push(`${networkVar}=${network}`);
    }
    const where = found.record === null ? 'not in the database' : 'found';
    notes.trace.push(`MaxMindDB ${name}: ${address} ${where}${set.length > 0 ? `: ${set.join(' ')}` : ''}`);
  }
}
