// mod_rewrite's per-directory configuration, compiled once when an access file is read
// (Apache's rewrite_perdir_conf, rewriterule_entry and rewritecond_entry).
import type { SourceLoc } from '../htaccess/types.js';
import type { RewritePattern } from './pattern.js';
import type { CompiledExpr } from '../expr/types.js';

/** A test string or substitution, split into its pieces once (mod_rewrite's do_expand input). */
export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `$N` (rule back-reference) or `%N` (last matched condition's back-reference). */
  | { kind: 'ref'; from: 'rule' | 'cond'; index: number }
  /** `%{NAME}`, `%{HTTP:header}`, `%{ENV:name}`, `%{SSL:x}`: resolved per request. */
  | { kind: 'var'; name: string };

export type Template = readonly TemplatePart[];

export type CondTest =
  | { kind: 'regex'; pattern: RewritePattern }
  /** `RewriteCond expr "..."`: an ap_expr; its last regex match gives %N. */
  | { kind: 'expr'; expr: CompiledExpr }
  | { kind: 'file'; op: '-d' | '-f' | '-s' | '-l' | '-x' | '-F' | '-U' }
  | { kind: 'string'; op: '<' | '>' | '=' | '<=' | '>='; value: string }
  | { kind: 'integer'; op: '-lt' | '-le' | '-eq' | '-gt' | '-ge' | '-ne'; value: string };

export interface RewriteCond {
  input: Template;
  test: CondTest;
  negate: boolean;
  nocase: boolean;
  ornext: boolean;
  novary: boolean;
  /** The line as written, for `check`. */
  text: string;
  loc: SourceLoc;
}

export interface EnvAction {
  name: Template;
  /** null = `E=!VAR` (unset). */
  value: Template | null;
}

export interface RewriteFlags {
  last: boolean;
  end: boolean;
  chain: boolean;
  /** `R`: external redirect with this status (3xx). */
  redirect: number | null;
  /** `F`, `G`, `R=4xx/5xx`: answer with this status (the substitution is not used). */
  status: number | null;
  nocase: boolean;
  qsa: boolean;
  qsd: boolean;
  qsl: boolean;
  noescape: boolean;
  /** `B`/`BCTLS` turn escaping of back-references on (null = off); see BackrefEscape. */
  escapeBackrefs: BackrefEscape | null;
  skip: number;
  env: EnvAction[];
  cookies: Template[];
  passthrough: boolean;
  discardPathInfo: boolean;
  /** `N`: start again from the first rule, at most this many rounds (N=n; default 10000). */
  next: number | null;
  noSubreq: boolean;
  /** `UnsafeAllow3F`: a back-reference may put a `?` into the substitution. */
  unsafeAllow3f: boolean;
  /** `UNC`: leading slashes of the result are not merged. */
  unc: boolean;
  /** `P`: proxy the result (without mod_proxy: a 403, as Apache without it answers). */
  proxy: boolean;
  /** `T=type`: the Content-Type of what is served, when the rule applies locally (expanded, lower-cased). */
  forcedType: Template | null;
  /** `H=handler`: the handler of what is served, under the same conditions as T. */
  forcedHandler: Template | null;
}

/** escape_backref's choices: which bytes of a back-reference are escaped. */
export interface BackrefEscape {
  /** `B=chars`: only these (null = every byte but alphanumerics and `_`). */
  chars: string | null;
  /** `BNE=chars`: never these. */
  keep: string | null;
  /** `BCTLS`: controls and spaces (plus any `B=chars`). */
  controls: boolean;
  /** `BNP`: a space becomes %20 rather than `+`. */
  noPlus: boolean;
}

export interface RewriteRule {
  pattern: RewritePattern;
  negate: boolean;
  /** null = `-` (no substitution). */
  substitution: Template | null;
  flags: RewriteFlags;
  conds: readonly RewriteCond[];
  text: string;
  loc: SourceLoc;
}

export type RewriteOption =
  'Inherit' | 'InheritBefore' | 'InheritDown' | 'InheritDownBefore' | 'IgnoreInherit' | 'AllowNoSlash';

/** What one access file says (absent = the module's config is not created for it, as in Apache). */
export interface RewriteFragment {
  /** The directory (with a trailing slash) whose prefix per-directory rules strip. */
  directory: string;
  engine?: { on: boolean; loc: SourceLoc };
  options?: { set: ReadonlySet<RewriteOption>; loc: SourceLoc };
  base?: { value: string; loc: SourceLoc };
  rules: RewriteRule[];
  /** RewriteCond lines waiting for their rule (mod_rewrite's pending conditions). */
  pending: RewriteCond[];
}

/** The merged configuration in force for a directory (config_perdir_merge). */
export interface RewriteConfig {
  directory: string;
  engineOn: boolean;
  engineLoc: SourceLoc | null;
  options: ReadonlySet<RewriteOption>;
  base: string | null;
  rules: readonly RewriteRule[];
}
