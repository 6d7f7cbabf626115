// The validated, frozen server configuration (server.ini + command-line overrides).
import type { AllowOverride, OptionName } from '../htaccess/types.js';
import type { GeoServerConfig } from '../geoip/server-settings.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ServerConfig {
  server: {
    host: string;
    port: number;
    /** Absolute path of the document root. */
    root: string;
    /** Base for relative AuthUserFile/AuthGroupFile paths (Apache's ServerRoot). */
    serverRoot: string;
    /** Dropped to after binding when started as root. */
    user: string;
    group: string;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    socketTimeoutMs: number;
    maxHeaderBytes: number;
    maxHeaderFieldBytes: number;
    maxUrlLength: number;
    maxConnections: number;
    /** Open connections one client address may hold; more are closed unanswered. */
    maxConnectionsPerIp: number;
    /** Worker processes (node:cluster); 1 = serve from this process. */
    workers: number;
    /** Built-in error pages: plain-language pages (and JSON on request), or Apache's exact pages. */
    errorPages: 'friendly' | 'apache';
    /** Apache modules counted as loaded, without `mod_` (src/htaccess/directives/modules.ts). */
    modules: ReadonlySet<string>;
    /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are cut. */
    shutdownGraceMs: number;
  };
  /** Decide once, serve many times: what may be reused, and for how long (README "Caches"). */
  cache: {
    /** Longest time a cached answer is reused without looking at the file system again; 0 = no caching. */
    revalidateMs: number;
    /** Watch the directories cached answers depend on, so changes are seen at once. */
    watch: boolean;
    /** Most directories watched at once. */
    maxWatchedDirs: number;
    /** Most cached per-URL plans (walk result, merged configuration). */
    plans: number;
    /** Byte budget of the small-file body cache; 0 = off. */
    bodyBytes: number;
    /** Largest file whose body is kept in memory. */
    bodyMaxFileBytes: number;
    /** Larger files enter the body cache on their second request only (one-off downloads do not churn it). */
    bodyFirstRequestBytes: number;
    /** Most cached directory listings. */
    listings: number;
  };
  access: {
    accessFile: string;
    allowOverride: AllowOverride;
    options: ReadonlySet<OptionName>;
    directoryIndex: readonly string[];
    forbiddenOnFailure: boolean;
    /** The document root starts with `IndexOptions FancyIndexing` (a table) instead of Apache's plain list. */
    fancyIndexing: boolean;
    /** Environment variables `%{osenv:NAME}` may read (none by default). */
    osenvAllow: readonly string[];
    /** Bounded caches: parsed access files, and successful password checks. */
    accessFileCacheSize: number;
    authCacheSize: number;
  };
  auth: {
    /** Password-hashing worker threads; null = one per core (os.availableParallelism()). */
    hashWorkers: number | null;
    /** Hash checks that may wait for a worker; null = 16 × hashWorkers. More get 503. */
    hashQueue: number | null;
    /** Longer passwords are wrong passwords, never hashed. */
    maxPasswordBytes: number;
    /** Attempt limits (src/authn/attempt-limits.ts): failures per client and realm before a 429; 0 = off. */
    maxFailures: number;
    failureWindowS: number;
    lockoutS: number;
    /** Most (client, realm) pairs whose failures are remembered (LRU). */
    maxTrackedClients: number;
    /** Where attempt counts live: '' = this process (or the cluster primary); `redis://…` = shared by instances. */
    store: string;
  };
  /** c-ares lookups for `Require host` and `Require forward-dns` (src/access/client-host.ts). */
  dns: {
    /** Per try; each retry waits twice as long. */
    timeoutMs: number;
    tries: number;
    /** Name servers (`ip` or `ip:port`); empty = /etc/resolv.conf's. */
    servers: readonly string[];
    /** How long answers (failures too) are kept; 0 = not kept. */
    cacheTtlS: number;
  };
  /** mod_deflate's compression and precompressed siblings (src/respond/gzip-cache.ts, precompressed.ts). */
  compression: {
    /** zlib level for DEFLATE (Apache's DeflateCompressionLevel, server config only). */
    level: number;
    /** Byte budget of gzipped bodies kept in memory; 0 = compress on every request. */
    cacheBytes: number;
    /** Larger files are compressed while streaming (no Content-Length, no ranges). */
    maxFileBytes: number;
    /** Sibling encodings served when present and accepted, in order of preference: `br`, `gz`. */
    precompressed: readonly ('br' | 'gz')[];
  };
  mime: {
    typesFile: string | null;
    defaultCharset: string | null;
  };
  /** HTTPS and HTTP/2 (src/server/tls.ts). cert = null: plain HTTP. */
  tls: {
    /** PEM certificate (chain included) and private key, absolute paths; both or neither. */
    cert: string | null;
    key: string | null;
    /** node:http2 with HTTP/1.1 fallback instead of node:https. */
    http2: boolean;
    /** A plain-HTTP port that only redirects to https:// (null = none). */
    redirectPort: number | null;
    /** Strict-Transport-Security value sent on HTTPS answers (null = none). */
    hsts: string | null;
  };
  /** mod_remoteip's model: whose forwarding headers are believed (src/server/forwarded.ts). */
  proxy: {
    /** Addresses/CIDRs as written (validated with Require ip's parser); empty = trust no one. */
    trusted: readonly string[];
    /** Lower-case header name: 'x-forwarded-for' (or another list header) or 'forwarded' (RFC 7239). */
    header: string;
  };
  log: {
    /** '-' = stdout, '' = off, else a file path. */
    access: string;
    /** '-' = stderr, else a file path. */
    error: string;
    level: LogLevel;
  };
  /** mod_maxminddb at the server level (src/geoip/server-settings.ts). */
  geoip: GeoServerConfig;
}
