// Results and inputs of authorization, modelled on Apache's mod_authz_core:
// every provider answers granted / denied / denied-no-user, containers may also be neutral.
// The 401-vs-403 choice falls out of these values in one place (src/pipeline.ts).

import type { SourceLoc } from '../htaccess/types.js';

export type AuthzResult = 'granted' | 'denied' | 'denied-no-user' | 'neutral';

/** Everything a Require provider may look at. Pure data: no sockets, no DNS. */
export interface AuthzRequest {
  /** Request method as sent (upper case). HEAD is treated as GET by the evaluator. */
  method: string;
  /** Client address, IPv4-mapped IPv6 already folded to IPv4 (e.g. "127.0.0.1", "::1"). */
  clientIp: string;
  /** Local (server) address the connection arrived on, folded the same way. */
  localIp: string;
  /** Authenticated user, or null on the first pass (before authentication). */
  user: string | null;
  /** How the user signed in (AUTH_TYPE for `Require expr`): 'Basic' or 'Bearer'; absent = 'Basic'. */
  authType?: string | undefined;
  /**
   * Groups of the user, lower-cased (group names match case-insensitively).
   * null = no group file available / readable: `Require group` then denies (401/403), never 500.
   */
  groups: ReadonlySet<string> | null;
  /** Scopes of a Bearer token (`Require scope`); absent or null = no token, so no scope. */
  scopes?: ReadonlySet<string> | null | undefined;
  /** Double-reverse-DNS name of the client, or null when unknown / not looked up. */
  clientHostName: string | null;
  /** Addresses the names in `Require forward-dns` resolve to (name -> addresses), if looked up. */
  forwardDns: ReadonlyMap<string, readonly string[]>;
  /** Request environment variables (for `Require env` and `Allow from env=`). */
  env: ReadonlyMap<string, string>;
  // What `Require expr` may read besides the above; absent = empty.
  /** Decoded, normalised URL path (Apache's r->uri). */
  uri?: string | undefined;
  /** Raw query string without `?`. */
  query?: string | undefined;
  /** Request headers, names lower-cased. */
  headers?: Readonly<Record<string, string | string[] | undefined>> | undefined;
  /** Host header name part (SERVER_NAME) and port (SERVER_PORT, '' when none). */
  serverName?: string | undefined;
  serverPort?: string | undefined;
  /** e.g. "HTTP/1.1" */
  protocol?: string | undefined;
  /** %{HTTPS} / %{REQUEST_SCHEME}; absent = http. */
  scheme?: 'http' | 'https' | undefined;
  /** Apache's r->filename (%{REQUEST_FILENAME}) and DocumentRoot, when the walk is done. */
  filename?: string | undefined;
  documentRoot?: string | undefined;
}

/** One evaluated rule, for the Decision's explanation and `htserve check`. */
export interface AuthzTraceStep {
  loc: SourceLoc;
  /** The directive or container as written, e.g. `Require group admins`. */
  text: string;
  result: AuthzResult | 'not-applicable';
  /** Nesting depth, for indentation in explanations. */
  depth: number;
}

export interface AuthzOutcome {
  result: AuthzResult;
  /** The rule whose result decided the outcome (null when nothing decided, e.g. no rules). */
  decidedBy: AuthzTraceStep | null;
  trace: AuthzTraceStep[];
}

export interface LegacyOutcome {
  allowed: boolean;
  /** The rule that decided (matching Allow/Deny, or the Order default). */
  decidedBy: { loc: SourceLoc; text: string } | null;
  trace: { loc: SourceLoc; text: string; matched: boolean }[];
}
