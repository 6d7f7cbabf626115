// A safe subset of Apache's ap_expr (the language of `Require expr`, `<If>` and the %{...}
// strings of AuthName and friends), compiled once when the access file is read and evaluated
// per request. Anything outside the subset is refused when compiling, never guessed at run time.

import type { IpMatcher } from '../htaccess/types.js';
import type { SafeRegex } from '../regex/safe-regex.js';
import type { FileTestOp } from './file-tests.js';

/** One piece of a string: literal text, a variable, a function insert or a regex back-reference. */
export type StringPart =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'func'; name: string; arg: Word }
  | { kind: 'backref'; index: number };

/** A value-producing term (ap_expr's `word`). */
export type Word = { kind: 'string'; parts: StringPart[] } | { kind: 'concat'; left: Word; right: Word };

export type StringOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type IntegerOp = '-eq' | '-ne' | '-lt' | '-le' | '-gt' | '-ge';
export type MatchOp = '-strmatch' | '-strcmatch' | '-fnmatch';

/** A boolean expression. */
export type BoolExpr =
  | { kind: 'const'; value: boolean }
  | { kind: 'not'; expr: BoolExpr }
  | { kind: 'and' | 'or'; left: BoolExpr; right: BoolExpr }
  | { kind: 'compare'; op: StringOp | IntegerOp; left: Word; right: Word }
  | { kind: 'regex'; negate: boolean; left: Word; regex: SafeRegex }
  | { kind: 'in'; left: Word; list: Word[] }
  | { kind: 'ipmatch'; left: Word; matcher: IpMatcher }
  | { kind: 'match'; op: MatchOp; left: Word; pattern: Word }
  /** `-n` / `-z`: the word is non-empty / empty; `-T`: the word reads as true. */
  | { kind: 'unary'; op: '-n' | '-z' | '-T'; word: Word }
  /** `-f word`, `-d word`, ...: a test on the file the word names (see file-tests.ts). */
  | { kind: 'file-test'; op: FileTestOp; word: Word }
  /** `-R subnet`: the client address is in the subnet. */
  | { kind: 'remote-ip'; matcher: IpMatcher };

/** A compiled boolean expression and what it needs from the request. */
export interface CompiledExpr {
  /** The expression as written. */
  text: string;
  root: BoolExpr;
  /** The expression reads %{REMOTE_USER}: when false it asks for a user (401), like Apache. */
  wantsUser: boolean;
  /** Its `=~` / `!~` patterns, so the directive can say where they were written (and lint them). */
  regexes?: SafeRegex[];
}

/** Everything an expression may look at. Pure data. */
export interface ExprRequest {
  method: string;
  /** Client address, IPv4-mapped IPv6 folded to IPv4. */
  clientIp: string;
  /** Decoded, normalised URL path (Apache's r->uri). */
  uri: string;
  /** Raw query string without `?` ('' when none). */
  query: string;
  /** Request headers, names lower-cased. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Authenticated user, or null. */
  user: string | null;
  /** How the user signed in (AUTH_TYPE): 'Basic' or 'Bearer'; absent = 'Basic'. */
  authType?: string | undefined;
  /** The Host header's name part (Apache's SERVER_NAME with UseCanonicalName Off). */
  serverName: string;
  /** The port the Host header names, or '' when it names none. */
  serverPort: string;
  /** e.g. "HTTP/1.1" */
  protocol: string;
  /** %{HTTPS} and %{REQUEST_SCHEME}; absent = http. */
  scheme?: 'http' | 'https' | undefined;
  /** Request environment variables (SetEnvIf). */
  env: ReadonlyMap<string, string>;
  /**
   * Apache's r->filename: the filesystem path the directory walk reached (up to the first
   * missing component; path-info not included; a trailing slash kept for a directory).
   * Absent where no path is known yet: REQUEST_FILENAME then reads as the URI, like Apache.
   */
  filename?: string;
  /** DocumentRoot (also CONTEXT_DOCUMENT_ROOT: htserve has no Alias). Absent = ''. */
  documentRoot?: string;
}
