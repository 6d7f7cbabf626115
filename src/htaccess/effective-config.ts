// The configuration in force for one request: the server's base, then every access file
// from the document root down, then the matching <Files> sections (docs/apache-behaviour.md §3).
import type {
  BearerSettings,
  ErrorDocSpec,
  FilesSection,
  HideForbidden,
  HeaderRule,
  IfSection,
  IndexDescription,
  IndexOptionsState,
  LegacyAccess,
  ListingSortDefault,
  Located,
  OptionName,
  RedirectRule,
  RequireContainer,
  SetEnvIfRule,
  SetEnvRule,
  SourceLoc,
  ExpiryCode,
} from './types.js';
import type { RewriteConfig } from '../rewrite/types.js';
import type { MaxMindSettings } from '../geoip/settings.js';

export interface EffectiveConfig {
  authType: Located<string> | null;
  authName: Located<string> | null;
  authUserFile: Located<string> | null;
  authGroupFile: Located<string> | null;
  /** AuthBearer* in force (absent = none given anywhere), each setting inherited on its own. */
  bearer?: BearerSettings;
  /** The merged Require tree (implicit RequireAny at the top). */
  authz: RequireContainer;
  forbiddenOnFailure: Located<boolean>;
  /** AuthzHideForbidden in force (absent = off): see src/access/hide-forbidden.ts. */
  hideForbidden?: Located<HideForbidden>;
  legacy: LegacyAccess | null;
  options: ReadonlySet<OptionName>;
  optionsLoc: SourceLoc;
  directoryIndex: Located<readonly string[] | 'disabled'>;
  directorySlash: boolean;
  /** DirectoryIndexRedirect in force: the status sent for a found index file (absent or 0 = serve it). */
  directoryIndexRedirect?: number;
  /** HeaderName / ReadmeName in force (absent = none): inserted before/after a listing. */
  headerName?: string;
  readmeName?: string;
  errorDocuments: ReadonlyMap<number, Located<ErrorDocSpec>>;
  indexIgnore: readonly string[];
  /** Merged IndexOptions (absent = none given anywhere); `set` is what is in force. */
  indexOptions?: IndexOptionsState;
  /** IndexOrderDefault in force (absent = ascending by name). */
  indexOrderDefault?: ListingSortDefault;
  /** AddDescription in force, the child's before the parent's (first match wins; absent = none). */
  descriptions?: readonly IndexDescription[];
  addTypes: ReadonlyMap<string, string>;
  forceType: string | null;
  defaultCharset: string | null;
  redirects: readonly RedirectRule[];
  headers: readonly HeaderRule[];
  /** SetEnvIf and friends, parent's first (they run before access control). */
  setEnvIf: readonly SetEnvIfRule[];
  /** SetHandler in force (null/absent = the default handler). */
  handler?: string | null;
  directoryCheckHandler?: boolean;
  /** RequestHeader rules, parent's first (applied after access control, before the handler). */
  requestHeaders?: readonly HeaderRule[];
  /** SetEnv/UnsetEnv, parent's first (applied after access control, for `Header env=`). */
  setEnv?: readonly SetEnvRule[];
  /** FallbackResource: served for URLs that map to no file; null = none. */
  fallbackResource: Located<string> | null;
  /** AcceptPathInfo: 'on' serves a file with extra path after its name. */
  acceptPathInfo: 'on' | 'off' | 'default';
  /** mod_rewrite's merged per-directory configuration (absent = no access file above mentions it). */
  rewrite?: RewriteConfig;
  /** mod_expires in force (absent = no access file above mentions it). */
  expires?: ExpiresConfig;
  /** DEFLATE in the output filter chain (absent = no access file above names an output filter). */
  deflate?: DeflateConfig;
  /** mod_maxminddb's merged per-directory configuration (absent = no section mentions it). */
  maxmind?: MaxMindSettings;
  /** Every <Files>/<FilesMatch> seen on the way down, in merge order. */
  files: readonly FilesSection[];
  /** Access files read, outermost first. */
  sources: readonly string[];
  /** The <Files> sections that were applied (for explanations and config identity). */
  appliedFiles: readonly FilesSection[];
  /**
   * Every <If>/<ElseIf>/<Else> of the access files and applied <Files> bodies, parent's first
   * (Apache appends each section's sec_if to its parent's). Absent = none.
   */
  ifSections?: readonly IfSection[];
  /** The If sections whose bodies were merged for this request (config identity). */
  appliedIf?: readonly IfSection[];
}

/** mod_expires' merged per-directory configuration. */
export interface ExpiresConfig {
  active: boolean;
  default: ExpiryCode | null;
  byType: ReadonlyMap<string, ExpiryCode>;
  /** Whether `major/*` entries are looked up (some level has one). */
  wildcards: boolean;
}

/** Where DEFLATE comes from: SetOutputFilter (every response), media types, extensions. */
export interface DeflateConfig {
  all: boolean;
  types: ReadonlySet<string>;
  /** Extension -> named DEFLATE (AddOutputFilter) or had it removed (RemoveOutputFilter). */
  extensions: ReadonlyMap<string, boolean>;
}

export const SERVER_CONFIG_FILE = '(server config)';

export function serverLoc(line = 0): SourceLoc {
  return { file: SERVER_CONFIG_FILE, line };
}
