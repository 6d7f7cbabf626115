// The pipeline's two calls into mod_maxminddb (src/geoip/geo-lookups.ts), and what a database
// that does not open, or a lookup that fails, does to the Decision.
import type { Decision, DecisionStep } from '../decision.js';
import { formatLoc } from '../decision.js';
import { errorDecision } from '../request.js';
import type { GeoEnv, GeoLookups } from './geo-lookups.js';
import type { MaxMindSettings } from './settings.js';

export interface EarlyGeo {
  geo: GeoEnv | null;
  steps: readonly DecisionStep[];
}

/** The server level is off: nothing set, nothing traced. */
export const NO_GEO: EarlyGeo = { geo: null, steps: [] };

/** post_read_request: the server level's variables, with their trace lines. */
export async function serverGeoEnv(geo: GeoLookups, clientIp: string): Promise<EarlyGeo> {
  const steps: DecisionStep[] = [];
  return { geo: await geo.serverEnv(clientIp, steps), steps };
}

/**
 * header_parser: the directory level's variables on top of the server level's, or the 500 of an
 * access file whose MaxMindDBFile does not open (logged as `file:line: MaxMindDBFile: ...`).
 */
export async function dirGeoEnv(
  geo: GeoLookups,
  settings: MaxMindSettings,
  clientIp: string,
  early: GeoEnv | null,
  steps: DecisionStep[],
): Promise<GeoEnv | Decision | null> {
  const dir = await geo.dirEnv(settings, clientIp, early?.env ?? new Map(), steps);
  if (dir === null) return early;
  if ('failed' in dir) {
    const where = `${formatLoc(dir.loc)}: ${dir.failed}`;
    return errorDecision(500, `500: ${where}`, steps, null, {
      decidedBy: { loc: dir.loc, text: dir.failed },
      logNote: { level: 'error', code: 'HT500', message: where },
    });
  }
  return { env: dir.env, errors: [...(early?.errors ?? []), ...dir.errors] };
}

/** The module logs lookup errors and serves on without those variables: one line per request. */
export function noteGeoErrors(decision: Decision, geo: GeoEnv | null): void {
  if (!geo || geo.errors.length === 0 || decision.logNote) return;
  decision.logNote = { level: 'error', code: 'HT040', message: `[mod_maxminddb]: ${geo.errors.join('; ')}` };
}
