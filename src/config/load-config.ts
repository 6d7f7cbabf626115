// server.ini + `--set` overrides -> a validated, frozen ServerConfig.
// Errors point home: `conf/server.ini:LINE: message` (exit code 2 at start-up).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ini from 'ini';
import type { ServerConfig } from './server-config.js';
import { CONFIG_KEYS, findKey, type ConfigDraft, type KeyName } from './keys.js';

export class ConfigLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigLoadError';
  }
}

export interface ConfigSources {
  /** Path of server.ini, or null to use only defaults and overrides. */
  configFile: string | null;
  /** `section.key=value` overrides from the command line, applied in order after the file. */
  overrides: readonly string[];
  /** server.ini keys as an object (the library's options), applied after the file, before overrides. */
  options?: ConfigOptions;
  /** Document root given on the command line (wins over both). */
  rootArg?: string;
  cwd: string;
}

function defaults(cwd: string): ConfigDraft {
  const d = {
    server: {
      host: '',
      port: 0,
      root: '',
      serverRoot: cwd,
      user: '',
      group: '',
      headersTimeoutMs: 0,
      requestTimeoutMs: 0,
      keepAliveTimeoutMs: 0,
      socketTimeoutMs: 0,
      maxHeaderBytes: 0,
      maxHeaderFieldBytes: 0,
      maxUrlLength: 0,
      maxConnections: 0,
      maxConnectionsPerIp: 0,
      workers: 1,
      errorPages: 'friendly',
      modules: new Set<string>(),
      shutdownGraceMs: 0,
    },
    cache: {
      revalidateMs: 0,
      watch: true,
      maxWatchedDirs: 0,
      plans: 0,
      bodyBytes: 0,
      bodyMaxFileBytes: 0,
      bodyFirstRequestBytes: 0,
      listings: 0,
    },
    access: {
      accessFile: '',
      allowOverride: { categories: new Set(), optionsList: null },
      options: new Set(),
      directoryIndex: [],
      forbiddenOnFailure: true,
      fancyIndexing: false,
      osenvAllow: [],
      accessFileCacheSize: 0,
      authCacheSize: 0,
    },
    auth: {
      hashWorkers: null,
      hashQueue: null,
      maxPasswordBytes: 0,
      maxFailures: 0,
      failureWindowS: 0,
      lockoutS: 0,
      maxTrackedClients: 0,
      store: '',
    },
    dns: { timeoutMs: 0, tries: 0, servers: [], cacheTtlS: 0 },
    compression: { level: 6, cacheBytes: 0, maxFileBytes: 0, precompressed: [] },
    mime: { typesFile: null, defaultCharset: null },
    tls: { cert: null, key: null, http2: false, redirectPort: null, hsts: null },
    proxy: { trusted: [], header: 'x-forwarded-for' },
    log: { access: '-', error: '-', level: 'info' },
    geoip: {
      enable: false,
      databases: [],
      env: [],
      networkEnv: [],
      lookupCache: 0,
      maxDatabaseBytes: 0,
      maxDatabases: 0,
    },
  } as ConfigDraft;
  const resolve = (p: string) => path.resolve(cwd, p);
  for (const k of CONFIG_KEYS) {
    if (k.defaultText.startsWith('(')) continue; // computed defaults
    k.apply(d, k.defaultText, resolve);
  }
  return d;
}

/** Line numbers of `[section]` / `key =` lines, so value errors can point at them. */
function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    const sec = /^\[([^\]]*)\]$/.exec(line);
    if (sec) {
      section = sec[1]!.trim();
      if (!lines.has(`[${section}]`)) lines.set(`[${section}]`, i + 1);
      return;
    }
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    lines.set(`${section}.${key}`, i + 1);
  });
  return lines;
}

/** Applies the file; returns the line of each `section.key` it set, for checks across keys. */
function applyFile(draft: ConfigDraft, file: string, userGiven: { group: boolean }): Map<string, number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigLoadError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const where = keyLines(text);
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string) => path.resolve(base, p);
  for (const [name, line] of where) {
    const sec = /^\[(.*)\]$/.exec(name);
    if (sec && !CONFIG_KEYS.some((k) => k.section === sec[1])) {
      throw new ConfigLoadError(`${file}:${line}: unknown section [${sec[1]}]`);
    }
  }
  const parsed = ini.parse(text) as Record<string, unknown>;
  for (const [section, body] of Object.entries(parsed)) {
    if (body === null || typeof body !== 'object') {
      const line = where.get(`.${section}`) ?? 1;
      throw new ConfigLoadError(`${file}:${line}: key '${section}' must be inside a [section]`);
    }
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const line = where.get(`${section}.${key}`) ?? where.get(`[${section}]`) ?? 1;
      const spec = findKey(section, key);
      if (!spec) {
        const known = CONFIG_KEYS.some((k) => k.section === section);
        throw new ConfigLoadError(
          known
            ? `${file}:${line}: unknown key '${key}' in [${section}]`
            : `${file}:${line}: unknown section [${section}]`,
        );
      }
      if (typeof value === 'object' && value !== null) {
        throw new ConfigLoadError(`${file}:${line}: ${section}.${key}: expected a single value`);
      }
      try {
        spec.apply(draft, String(value), resolve);
        if (section === 'server' && key === 'group') userGiven.group = true;
      } catch (e) {
        throw new ConfigLoadError(`${file}:${line}: ${section}.${key}: ${(e as Error).message}`);
      }
    }
  }
  return where;
}

/**
 * [tls] keys that only mean something together: a certificate needs its key (and the reverse),
 * and http2, redirect_port and hsts need HTTPS. `at(key)` says where a key was set.
 */
function checkTls(tls: ConfigDraft['tls'], at: (key: string) => string): void {
  if (tls.cert !== null && tls.key === null) throw new ConfigLoadError(`${at('cert')}tls.cert: needs tls.key too`);
  if (tls.key !== null && tls.cert === null) throw new ConfigLoadError(`${at('key')}tls.key: needs tls.cert too`);
  if (tls.cert !== null) return;
  if (tls.http2)
    throw new ConfigLoadError(`${at('http2')}tls.http2: needs tls.cert and tls.key (HTTP/2 is HTTPS only)`);
  if (tls.redirectPort !== null)
    throw new ConfigLoadError(`${at('redirect_port')}tls.redirect_port: needs tls.cert and tls.key to redirect to`);
  if (tls.hsts !== null) throw new ConfigLoadError(`${at('hsts')}tls.hsts: needs tls.cert and tls.key`);
}

function applyOverride(draft: ConfigDraft, text: string, cwd: string, userGiven: { group: boolean }): void {
  const m = /^([a-z_]+)\.([a-z_0-9]+)=(.*)$/s.exec(text);
  if (!m) throw new ConfigLoadError(`--set ${text}: expected SECTION.KEY=VALUE`);
  const [, section, key, value] = m as unknown as [string, string, string, string];
  const spec = findKey(section, key);
  if (!spec) throw new ConfigLoadError(`--set ${text}: unknown key ${section}.${key}`);
  try {
    spec.apply(draft, value, (p) => path.resolve(cwd, p));
    if (section === 'server' && key === 'group') userGiven.group = true;
  } catch (e) {
    throw new ConfigLoadError(`--set ${section}.${key}: ${(e as Error).message}`);
  }
}

/** One server.ini value in an options object: `port: 0`, `forbidden_on_failure: false`, `directory_index: ['a', 'b']`. */
export type ConfigValue = string | number | boolean | readonly string[];

/** server.ini as an object, `{ server: { root: './site' }, log: { access: '' } }`: the same keys, checked by type. */
export type ConfigOptions = {
  readonly [S in keyof ServerConfig]?: { readonly [K in KeyName<S>]?: ConfigValue };
};

function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(' ');
  if (value === null) return '';
  throw new Error(
    `expected a string, number, boolean or array of strings, got ${JSON.stringify(value) ?? typeof value}`,
  );
}

/** Errors name the key as a property path: `options.access.allow_override: …`. */
function applyOptions(draft: ConfigDraft, options: ConfigOptions, cwd: string, userGiven: { group: boolean }): void {
  const sections = [...new Set(CONFIG_KEYS.map((k) => k.section))];
  for (const [section, body] of Object.entries(options as Record<string, unknown>)) {
    if (body === undefined) continue;
    if (!(sections as string[]).includes(section))
      throw new ConfigLoadError(`options.${section}: unknown section (expected ${sections.join(', ')})`);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new ConfigLoadError(`options.${section}: expected an object of ${section} keys`);
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (value === undefined) continue;
      const spec = findKey(section, key);
      if (!spec) {
        const known = CONFIG_KEYS.filter((k) => k.section === section).map((k) => k.key);
        throw new ConfigLoadError(`options.${section}.${key}: unknown key (keys of ${section}: ${known.join(', ')})`);
      }
      try {
        spec.apply(draft, valueText(value), (p) => path.resolve(cwd, p));
        if (section === 'server' && key === 'group') userGiven.group = true;
      } catch (e) {
        throw new ConfigLoadError(`options.${section}.${key}: ${(e as Error).message}`);
      }
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Set)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function loadConfig(src: ConfigSources): ServerConfig {
  const draft = defaults(src.cwd);
  const given = { group: false };
  const lines = src.configFile ? applyFile(draft, src.configFile, given) : new Map<string, number>();
  if (src.options) applyOptions(draft, src.options, src.cwd, given);
  for (const o of src.overrides) applyOverride(draft, o, src.cwd, given);
  checkTls(draft.tls, (key) => {
    const line = lines.get(`tls.${key}`);
    return line === undefined ? '' : `${src.configFile}:${line}: `;
  });
  if (src.rootArg !== undefined) draft.server.root = path.resolve(src.cwd, src.rootArg);
  if (!given.group) draft.server.group = ''; // resolved from the user's primary group at drop time
  return deepFreeze<ServerConfig>(draft);
}
