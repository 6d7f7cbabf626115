// SIGHUP: read server.ini again. A new configuration that does not load, or whose document root
// or types file is unusable, is refused (the running one keeps serving); settings bound at start-up
// (the listening socket, the user, the workers, the open logs, the attempt-limit table) are kept
// as they are and named in the error log as needing a restart.
import type { ServerConfig } from '../config/server-config.js';

interface RestartOnly {
  name: string;
  section: keyof ServerConfig;
  field: string;
}

function restartOnly(section: keyof ServerConfig, fields: Record<string, string>): RestartOnly[] {
  return Object.entries(fields).map(([key, field]) => ({ name: `${section}.${key}`, section, field }));
}

const RESTART_ONLY: readonly RestartOnly[] = [
  ...restartOnly('server', {
    host: 'host',
    port: 'port',
    user: 'user',
    group: 'group',
    workers: 'workers',
    // fixed when the socket and its parser were made
    max_header_bytes: 'maxHeaderBytes',
    max_connections_per_ip: 'maxConnectionsPerIp',
  }),
  ...restartOnly('log', { access: 'access', error: 'error', level: 'level' }),
  // the kind of listener (HTTPS or not, HTTP/2, the redirect port) is made once; a new
  // certificate and key for a running HTTPS listener are read by the reload (running.reloadTls)
  ...restartOnly('tls', { http2: 'http2', redirect_port: 'redirectPort' }),
  // the table is shared (cluster primary, Redis): every holder must count the same way
  ...restartOnly('auth', {
    store: 'store',
    max_failures: 'maxFailures',
    failure_window_s: 'failureWindowS',
    lockout_s: 'lockoutS',
    max_tracked_clients: 'maxTrackedClients',
  }),
];

function comparable(v: unknown): string {
  return JSON.stringify(v instanceof Set ? [...(v as Set<unknown>)].sort() : v);
}

function field(config: ServerConfig, r: RestartOnly): unknown {
  return (config[r.section] as Record<string, unknown>)[r.field];
}

export interface ReloadPlan {
  /** The new configuration with every restart-only setting as it runs now. */
  config: ServerConfig;
  /** `server.port: 8080 -> 8081` for each restart-only setting the file changed. */
  needRestart: string[];
}

export function planReload(running: ServerConfig, next: ServerConfig): ReloadPlan {
  const needRestart: string[] = [];
  const sections = Object.fromEntries(
    Object.entries(next).map(([name, body]) => [name, { ...(body as object) }]),
  ) as Record<keyof ServerConfig, Record<string, unknown>>;
  for (const r of RESTART_ONLY) {
    const was = field(running, r);
    const now = field(next, r);
    if (comparable(was) === comparable(now)) continue;
    needRestart.push(`${r.name}: ${comparable(was)} -> ${comparable(now)}`);
    sections[r.section][r.field] = was;
  }
  if ((running.tls.cert === null) !== (next.tls.cert === null)) {
    needRestart.push(`tls.cert: ${comparable(running.tls.cert)} -> ${comparable(next.tls.cert)}`);
    sections.tls.cert = running.tls.cert;
    sections.tls.key = running.tls.key;
  }
  for (const body of Object.values(sections)) Object.freeze(body);
  return { config: Object.freeze(sections) as unknown as ServerConfig, needRestart };
}
