// `htserve lint` for MaxMindDBFile: a database an access file names that does not open makes every
// request below that file a 500 (src/geoip/geo-lookups.ts), so lint opens each one once.
import path from 'node:path';
import type { ServerConfig } from '../config/server-config.js';
import { GeoDatabases } from '../geoip/databases.js';
import type { DirFragment, SourceLoc } from '../htaccess/types.js';
import type { Finding } from './findings.js';

/** Remember where each database file is first named (absolute path -> file:line). */
export function collectDatabases(frag: DirFragment, serverRoot: string, into: Map<string, SourceLoc>): void {
  for (const file of frag.maxmind?.databases.values() ?? []) {
    const abs = path.resolve(serverRoot, file.value);
    if (!into.has(abs)) into.set(abs, file.loc);
  }
}

export async function checkDatabases(
  files: ReadonlyMap<string, SourceLoc>,
  config: ServerConfig,
  out: Finding[],
): Promise<void> {
  if (files.size === 0) return;
  // Opened one at a time and not kept: lint needs only whether each one opens.
  const dbs = new GeoDatabases({
    revalidateMs: 0,
    lookupCacheSize: 1,
    maxBytes: config.geoip.maxDatabaseBytes,
    maxDatabases: 1,
  });
  for (const [file, loc] of files) {
    const load = await dbs.get(file);
    if (load.kind === 'error') {
      out.push({ ...loc, severity: 'error', message: `${load.message} (every request here gets 500)` });
    }
  }
}
