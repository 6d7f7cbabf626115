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
}

/** A HeaderName/ReadmeName file's contents: HTML goes in as is, text escaped inside <pre>. */
export interface ListingInsert {
  kind: 'html' | 'text';
  content: string;
}

export type DecisionBody =
  | { kind: 'file'; path: string; stat: Stats; contentType: string | null }
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
  | { kind: 'file'; path: string; stat: Stats; contentType: string | null; urlPath: string; loc: SourceLoc }
  | { kind: 'redirect'; location: string; loc: SourceLoc };

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
  /** Set for error statuses once ErrorDocument resolution has run. */
  errorBody?: ErrorBody;
}

export function formatLoc(loc: SourceLoc): string {
  return loc.line > 0 ? `${loc.file}:${loc.line}` : loc.file;
}

/** A compact one-line form for the debug log. */
export function decisionLogLine(method: string, url: string, d: Decision): string {
  const by = d.decidedBy ? ` by ${formatLoc(d.decidedBy.loc)} (${d.decidedBy.text})` : '';
  return `${method} ${url} -> ${d.status}${by}: ${d.why}`;
}
