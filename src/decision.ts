// The Decision: what the server will answer and why. Produced by the pipeline (src/pipeline.ts),
// written to the socket only by src/respond/, printed by `htserve check` and the debug log.
import type { Stats } from 'node:fs';
import type { EffectiveConfig } from './htaccess/effective-config.js';
import type { SourceLoc } from './htaccess/types.js';

export type Stage =
  'map' | 'walk' | 'files' | 'legacy' | 'authz' | 'authn' | 'rewrite' | 'redirect' | 'handler' | 'errordoc';

export interface DecisionStep {
  stage: Stage;
  text: string;
  loc?: SourceLoc | undefined;
  /** granted / denied / denied-no-user / neutral / not-applicable / matched ... */
  result?: string | undefined;
  depth?: number;
}

export interface ListingEntry {
  name: string;
  isDir: boolean;
  size: number;
  mtime: Date;
  /** Media type without parameters, as the entry's own configuration gives it (files; null = unknown). */
  type?: string | null;
  /** AddDescription text for the entry (shown on fancy pages). */
  description?: string;
}

/** A HeaderName/ReadmeName file's contents: HTML goes in as is, text escaped inside <pre>. */
export interface ListingInsert {
  kind: 'html' | 'text';
  content: string;
}

export type DecisionBody =
  /** noFollow: open with O_NOFOLLOW (symlinks refused there, see WalkTarget). */
  | { kind: 'file'; path: string; stat: Stats; noFollow: boolean; contentType: string | null }
  | {
      kind: 'listing';
      urlPath: string;
      entries: readonly ListingEntry[];
      header?: ListingInsert;
      readme?: ListingInsert;
    }
  | { kind: 'redirect'; location: string }
  | { kind: 'error' }
  | { kind: 'empty' };

/** What an error response carries as its body (ErrorDocument resolution, docs/apache-behaviour.md §12). */
export type ErrorBody =
  | { kind: 'builtin'; additionally?: number }
  | { kind: 'text'; text: string; loc: SourceLoc }
  | {
      kind: 'file';
      path: string;
      stat: Stats;
      noFollow: boolean;
      contentType: string | null;
      urlPath: string;
      loc: SourceLoc;
    }
  | { kind: 'redirect'; location: string; loc: SourceLoc };

/**
 * What a Bearer realm tells the client besides the status (RFC 6750 section 3): the same code and text
 * go into `WWW-Authenticate` and into a JSON error body.
 */
export interface AuthError {
  error: 'invalid_token' | 'insufficient_scope';
  /** Plain words for the client, e.g. "The access token has expired" (never the token). */
  description: string;
  /** insufficient_scope: the scopes that would be accepted, space-separated. */
  scope?: string;
}

export interface Decision {
  status: number;
  body: DecisionBody;
  /** Extra response headers decided by access control (WWW-Authenticate, Allow, Location). */
  headers: Array<[string, string]>;
  /** Configuration in force (null when the request never reached a directory). */
  config: EffectiveConfig | null;
  /** Authenticated user, when authentication ran and succeeded. */
  user: string | null;
  steps: DecisionStep[];
  /** The rule that decided, when one did. */
  decidedBy: { loc: SourceLoc; text: string } | null;
  /** One plain sentence: why this status, and what would change it. */
  why: string;
  /** For the error log (never sent to the client): e.g. `www/a/.htaccess:3: Invalid command 'Bogus'`. */
  logNote?: { level: 'error' | 'warn' | 'info'; code: string; message: string };
  /** For a file answer: the URL path that named it (after FallbackResource, its URL). */
  urlPath?: string | undefined;
  /** The request headers as RequestHeader rules left them (the sender must use these). */
  requestHeaders?: import('node:http').IncomingHttpHeaders;
  /** Variables set by SetEnvIf (for `Header ... env=VAR`). */
  env?: ReadonlyMap<string, string>;
  /** Set when AuthzHideForbidden turned this answer into a 404: the real status and reason. */
  hidden?: { status: number; why: string; loc: SourceLoc };
  /** Bearer realms: the error code and description of a 401 or 403 (for a JSON error body). */
  authError?: AuthError;
  /** Set for error statuses once ErrorDocument resolution has run. */
  errorBody?: ErrorBody;
  /** How a DirectoryIndex lookup sees this answer (src/handler/directory.ts markLookup). */
  lookupView?: 'regular-file' | 'handler-only' | undefined;
}

export function formatLoc(loc: SourceLoc): string {
  return loc.line > 0 ? `${loc.file}:${loc.line}` : loc.file;
}

/** A compact one-line form for the debug log. */
export function decisionLogLine(method: string, url: string, d: Decision): string {
  const by = d.decidedBy ? ` by ${formatLoc(d.decidedBy.loc)} (${d.decidedBy.text})` : '';
  return `${method} ${url} -> ${d.status}${by}: ${d.why}`;
}
