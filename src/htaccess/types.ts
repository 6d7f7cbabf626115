// The compiled form of one access file (or one <Files> section inside it).
// Parsing and compiling produce these values; merging and evaluation consume them.
// Every value that can decide a request carries the file:line it came from, so a
// Decision can always say which rule decided.

import type { CompiledExpr } from '../expr/types.js';
import type { SafeRegex } from '../regex/safe-regex.js';
import type { RewriteFragment } from '../rewrite/types.js';
import type { MaxMindSettings } from '../geoip/settings.js';

export interface SourceLoc {
  file: string;
  line: number;
}

export interface Located<T> {
  value: T;
  loc: SourceLoc;
}

/** An error that points home: `file:line: message`. */
export interface ConfigError {
  file: string;
  line: number;
  message: string;
}

export class ConfigFault extends Error {
  constructor(readonly fault: ConfigError) {
    super(`${fault.file}:${fault.line}: ${fault.message}`);
    this.name = 'ConfigFault';
  }
}

// ---------------------------------------------------------------- overrides

/** AllowOverride categories (Apache's names). */
export type OverrideCategory = 'AuthConfig' | 'Limit' | 'Indexes' | 'Options' | 'FileInfo';

export interface AllowOverride {
  /** Categories allowed; empty set = `None` (the file is not even read). */
  categories: ReadonlySet<OverrideCategory>;
  /** `Options=Indexes,FollowSymLinks`: when set, only these options may be changed. */
  optionsList: ReadonlySet<OptionName> | null;
}

// ---------------------------------------------------------------- options

export type OptionName =
  'Indexes' | 'FollowSymLinks' | 'SymLinksIfOwnerMatch' | 'ExecCGI' | 'Includes' | 'IncludesNOEXEC' | 'MultiViews';

/** One `Options` line: either replaces the set, or adds/removes from the inherited one. */
export type OptionsChange =
  | { kind: 'set'; options: ReadonlySet<OptionName>; loc: SourceLoc }
  | { kind: 'delta'; add: ReadonlySet<OptionName>; remove: ReadonlySet<OptionName>; loc: SourceLoc };

// ---------------------------------------------------------------- authorization (Require)

/** HTTP methods a node applies to; null = every method. HEAD is governed by GET. */
export type MethodSet = ReadonlySet<string> | null;

/** One IPv4 or IPv6 address rule, compiled once (see src/authz/ip-match.ts). */
export interface IpMatcher {
  family: 4 | 6;
  /** Network address bytes (4 or 16), already masked. */
  bytes: Uint8Array;
  /** Mask bytes, same length. */
  mask: Uint8Array;
  /** The text as written, for explanations. */
  text: string;
}

export type AuthzProvider =
  | { type: 'all'; granted: boolean }
  | { type: 'valid-user' }
  | { type: 'user'; users: string[] }
  | { type: 'group'; groups: string[] }
  | { type: 'ip'; matchers: IpMatcher[] }
  | { type: 'host'; names: string[] }
  | { type: 'local' }
  | { type: 'forward-dns'; names: string[] }
  | { type: 'method'; methods: string[] }
  | { type: 'env'; names: string[] }
  /** `Require expr`: an ap_expr boolean expression (the subset in src/expr), compiled. */
  | { type: 'expr'; expr: CompiledExpr }
  /** `Require scope`: an htserve extension for Bearer realms (src/authn/bearer-verify.ts). */
  | { type: 'scope'; scopes: string[] };

export interface RequireLeaf {
  kind: 'leaf';
  provider: AuthzProvider;
  negated: boolean;
  methods: MethodSet;
  /** The directive as written, e.g. `Require user bob`. */
  text: string;
  loc: SourceLoc;
}

export interface RequireContainer {
  kind: 'any' | 'all' | 'none';
  children: RequireNode[];
  /** Union of the children's methods (null if any child applies to every method). */
  methods: MethodSet;
  text: string;
  loc: SourceLoc;
}

export type RequireNode = RequireLeaf | RequireContainer;

export type AuthMerging = 'off' | 'and' | 'or';

/** The authz directives of one section: the implicit top-level <RequireAny>. */
export interface AuthzBlock {
  /** Implicit RequireAny holding the section's top-level Require lines and containers. */
  root: RequireContainer;
  merging: AuthMerging;
  /** Location of the first authz directive of the section. */
  loc: SourceLoc;
}

// ---------------------------------------------------------------- legacy access (mod_access_compat)

export type HostRule =
  | { kind: 'all'; methods: MethodSet; loc: SourceLoc; text: string }
  | { kind: 'env'; name: string; negate: boolean; methods: MethodSet; loc: SourceLoc; text: string }
  | { kind: 'ip'; matcher: IpMatcher; methods: MethodSet; loc: SourceLoc; text: string }
  | { kind: 'host'; name: string; methods: MethodSet; loc: SourceLoc; text: string };

export type LegacyOrder = 'deny,allow' | 'allow,deny' | 'mutual-failure';

/** Present when a section contains any Order/Allow/Deny/Satisfy: it then REPLACES the parent's. */
export interface LegacyAccess {
  order: Located<LegacyOrder> | null;
  allow: HostRule[];
  deny: HostRule[];
  satisfy: Located<'any' | 'all'> | null;
  loc: SourceLoc;
  /**
   * Order / Satisfy written inside <Limit>/<LimitExcept>: Apache keeps both per method. Keyed by
   * canonical method name (HEAD is GET); for those methods they override `order` / `satisfy`.
   * An unrestricted Order / Satisfy line later in the section resets them.
   */
  orderByMethod?: Map<string, Located<LegacyOrder>>;
  satisfyByMethod?: Map<string, Located<'any' | 'all'>>;
}

// ---------------------------------------------------------------- error documents, redirects, headers

export type ErrorDocSpec =
  | { kind: 'default' }
  | { kind: 'text'; text: string }
  | { kind: 'local'; path: string }
  | { kind: 'external'; url: string };

export interface RedirectRule {
  kind: 'prefix' | 'regex';
  /** For prefix: URL-path prefix (matched on whole segments); for regex: the pattern. */
  pattern: string;
  regex: SafeRegex | null;
  status: number; // 301, 302, 303, 307, 308, 410, 404 ...
  /** Target URL (may contain $1.. for regex); null for 410/404/other non-3xx. */
  target: string | null;
  loc: SourceLoc;
}

export interface HeaderRule {
  action: 'set' | 'append' | 'add' | 'unset' | 'merge' | 'setifempty' | 'edit' | 'edit*';
  /** `always`: works on the second header table (err_headers_out), also on error responses. */
  always: boolean;
  name: string;
  value: string | null;
  /** `env=VAR` / `env=!VAR` clause: applies only when VAR is set (resp. not set). Absent = always. */
  env?: { name: string; negate: boolean };
  /** `edit` / `edit*`: the regex whose first (edit) or every (edit*) match becomes `value`. */
  edit?: SafeRegex;
  loc: SourceLoc;
}

/** `SetEnv NAME [value]` (value null = `UnsetEnv NAME`): mod_env runs after access control. */
export interface SetEnvRule {
  name: string;
  value: string | null;
  loc: SourceLoc;
}

/**
 * One SetEnvIf / SetEnvIfNoCase / BrowserMatch[NoCase] line (mod_setenvif). In an access file
 * these run before access control, so `Require env` and `Allow from env=` see what they set.
 * Lines accumulate parent first, then child (mod_setenvif's merge).
 */
export interface SetEnvIfRule {
  /**
   * What is matched, as written: Remote_Addr, Remote_Host, Server_Addr, Request_Method,
   * Request_Protocol, Request_URI (case-insensitive), else a request header name (or a regex
   * on header names), else an environment variable set by an earlier rule.
   */
  attribute: string;
  /** The pattern as written and compiled (NoCase variants carry the `i` flag). */
  pattern: string;
  regex: SafeRegex;
  /** When `attribute` is itself a regex (on header names), compiled with it; null otherwise. */
  attributeRegex?: SafeRegex | null;
  /** `VAR` sets "1", `VAR=value` sets value ($1..$9 refer to the match), `!VAR` unsets (null). */
  set: { name: string; value: string | null }[];
  /**
   * SetEnvIfExpr: the rule applies when this ap_expr is true (attribute is then '' and the
   * regex never consulted). Optional so SetEnvIf-only producers stay valid.
   */
  expr?: CompiledExpr;
  loc: SourceLoc;
}

// ---------------------------------------------------------------- listings (mod_autoindex)

/**
 * IndexOptions as mod_autoindex keeps them: keywords given without +/- (`set`; `None` alone is
 * IndexOptions None) replace what is inherited; `+X`/`-X` are increments applied on top.
 * Keywords are stored in Apache's spelling (`FancyIndexing`, `FoldersFirst`, ...).
 */
export interface IndexOptionsState {
  set: ReadonlySet<string>;
  added: ReadonlySet<string>;
  removed: ReadonlySet<string>;
}

/** AddDescription: text shown for names matching `pattern` (mod_autoindex add_desc / find_desc). */
export interface IndexDescription {
  /** The pattern as add_desc stores it: star, the name, star (star-slash first for a path), or the plain name. */
  pattern: string;
  /** The pattern has a slash: compared with the entry's full file-system path, else with its name. */
  fullPath: boolean;
  /** Wildcards (fnmatch); without them the pattern is a substring of the name (strstr). */
  wildcards: boolean;
  text: string;
}

/** IndexOrderDefault: N(ame), M (Date), S(ize) or D(escription), ascending or not. */
export interface ListingSortDefault {
  key: 'N' | 'M' | 'S' | 'D';
  descending: boolean;
}

// ---------------------------------------------------------------- Bearer realms (an htserve extension)

/** The AuthBearer* directives: each one inherits on its own, like AuthUserFile and AuthName. */
export interface BearerSettings {
  /** Opaque tokens, stored hashed (`htserve token`); relative to the server root. */
  tokenFile?: Located<string>;
  /** A JSON Web Key Set file for JWTs signed with public-key algorithms. */
  jwks?: Located<string>;
  /** A shared secret for HS256/384/512 JWTs (at least 32 bytes). */
  secret?: Located<string>;
  issuer?: Located<string>;
  /** Accepted `aud` values (any of them). */
  audience?: Located<string[]>;
  /** Seconds of clock difference allowed for `exp` and `nbf`. */
  clockSkew?: Located<number>;
}

// ---------------------------------------------------------------- the fragment

export type FilesMatcher = { kind: 'glob'; pattern: string } | { kind: 'regex'; regex: SafeRegex; pattern: string };

export interface FilesSection {
  matcher: FilesMatcher;
  body: DirFragment;
  loc: SourceLoc;
}

/**
 * One <If>, <ElseIf> or <Else> section. A section keeps its sections in file order, as Apache's
 * sec_if array: an <ElseIf>/<Else> belongs to the nearest earlier If/ElseIf of the same list,
 * even with other directives in between. `expr` is null for <Else>.
 */
export interface IfSection {
  kind: 'if' | 'elseif' | 'else';
  expr: CompiledExpr | null;
  /** The directives inside; its own `ifSections` are the nested ones. */
  body: DirFragment;
  loc: SourceLoc;
}

/**
 * What one access file (or one <Files> section) says. Absent fields mean "not mentioned here",
 * which matters: Apache merges per module, and a module not mentioned is inherited unchanged.
 */
/** AuthzHideForbidden: `on` hides 403s, `all` hides 401s too, `off` neither. */
export type HideForbidden = 'off' | 'on' | 'all';

export interface DirFragment {
  /** Path of the file this came from. */
  source: string;
  /** 'Basic', 'Bearer' or 'None' (normalised case); any other type is kept as written (a 500 when auth is needed). */
  authType?: Located<string>;
  authName?: Located<string>;
  authUserFile?: Located<string>;
  authGroupFile?: Located<string>;
  authBasicProvider?: Located<string[]>;
  /** AuthBearer* directives of this section (absent = none). */
  bearer?: BearerSettings;
  authz?: AuthzBlock;
  forbiddenOnFailure?: Located<boolean>;
  /** AuthzHideForbidden (an htserve extension): answer 403 (and with `all` 401) as 404. */
  hideForbidden?: Located<HideForbidden>;
  legacy?: LegacyAccess;
  options: OptionsChange[];
  /** Several DirectoryIndex lines in one section accumulate; a child section replaces. */
  directoryIndex?: Located<string[] | 'disabled'>;
  /** DirectorySlash On|Off. */
  directorySlash?: Located<boolean>;
  /** DirectoryIndexRedirect (mod_dir): the redirect status for a found index file; 0 = Off. */
  directoryIndexRedirect?: Located<number>;
  /** HeaderName / ReadmeName (mod_autoindex): a URL, relative to the listed directory or absolute. */
  headerName?: Located<string>;
  readmeName?: Located<string>;
  /** FallbackResource URL-path (mod_dir): served for requests that map to nothing; null = `disabled`. */
  fallbackResource?: Located<string | null>;
  /** AcceptPathInfo on|off|default (core): whether a static file accepts trailing path-info. */
  acceptPathInfo?: Located<'on' | 'off' | 'default'>;
  /** SetEnvIf-family rules, in file order. */
  setEnvIf?: SetEnvIfRule[];
  /** SetHandler: a handler name, or null for `None`. */
  handler?: Located<string | null>;
  /** DirectoryCheckHandler On: no index lookup either while another handler is set. */
  directoryCheckHandler?: Located<boolean>;
  /** RequestHeader rules (mod_headers): applied to the request after access control. */
  requestHeaders?: HeaderRule[];
  /** SetEnv / UnsetEnv, in order (seen by `Header ... env=`, never by access control). */
  setEnv?: SetEnvRule[];
  errorDocuments: Map<number, Located<ErrorDocSpec>>;
  indexIgnore: Located<string>[];
  indexIgnoreReset: boolean;
  /** IndexOptions lines of this section, accumulated like mod_autoindex's add_opts. */
  indexOptions?: IndexOptionsState;
  /** IndexOrderDefault: the listing's sort column and direction when the query names none. */
  indexOrderDefault?: Located<ListingSortDefault>;
  /** AddDescription lines in file order (absent = none). */
  descriptions?: IndexDescription[];
  /** AddType: lower-case extension without the dot -> media type. */
  addTypes: Map<string, Located<string>>;
  forceType?: Located<string | null>;
  /** AddDefaultCharset: charset name, or null for Off. */
  defaultCharset?: Located<string | null>;
  redirects: RedirectRule[];
  headers: HeaderRule[];
  files: FilesSection[];
  /** <If>/<ElseIf>/<Else> sections in file order (absent = none): merged per request, last of all. */
  ifSections?: IfSection[];
  /** mod_rewrite's directives (absent = none here: the parent's rewrite configuration stays in force). */
  rewrite?: RewriteFragment;
  /** mod_expires' settings of this section (absent = none mentioned). */
  expires?: ExpiresFragment;
  /** Output filters named here (SetOutputFilter, AddOutputFilter[ByType], RemoveOutputFilter). */
  outputFilters?: OutputFiltersFragment;
  /** mod_maxminddb's directives of this section (absent = none). */
  maxmind?: MaxMindSettings;
  /** Non-fatal notes (e.g. `ErrorDocument 401 http://...` ignored), for the log and lint. */
  warnings: ConfigError[];
}

/**
 * An expiry code as mod_expires stores it: base `A` (access) or `M` (modification) plus
 * seconds. `ExpiresDefault A3600` and `"access plus 1 hour"` both become { base: 'A', seconds: 3600 }.
 */
export interface ExpiryCode {
  base: 'A' | 'M';
  seconds: number;
}

/** One section's mod_expires directives (mod_expires' expires_dir_config). */
export interface ExpiresFragment {
  active?: Located<boolean>;
  default?: Located<ExpiryCode>;
  /** ExpiresByType: lower-case media type -> code, in file order (a later line for a type wins). */
  byType: Map<string, Located<ExpiryCode>>;
  /** An `ExpiresByType major/*` line is here. */
  wildcards: boolean;
}

/** One section's output filter directives, only as far as DEFLATE is concerned. */
export interface OutputFiltersFragment {
  /** SetOutputFilter: does its filter list name DEFLATE? */
  set?: Located<boolean>;
  /** AddOutputFilterByType DEFLATE: lower-case media types. */
  deflateTypes?: Located<string>[];
  /** AddOutputFilter (true when DEFLATE is named) / RemoveOutputFilter (false), by lower-case extension. */
  byExtension?: Map<string, Located<boolean>>;
}

export function emptyFragment(source: string): DirFragment {
  return {
    source,
    options: [],
    errorDocuments: new Map(),
    indexIgnore: [],
    indexIgnoreReset: false,
    addTypes: new Map(),
    redirects: [],
    headers: [],
    files: [],
    warnings: [],
  };
}
