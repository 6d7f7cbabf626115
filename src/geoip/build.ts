// mod_maxminddb's part of the pipeline context: the shared database cache (watched like the other
// caches) and the server level from server.ini [geoip], whose databases must open at start-up.
import path from 'node:path';
import type { DirWatchHub } from '../cache/dir-watch.js';
import type { ServerConfig } from '../config/server-config.js';
import { GeoDatabases } from './databases.js';
import { GeoLookups } from './geo-lookups.js';
import { serverMaxMind } from './server-settings.js';

/**
 * Null when `maxminddb` is not in server.modules (then [geoip] must not configure anything).
 * Throws when [geoip] cannot be used as written (a database that does not open).
 */
export async function buildGeoLookups(config: ServerConfig, watchHub: DirWatchHub): Promise<GeoLookups | null> {
  const g = config.geoip;
  const server = serverMaxMind(g);
  if (!config.server.modules.has('maxminddb')) {
    if (server) throw new Error('[geoip] is configured but maxminddb is not in server.modules');
    return null;
  }
  const databases = new GeoDatabases({
    revalidateMs: config.cache.revalidateMs,
    lookupCacheSize: g.lookupCache,
    maxBytes: g.maxDatabaseBytes,
    maxDatabases: g.maxDatabases,
    onOpen: (file) => watchHub.get(path.dirname(file)),
  });
  // A database replaced in place (geoipupdate renames the new file over the old) is reopened at once.
  watchHub.onChange((dir, name) => {
    if (name !== null) databases.invalidate(path.join(dir, name));
  });
  const geo = new GeoLookups(server, databases, config.server.serverRoot);
  await geo.start();
  return geo;
}
