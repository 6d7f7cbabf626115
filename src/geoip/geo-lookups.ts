// The two places mod_maxminddb runs in a request, as a port of the pipeline context:
//   - the server level (server.ini [geoip]) in post_read_request, before anything else, so
//     <If>, SetEnvIf, Require env, Allow/Deny from env= and rewrites all see its variables;
//   - the directory level (access files) in header_parser: after <If>, before SetEnvIf, so all
//     but <If> see them.
// The client address is the one the pipeline uses (RequestInfo.clientIp).
import path from 'node:path';
import type { DecisionStep } from '../decision.js';
import type { SourceLoc } from '../htaccess/types.js';
import type { GeoDatabase, GeoDatabases } from './databases.js';
import { exportEnv, type ExportNotes, type OpenedDatabases } from './export-env.js';
import { isActive, type MaxMindSettings } from './settings.js';

/** What one level added: its variables (on top of those before it) and what to log. */
export interface GeoEnv {
  env: ReadonlyMap<string, string>;
  errors: readonly string[];
}

export class GeoLookups {
  /** Server level: the last version of each database that opened, kept if a reopen fails (as Apache keeps its map). */
  private readonly serverDbs = new Map<string, GeoDatabase>();

  constructor(
    /** server.ini [geoip], or null when it does not enable the module. */
    private readonly server: MaxMindSettings | null,
    readonly databases: GeoDatabases,
    /** Relative MaxMindDBFile paths are taken from here (server.server_root). */
    private readonly serverRoot: string,
  ) {}

  get serverActive(): boolean {
    return this.server !== null && isActive(this.server);
  }

  /** Open the server level's databases at start-up: a file that does not open stops the server. */
  async start(): Promise<void> {
    if (!this.server) return;
    const opened = await this.open(this.server);
    if (opened.kind === 'error') throw new Error(opened.message);
    for (const [name, db] of opened.dbs) this.serverDbs.set(name, db);
  }

  /** post_read_request: the server level's variables for this client (none when it is off). */
  async serverEnv(address: string, steps: DecisionStep[]): Promise<GeoEnv | null> {
    const s = this.server;
    if (!s || !isActive(s)) return null;
    const opened = await this.open(s);
    const errors: string[] = [];
    if (opened.kind === 'ok') for (const [name, db] of opened.dbs) this.serverDbs.set(name, db);
    // A database that no longer opens keeps answering from its last good version.
    else errors.push(`${opened.message}; still using the version opened before`);
    const env = new Map<string, string>();
    const notes: ExportNotes = { trace: [], errors };
    exportEnv(s, this.serverDbs, address, env, notes);
    for (const text of notes.trace) steps.push({ stage: 'map', text: `(server.ini [geoip]) ${text}` });
    return { env, errors };
  }

  /**
   * header_parser: the directory level's variables on top of `before`. A database its access
   * files name that does not open fails the request (Apache fails the access file), whether
   * or not MaxMindDBEnable is On.
   */
  async dirEnv(
    settings: MaxMindSettings | undefined,
    address: string,
    before: ReadonlyMap<string, string>,
    steps: DecisionStep[],
  ): Promise<GeoEnv | { failed: string; loc: SourceLoc } | null> {
    if (!settings || (settings.databases.size === 0 && !isActive(settings))) return null;
    const opened = await this.open(settings);
    if (opened.kind === 'error') return { failed: opened.message, loc: opened.loc };
    if (!isActive(settings)) return null;
    const env = new Map(before);
    const notes: ExportNotes = { trace: [], errors: [] };
    exportEnv(settings, opened.dbs, before.get('MMDB_ADDR') ?? address, env, notes);
    for (const text of notes.trace) steps.push({ stage: 'files', text, loc: settings.enabled?.loc });
    return { env, errors: notes.errors };
  }

  private async open(settings: MaxMindSettings): Promise<OpenedDatabases> {
    const dbs = new Map<string, GeoDatabase>();
    for (const [name, file] of settings.databases) {
      const abs = path.resolve(this.serverRoot, file.value);
      const ready = this.databases.peek(abs);
      if (ready) {
        dbs.set(name, ready);
        continue;
      }
      const load = await this.databases.get(abs);
      if (load.kind === 'error') return { kind: 'error', message: load.message, loc: file.loc };
      dbs.set(name, load.db);
    }
    return { kind: 'ok', dbs };
  }
}
