// The vocabulary of the conformance suite: fixture nodes, requests, cases, observed answers and
// declared (deliberate) differences between Apache and htserve.

/** Areas group cases in the report; the order here is the report order. */
export const AREAS = [
  'authn',
  'authz',
  'legacy',
  'ip',
  'files',
  'errordoc',
  'dirs',
  'fs',
  'ht',
  'input',
  'merge',
  'syntax',
  'methods',
  'redirect',
  'realworld',
  'rewrite',
  'caching',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_TITLES: Readonly<Record<Area, string>> = {
  authn: 'Authentication: hash formats, htpasswd syntax, malformed headers (docs/apache-behaviour.md §5)',
  authz: 'Authorization: Require forms, containers, 401/403 matrix, AuthMerging (docs/apache-behaviour.md §3.2, §6)',
  legacy: 'Legacy Order/Allow/Deny/Satisfy (docs/apache-behaviour.md §8)',
  ip: 'Require ip / Allow from address forms (docs/apache-behaviour.md §6.3)',
  files: '<Files> / <FilesMatch> (docs/apache-behaviour.md §3.4)',
  errordoc: 'ErrorDocument forms and failures (docs/apache-behaviour.md §12)',
  dirs: 'DirectoryIndex, Indexes, trailing slash (docs/apache-behaviour.md §11)',
  fs: 'Filesystem permissions and symlinks (docs/apache-behaviour.md §10)',
  ht: '.ht* protection (docs/apache-behaviour.md §9)',
  input: 'Traversal and bad input (docs/apache-behaviour.md §1)',
  merge: 'Merging across directory levels (docs/apache-behaviour.md §3)',
  syntax: '.htaccess syntax errors and lexical rules (docs/apache-behaviour.md §4)',
  methods: 'Methods, conditionals, ranges (docs/apache-behaviour.md §13, §14)',
  redirect: 'Redirect / RedirectMatch (mod_alias)',
  realworld: 'Real-world .htaccess recipes',
  rewrite: 'mod_rewrite in .htaccess, with mod_rewrite loaded (docs/apache-behaviour.md §21)',
  caching:
    'mod_expires, mod_deflate and the headers around them (Header, the Vary of mod_rewrite), with those modules loaded (docs/apache-behaviour.md §18.3, §22)',
};

/** Hash formats a fixture htpasswd entry can be written in. */
export type HashFormat =
  | 'bcrypt' // htpasswd -B -C 5  ($2y$)
  | 'bcrypt-2a' // $2y$ hash relabelled $2a$ (same algorithm)
  | 'bcrypt-2b' // $2y$ hash relabelled $2b$ (same algorithm)
  | 'md5' // htpasswd -m  ($apr1$)
  | 'sha1' // htpasswd -s  ({SHA})
  | 'crypt' // htpasswd -d  (13-char DES)
  | 'plain' // htpasswd -p  (plaintext)
  | 'sha256' // htpasswd -2  ($5$)
  | 'sha512' // htpasswd -5  ($6$)
  | 'md5crypt'; // openssl passwd -1  ($1$)

export interface PasswdEntry {
  user: string;
  password: string;
  format: HashFormat;
}

/** A line of an htpasswd file: a generated entry, or a literal line (comments, odd syntax). */
export type PasswdLine = PasswdEntry | { raw: string };

export type FixtureNode =
  | { kind: 'dir'; path: string; mode?: number | undefined }
  | { kind: 'file'; path: string; content: string; mode?: number | undefined; owner?: 'root' | 'www-data' }
  | { kind: 'symlink'; path: string; target: string; owner?: 'root' | 'www-data' | undefined }
  | { kind: 'htpasswd'; path: string; lines: readonly PasswdLine[] };

/** Fields of a response that are compared. */
export const FIELDS = [
  'status',
  'www-authenticate',
  'location',
  'allow',
  'content-type',
  'content-length',
  'content-range',
  'marker',
  'listing',
  'probe',
  // Compared in the `caching` area only (empty elsewhere): see compare.ts cachingFields().
  'cache-control',
  'expires',
  'vary',
  'content-encoding',
  'etag',
  'body',
] as const;
export type Field = (typeof FIELDS)[number];

/** A deliberate difference: the named fields may differ, for the stated reason. */
export interface Declared {
  fields: readonly Field[];
  reason: string;
}

export interface RequestSpec {
  method: string;
  /** Raw request target as sent on the wire. `@` at the start (or `{@}` anywhere) stands for the case's URL prefix. */
  path: string;
  /** Extra headers, sent verbatim (a name may repeat). */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Who is asking: "anon", a known fixture user ("bob"), or literal "user:password". */
  as: string;
  /** Raw Authorization header value; overrides `as`. */
  authorization?: string | undefined;
  /** Client address (127.0.0.x); the client socket is bound to it. */
  from: string;
  /** HTTP version on the request line ("1.1" or "1.0"). "1.0" sends no Host header. */
  version: '1.1' | '1.0';
  /** Status docs/apache-behaviour.md predicts for Apache (sanity check of the fixture). */
  expect?: number | undefined;
  /** Deliberate difference for this request only. */
  declared?: Declared | undefined;
  /** Short free-text note shown in reports. */
  note?: string | undefined;
  /** A literal body substring whose presence is compared (e.g. unescaped reflected markup). */
  probe?: string | undefined;
}

export interface Case {
  name: string;
  area: Area;
  /** Nodes relative to the case directory (`/<area>-<slug>/` under the document root). */
  tree: readonly FixtureNode[];
  requests: readonly RequestSpec[];
  /** Deliberate difference for every request of the case. */
  declared?: Declared;
}

/** What was observed from one server for one request, already normalised for comparison. */
export interface Observed {
  status: number;
  fields: Readonly<Record<Field, string>>;
  /** Raw header block and a body excerpt, for reports. */
  rawHead: string;
  bodyExcerpt: string;
}

export type Verdict = 'agree' | 'declared' | 'differ' | 'error';

export interface Outcome {
  kase: Case;
  request: RequestSpec;
  /** The wire target actually sent (the `@` expanded). */
  target: string;
  apache: Observed | { error: string };
  htserve: Observed | { error: string } | null;
  verdict: Verdict;
  /** Fields whose values differ (declared or not). */
  differing: readonly Field[];
  /** The declarations that covered the differences, if any. */
  declaredBy?: readonly Declared[] | undefined;
  /** Apache disagreed with the predicted status (`expect`). */
  oracleMismatch?: { expected: number | undefined; got: number } | undefined;
}
