// Every server.ini key: its section, default, parser and help text. This table is the
// single source of truth for validation, `--set`, `--help` and the README's key list.
import type { ServerConfig } from './server-config.js';
import {
  parseAllowOverride,
  parseBoolean,
  parseChoice,
  parseDnsServers,
  parseFileName,
  parseHost,
  parseHsts,
  parsePemFile,
  parseProxyHeader,
  parseTrustedProxies,
  parseInteger,
  parseLogLevel,
  parseName,
  parseOptions,
  parseWordList,
} from './values.js';

/** A mutable draft of ServerConfig while keys are applied. */
export type ConfigDraft = {
  -readonly [S in keyof ServerConfig]: { -readonly [K in keyof ServerConfig[S]]: ServerConfig[S][K] };
};

export interface KeySpec {
  section: keyof ServerConfig;
  key: string;
  defaultText: string;
  help: string;
  /** Applies the textual value; `resolvePath` makes a path absolute against the config's base. */
  apply(draft: ConfigDraft, text: string, resolvePath: (p: string) => string): void;
}

import { IMPLEMENTED_MODULES, parseModuleList } from '../htaccess/directives/modules.js';
import { parsePairs } from '../geoip/server-settings.js';
import { parseAttemptStore } from './attempt-store-url.js';

const MS = 60 * 60 * 1000;

/** `[compression] precompressed`: `none`, or `br` and/or `gz` in order of preference. */
function parsePrecompressed(text: string): ('br' | 'gz')[] {
  const words = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  if (words.length === 1 && words[0] === 'none') return [];
  const out: ('br' | 'gz')[] = [];
  for (const w of words) {
    if (w !== 'br' && w !== 'gz') throw new Error(`expected br, gz or none, got '${w}'`);
    if (!out.includes(w)) out.push(w);
  }
  if (out.length === 0) throw new Error('expected br, gz or none');
  return out;
}

export const CONFIG_KEYS = [
  {
    section: 'server',
    key: 'host',
    defaultText: '127.0.0.1',
    help: 'Address to listen on (IPv4, IPv6 or localhost).',
    apply: (d, t) => {
      d.server.host = parseHost(t);
    },
  },
  {
    section: 'server',
    key: 'port',
    defaultText: '8080',
    help: 'TCP port; 0 picks a free one (printed at start).',
    apply: (d, t) => {
      d.server.port = parseInteger(t, 0, 65535);
    },
  },
  {
    section: 'server',
    key: 'root',
    defaultText: 'www',
    help: 'Document root directory.',
    apply: (d, t, r) => {
      d.server.root = r(t.trim());
    },
  },
  {
    section: 'server',
    key: 'server_root',
    defaultText: '(current directory)',
    help: "Base for relative AuthUserFile/AuthGroupFile paths, like Apache's ServerRoot.",
    apply: (d, t, r) => {
      d.server.serverRoot = r(t.trim());
    },
  },
  {
    section: 'server',
    key: 'user',
    defaultText: 'nobody',
    help: 'User to switch to after binding, when started as root.',
    apply: (d, t) => {
      d.server.user = parseName(t);
    },
  },
  {
    section: 'server',
    key: 'group',
    defaultText: '(primary group of user)',
    help: 'Group to switch to after binding, when started as root.',
    apply: (d, t) => {
      d.server.group = parseName(t);
    },
  },
  {
    section: 'server',
    key: 'headers_timeout_ms',
    defaultText: '20000',
    help: 'Time allowed to receive the request headers.',
    apply: (d, t) => {
      d.server.headersTimeoutMs = parseInteger(t, 100, MS);
    },
  },
  {
    section: 'server',
    key: 'request_timeout_ms',
    defaultText: '60000',
    help: 'Time allowed to receive a whole request.',
    apply: (d, t) => {
      d.server.requestTimeoutMs = parseInteger(t, 100, MS);
    },
  },
  {
    section: 'server',
    key: 'keep_alive_timeout_ms',
    defaultText: '5000',
    help: 'Idle time before a keep-alive connection is closed.',
    apply: (d, t) => {
      d.server.keepAliveTimeoutMs = parseInteger(t, 0, MS);
    },
  },
  {
    section: 'server',
    key: 'socket_timeout_ms',
    defaultText: '120000',
    help: 'A connection with no traffic in either direction for this long is closed (stalled downloads too).',
    apply: (d, t) => {
      d.server.socketTimeoutMs = parseInteger(t, 1000, MS);
    },
  },
  {
    section: 'server',
    key: 'max_header_bytes',
    defaultText: '16384',
    help: 'Largest request head accepted; larger gets 431.',
    apply: (d, t) => {
      d.server.maxHeaderBytes = parseInteger(t, 1024, 1024 * 1024);
    },
  },
  {
    section: 'server',
    key: 'max_header_field_bytes',
    defaultText: '8190',
    help: "Longest single request header line accepted; longer gets 400 (Apache's LimitRequestFieldSize).",
    apply: (d, t) => {
      d.server.maxHeaderFieldBytes = parseInteger(t, 256, 1024 * 1024);
    },
  },
  {
    section: 'server',
    key: 'max_url_length',
    defaultText: '8190',
    help: 'Longest request target accepted; longer gets 414.',
    apply: (d, t) => {
      d.server.maxUrlLength = parseInteger(t, 64, 1024 * 1024);
    },
  },
  {
    section: 'server',
    key: 'max_connections',
    defaultText: '1024',
    help: 'Simultaneous connections (per worker process); more are closed at once, unanswered.',
    apply: (d, t) => {
      d.server.maxConnections = parseInteger(t, 1, 1_000_000);
    },
  },
  {
    section: 'server',
    key: 'max_connections_per_ip',
    defaultText: '256',
    help:
      'Simultaneous connections from one client address (per worker process); more are closed at once, unanswered, ' +
      'so one host cannot hold every slot. IPv4-mapped IPv6 counts as IPv4.',
    apply: (d, t) => {
      d.server.maxConnectionsPerIp = parseInteger(t, 1, 1_000_000);
    },
  },
  {
    section: 'server',
    key: 'workers',
    defaultText: '1',
    help: 'Worker processes sharing the port (node:cluster); 0 = one per core. Each keeps its own caches.',
    apply: (d, t) => {
      d.server.workers = parseInteger(t, 0, 256);
    },
  },
  {
    section: 'server',
    key: 'shutdown_grace_ms',
    defaultText: '10000',
    help:
      'On SIGTERM or SIGINT the server stops accepting, closes idle keep-alive connections and lets requests in ' +
      'flight finish for up to this long (ms) before cutting their connections.',
    apply: (d, t) => {
      d.server.shutdownGraceMs = parseInteger(t, 0, 3_600_000);
    },
  },
  {
    section: 'server',
    key: 'error_pages',
    defaultText: 'friendly',
    help:
      'Built-in error pages: friendly (plain words, what to do next; JSON for clients that prefer it) ' +
      "or apache (Apache's exact pages, for parity). An ErrorDocument wins either way.",
    apply: (d, t) => {
      d.server.errorPages = parseChoice(t, ['friendly', 'apache'] as const);
    },
  },
  {
    section: 'server',
    key: 'modules',
    defaultText: IMPLEMENTED_MODULES.join(' '),
    help:
      'Apache modules your Apache loads (names without mod_, commas or spaces): <IfModule> tests them, and directives ' +
      'of a module not listed are an unknown command (500), as on that Apache.',
    apply: (d, t) => {
      d.server.modules = parseModuleList(t);
    },
  },
  {
    section: 'access',
    key: 'access_file',
    defaultText: '.htaccess',
    help: 'Name of the per-directory access file (AccessFileName).',
    apply: (d, t) => {
      d.access.accessFile = parseFileName(t);
    },
  },
  {
    section: 'access',
    key: 'allow_override',
    defaultText: 'All',
    help: 'Which directive categories access files may use: All, None, or AuthConfig Limit Indexes Options[=...] FileInfo.',
    apply: (d, t) => {
      d.access.allowOverride = parseAllowOverride(t);
    },
  },
  {
    section: 'access',
    key: 'options',
    defaultText: 'Indexes FollowSymLinks',
    help: 'Options for the document root (Indexes, FollowSymLinks, SymLinksIfOwnerMatch, All, None).',
    apply: (d, t) => {
      d.access.options = parseOptions(t);
    },
  },
  {
    section: 'access',
    key: 'directory_index',
    defaultText: 'index.html',
    help: 'DirectoryIndex candidates, in order.',
    apply: (d, t) => {
      d.access.directoryIndex = parseWordList(t);
    },
  },
  {
    section: 'access',
    key: 'osenv_allow',
    defaultText: '',
    help:
      'Server environment variables that %{osenv:NAME} in access-file expressions may read, e.g. "TZ LANG"; ' +
      'empty = none (every other name reads as empty).',
    apply: (d, t) => {
      d.access.osenvAllow = t.trim().split(/\s+/).filter(Boolean);
    },
  },
  {
    section: 'access',
    key: 'forbidden_on_failure',
    defaultText: 'true',
    help:
      "A signed-in user who fails Require user/group gets 403 (true) or Apache's default 401 (false). " +
      'AuthzSendForbiddenOnFailure overrides per directory.',
    apply: (d, t) => {
      d.access.forbiddenOnFailure = parseBoolean(t);
    },
  },
  {
    section: 'access',
    key: 'fancy_indexing',
    defaultText: 'false',
    help:
      'Listings are a sortable table (as if the server config said IndexOptions FancyIndexing) instead of ' +
      "Apache's plain list; IndexOptions in access files still change it.",
    apply: (d, t) => {
      d.access.fancyIndexing = parseBoolean(t);
    },
  },
  {
    section: 'access',
    key: 'access_file_cache',
    defaultText: '4096',
    help: 'How many parsed access files are kept (LRU).',
    apply: (d, t) => {
      d.access.accessFileCacheSize = parseInteger(t, 16, 1_000_000);
    },
  },
  {
    section: 'access',
    key: 'auth_cache',
    defaultText: '1024',
    help: 'How many successful password checks are remembered (LRU).',
    apply: (d, t) => {
      d.access.authCacheSize = parseInteger(t, 0, 1_000_000);
    },
  },
  {
    section: 'auth',
    key: 'hash_workers',
    defaultText: '(number of cores)',
    help: 'Worker threads that verify password hashes (never the event loop); started on first use. auto = one per core.',
    apply: (d, t) => {
      d.auth.hashWorkers = t.trim().toLowerCase() === 'auto' ? null : parseInteger(t, 1, 256);
    },
  },
  {
    section: 'auth',
    key: 'hash_queue',
    defaultText: '(16 per worker)',
    help: 'Password checks that may wait for a hash worker; more at once get 503 with Retry-After. auto = 16 per worker.',
    apply: (d, t) => {
      d.auth.hashQueue = t.trim().toLowerCase() === 'auto' ? null : parseInteger(t, 0, 100_000);
    },
  },
  {
    section: 'auth',
    key: 'max_password_bytes',
    defaultText: '1024',
    help: 'A longer password (UTF-8 bytes) is refused as wrong (401) without being hashed.',
    apply: (d, t) => {
      d.auth.maxPasswordBytes = parseInteger(t, 1, 65_536);
    },
  },
  {
    section: 'auth',
    key: 'max_failures',
    defaultText: '10',
    help:
      'Failed password checks a client (IPv6: its /64) may make in one realm within failure_window_s; the one that ' +
      'reaches it locks the client out of that realm (429 with Retry-After) for lockout_s. 0 = no limit.',
    apply: (d, t) => {
      d.auth.maxFailures = parseInteger(t, 0, 1_000_000);
    },
  },
  {
    section: 'auth',
    key: 'failure_window_s',
    defaultText: '60',
    help: 'Seconds, from the first counted failure, within which max_failures failures start a lockout.',
    apply: (d, t) => {
      d.auth.failureWindowS = parseInteger(t, 1, 86_400);
    },
  },
  {
    section: 'auth',
    key: 'lockout_s',
    defaultText: '300',
    help: 'Seconds a locked-out client gets 429 for every request that needs a password in that realm.',
    apply: (d, t) => {
      d.auth.lockoutS = parseInteger(t, 1, 604_800);
    },
  },
  {
    section: 'auth',
    key: 'max_tracked_clients',
    defaultText: '100000',
    help: '(client, realm) pairs whose failures are remembered (LRU; the oldest is forgotten first).',
    apply: (d, t) => {
      d.auth.maxTrackedClients = parseInteger(t, 16, 10_000_000);
    },
  },
  {
    section: 'auth',
    key: 'store',
    defaultText: '',
    help:
      'Where attempt counts live: empty = in this process (with workers > 1, in the primary, shared by the workers); ' +
      'redis://HOST:PORT/DB = in Redis, shared by every instance using it (local counters while it is unreachable).',
    apply: (d, t) => {
      d.auth.store = parseAttemptStore(t);
    },
  },
  {
    section: 'cache',
    key: 'revalidate_ms',
    defaultText: '1000',
    help:
      'Longest time (ms) a cached answer (walk, merged access files, file body, listing) is reused without ' +
      'checking the disk; changes seen by a directory watcher apply at once. 0 = no caching: every request reads the disk.',
    apply: (d, t) => {
      d.cache.revalidateMs = parseInteger(t, 0, 3_600_000);
    },
  },
  {
    section: 'cache',
    key: 'watch',
    defaultText: 'true',
    help: 'Watch (fs.watch) the directories cached answers depend on, so edits apply at once instead of within revalidate_ms.',
    apply: (d, t) => {
      d.cache.watch = parseBoolean(t);
    },
  },
  {
    section: 'cache',
    key: 'max_watched_dirs',
    defaultText: '4096',
    help: 'Most directories watched at once; answers from other directories rely on revalidate_ms alone.',
    apply: (d, t) => {
      d.cache.maxWatchedDirs = parseInteger(t, 0, 1_000_000);
    },
  },
  {
    section: 'cache',
    key: 'plans',
    defaultText: '20000',
    help: 'Most URLs whose walk and merged configuration are kept.',
    apply: (d, t) => {
      d.cache.plans = parseInteger(t, 0, 10_000_000);
    },
  },
  {
    section: 'cache',
    key: 'body_bytes',
    defaultText: '67108864',
    help: 'Memory (bytes) for file bodies served from memory; 0 = always read from disk.',
    apply: (d, t) => {
      d.cache.bodyBytes = parseInteger(t, 0, 2 ** 40);
    },
  },
  {
    section: 'cache',
    key: 'body_max_file_bytes',
    defaultText: '16777216',
    help: 'Largest file (bytes) kept in the body cache; larger files are streamed from disk.',
    apply: (d, t) => {
      d.cache.bodyMaxFileBytes = parseInteger(t, 0, 2 ** 31);
    },
  },
  {
    section: 'cache',
    key: 'body_first_request_bytes',
    defaultText: '262144',
    help: 'Files up to this size are kept from their first request; larger ones only once asked for again.',
    apply: (d, t) => {
      d.cache.bodyFirstRequestBytes = parseInteger(t, 0, 2 ** 31);
    },
  },
  {
    section: 'cache',
    key: 'listings',
    defaultText: '256',
    help: 'Most directory listings kept (entries and rendered pages).',
    apply: (d, t) => {
      d.cache.listings = parseInteger(t, 0, 1_000_000);
    },
  },
  {
    section: 'compression',
    key: 'level',
    defaultText: '6',
    help: 'zlib compression level (1-9) for DEFLATE from access files (Apache: DeflateCompressionLevel).',
    apply: (d, t) => {
      d.compression.level = parseInteger(t, 1, 9);
    },
  },
  {
    section: 'compression',
    key: 'cache_bytes',
    defaultText: '33554432',
    help: 'Memory (bytes) for gzipped file bodies, each kept until its file changes; 0 = compress every time.',
    apply: (d, t) => {
      d.compression.cacheBytes = parseInteger(t, 0, 2 ** 40);
    },
  },
  {
    section: 'compression',
    key: 'max_file_bytes',
    defaultText: '16777216',
    help: 'Largest file (bytes) gzipped into memory; larger ones are compressed as they stream (sent whole, no ranges).',
    apply: (d, t) => {
      d.compression.maxFileBytes = parseInteger(t, 0, 2 ** 31);
    },
  },
  {
    section: 'compression',
    key: 'precompressed',
    defaultText: 'none',
    help: 'Serve file.br / file.gz instead of file when present and accepted (br, gz in order of preference; none = off).',
    apply: (d, t) => {
      d.compression.precompressed = parsePrecompressed(t);
    },
  },
  {
    section: 'dns',
    key: 'timeout_ms',
    defaultText: '1000',
    help:
      'Time (ms) a DNS query for Require host / forward-dns waits for an answer; each retry waits twice as long. ' +
      'A lookup that times out counts as no name.',
    apply: (d, t) => {
      d.dns.timeoutMs = parseInteger(t, 10, 60_000);
    },
  },
  {
    section: 'dns',
    key: 'tries',
    defaultText: '2',
    help: 'How many times a DNS query is sent before the lookup counts as failed.',
    apply: (d, t) => {
      d.dns.tries = parseInteger(t, 1, 10);
    },
  },
  {
    section: 'dns',
    key: 'servers',
    defaultText: '(system resolvers)',
    help: 'DNS servers (ip or ip:port, space- or comma-separated) instead of those of /etc/resolv.conf.',
    apply: (d, t) => {
      d.dns.servers = parseDnsServers(t);
    },
  },
  {
    section: 'dns',
    key: 'cache_ttl_s',
    defaultText: '60',
    help: 'How long (s) a DNS answer, or its failure, is kept (at most 4096 names and addresses); 0 = not kept.',
    apply: (d, t) => {
      d.dns.cacheTtlS = parseInteger(t, 0, 86_400);
    },
  },
  {
    section: 'mime',
    key: 'types_file',
    defaultText: '(none)',
    help: 'An Apache/Debian mime.types file read on top of the built-in table, e.g. /etc/mime.types.',
    apply: (d, t, r) => {
      d.mime.typesFile = t.trim() === '' ? null : r(t.trim());
    },
  },
  {
    section: 'mime',
    key: 'default_charset',
    defaultText: '(none)',
    help: 'Charset added to text/plain and text/html (AddDefaultCharset overrides per directory).',
    apply: (d, t) => {
      d.mime.defaultCharset = t.trim() === '' || t.trim().toLowerCase() === 'off' ? null : t.trim();
    },
  },
  {
    section: 'tls',
    key: 'cert',
    defaultText: '(none)',
    help: 'PEM certificate file, intermediate certificates included; with key, htserve speaks HTTPS only.',
    apply: (d, t, r) => {
      d.tls.cert = t.trim() === '' ? null : parsePemFile(r(t.trim()), 'CERTIFICATE');
    },
  },
  {
    section: 'tls',
    key: 'key',
    defaultText: '(none)',
    help: 'PEM private key file of the certificate (unencrypted; readable by root only is enough).',
    apply: (d, t, r) => {
      d.tls.key = t.trim() === '' ? null : parsePemFile(r(t.trim()), 'PRIVATE KEY');
    },
  },
  {
    section: 'tls',
    key: 'http2',
    defaultText: 'false',
    help: 'Speak HTTP/2 (ALPN h2) as well as HTTP/1.1 on the HTTPS port.',
    apply: (d, t) => {
      d.tls.http2 = parseBoolean(t);
    },
  },
  {
    section: 'tls',
    key: 'redirect_port',
    defaultText: '(none)',
    help: 'Also listen for plain HTTP on this port (same host), answering every request with a redirect to https://.',
    apply: (d, t) => {
      d.tls.redirectPort = t.trim() === '' ? null : parseInteger(t, 0, 65535);
    },
  },
  {
    section: 'tls',
    key: 'hsts',
    defaultText: '(none)',
    help: 'Strict-Transport-Security sent on every HTTPS answer, e.g. "max-age=31536000; includeSubDomains".',
    apply: (d, t) => {
      d.tls.hsts = t.trim() === '' ? null : parseHsts(t);
    },
  },
  {
    section: 'proxy',
    key: 'trusted',
    defaultText: '',
    help:
      'Proxies (addresses or CIDRs, space- or comma-separated) whose forwarding header names the client; ' +
      'empty = the TCP peer is the client.',
    apply: (d, t) => {
      d.proxy.trusted = parseTrustedProxies(t);
    },
  },
  {
    section: 'proxy',
    key: 'header',
    defaultText: 'X-Forwarded-For',
    help:
      'X-Forwarded-For (with X-Forwarded-Proto) or Forwarded (RFC 7239, for= and proto=); the rightmost ' +
      'address not in trusted is the client.',
    apply: (d, t) => {
      d.proxy.header = parseProxyHeader(t);
    },
  },
  {
    section: 'log',
    key: 'access',
    defaultText: '-',
    help: 'Access log (Combined Log Format): - for stdout, empty for none, or a file.',
    apply: (d, t, r) => {
      d.log.access = t.trim() === '-' || t.trim() === '' ? t.trim() : r(t.trim());
    },
  },
  {
    section: 'log',
    key: 'error',
    defaultText: '-',
    help: 'Error log: - for stderr, or a file.',
    apply: (d, t, r) => {
      d.log.error = t.trim() === '-' || t.trim() === '' ? '-' : r(t.trim());
    },
  },
  {
    section: 'log',
    key: 'level',
    defaultText: 'info',
    help: 'debug (every Decision explained), info, warn or error.',
    apply: (d, t) => {
      d.log.level = parseLogLevel(t);
    },
  },
  // [geoip]: mod_maxminddb at the server level (src/geoip/server-settings.ts)
  {
    section: 'geoip',
    key: 'enable',
    defaultText: 'false',
    help:
      'MaxMindDBEnable On for the whole server: look the client up before anything else, so <If> sees the ' +
      'variables too (access files can enable it per directory instead).',
    apply: (d, t) => {
      d.geoip.enable = parseBoolean(t);
    },
  },
  {
    section: 'geoip',
    key: 'databases',
    defaultText: '(none)',
    help: 'MaxMindDBFile lines: NAME=PATH pairs, e.g. COUNTRY_DB=/var/lib/GeoIP/GeoLite2-Country.mmdb. Opened at start-up.',
    apply: (d, t, r) => {
      d.geoip.databases = parsePairs(t, 'NAME=PATH').map(([name, file]) => [name, r(file)] as const);
    },
  },
  {
    section: 'geoip',
    key: 'env',
    defaultText: '(none)',
    help: 'MaxMindDBEnv lines: VARIABLE=DB/path pairs, e.g. MM_COUNTRY_CODE=COUNTRY_DB/country/iso_code.',
    apply: (d, t) => {
      d.geoip.env = parsePairs(t, 'VARIABLE=DB/path');
    },
  },
  {
    section: 'geoip',
    key: 'network_env',
    defaultText: '(none)',
    help: 'MaxMindDBNetworkEnv lines: DB=VARIABLE pairs (the matched network, in CIDR form).',
    apply: (d, t) => {
      d.geoip.networkEnv = parsePairs(t, 'DB=VARIABLE');
    },
  },
  {
    section: 'geoip',
    key: 'lookup_cache',
    defaultText: '4096',
    help: 'Client addresses whose answers each open database keeps (LRU; dropped when the file changes).',
    apply: (d, t) => {
      d.geoip.lookupCache = parseInteger(t, 1, 10_000_000);
    },
  },
  {
    section: 'geoip',
    key: 'max_database_bytes',
    defaultText: '536870912',
    help: 'Largest database file opened (it is held in memory); a larger one fails like a missing one.',
    apply: (d, t) => {
      d.geoip.maxDatabaseBytes = parseInteger(t, 1024, 8 * 1024 * 1024 * 1024);
    },
  },
  {
    section: 'geoip',
    key: 'max_databases',
    defaultText: '16',
    help: 'Most database files open at once, those of access files included (least recently used closed first).',
    apply: (d, t) => {
      d.geoip.maxDatabases = parseInteger(t, 1, 1024);
    },
  },
] as const satisfies readonly KeySpec[];

/** The keys of one section, e.g. `'root' | 'port' | …` for `server` (typed library options). */
export type KeyName<S extends keyof ServerConfig> = Extract<(typeof CONFIG_KEYS)[number], { section: S }>['key'];

export function findKey(section: string, key: string): KeySpec | undefined {
  return CONFIG_KEYS.find((k) => k.section === section && k.key === key);
}
