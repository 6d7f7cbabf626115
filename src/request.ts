// What every stage shares: the request as the pipeline sees it, the context built once at
// start-up (with the ports stages call instead of importing the pipeline: sub-requests, caches),
// and the helper that makes an error Decision.
import type { ServerConfig } from './config/server-config.js';
import type { AccessFileCache } from './htaccess/access-file-cache.js';
import type { PasswordFiles } from './htaccess/password-files.js';
import type { EffectiveConfig } from './htaccess/effective-config.js';
import type { AuthnPorts } from './access/check-access.js';
import type { Decision, DecisionStep } from './decision.js';
import type { MimeTable } from './respond/mime.js';
import type { GzipCache } from './respond/gzip-cache.js';
import type { BodyCache } from './respond/body-cache.js';
import type { FreshCache } from './cache/fresh-cache.js';
import type { DirWatchHub } from './cache/dir-watch.js';
import type { PlanPorts, RequestFiles, TargetPlan } from './paths/target-plan.js';
import type { WalkTarget } from './paths/walk.js';
import type { ListingCache } from './handler/listing-cache.js';
import type { GeoLookups } from './geoip/geo-lookups.js';

export interface PipelineContext {
  config: ServerConfig;
  base: EffectiveConfig;
  accessFiles: AccessFileCache;
  mime: MimeTable;
  authn: AuthnPorts;
  /** AuthUserFile/AuthGroupFile named in access files, by path and identity: never served. */
  protectedFiles: Pick<PasswordFiles, 'has' | 'matches'>;
  /**
   * Apache's ap_sub_req_lookup_uri as a port: the decision for another URL of the same request
   * (DirectoryIndex candidates, FallbackResource, listing entries, ErrorDocument, HeaderName).
   */
  subrequest(req: RequestInfo, mapped: MappedRequest, opts?: CoreOptions): Promise<Decision>;
  /** Per-URL walk results and merged configurations (src/paths/target-plan.ts). */
  plans: FreshCache<TargetPlan>;
  /** Directory watchers behind every cache (src/cache/dir-watch.ts). */
  watchHub: DirWatchHub;
  /** What planTarget needs, gathered once. */
  planPorts: PlanPorts;
  /** Bodies of small files (src/respond/body-cache.ts). */
  bodies: BodyCache;
  /** Gzipped bodies for DEFLATE (src/respond/gzip-cache.ts); absent when mod_deflate is not loaded. */
  gzip?: GzipCache | undefined;
  /** Directory listings (src/handler/listing-cache.ts). */
  listings: ListingCache;
  /** mod_maxminddb's databases and lookups (src/geoip/); absent = module not loaded. */
  geo?: GeoLookups;
}

export interface RequestInfo {
  method: string;
  /** Raw request target, as on the request line. */
  target: string;
  host: string;
  authorization: string | undefined;
  clientIp: string;
  /** The client's TCP port, when known (mod_rewrite's %{REMOTE_PORT}). */
  clientPort?: number | undefined;
  localIp: string;
  /** Request headers, names lower-cased (for SetEnvIf). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** e.g. "HTTP/1.1" */
  protocol: string;
  /** How the client reached us: the connection's, or what a trusted proxy says (src/server/forwarded.ts). */
  scheme: Scheme;
}

export type Scheme = 'http' | 'https';

/**
 * One request after the walk, as the access, redirect and handler stages see it: everything they
 * read, in one object instead of a row of positional arguments.
 */
export interface StagedRequest {
  readonly req: RequestInfo;
  readonly mapped: MappedRequest;
  readonly target: WalkTarget;
  /** r->filename and friends, for expressions. */
  readonly files: RequestFiles;
  /** The merged configuration in force (after <Files> and <If>). */
  readonly cfg: EffectiveConfig;
  /** Variables set by SetEnvIf before access control. */
  readonly env: ReadonlyMap<string, string>;
  /** The trace so far; stages append to it. */
  readonly steps: DecisionStep[];
  readonly ctx: PipelineContext;
  readonly opts: CoreOptions;
  /** Who signed in: set once the access stage has granted the request. */
  user: string | null;
}

export interface MappedRequest {
  urlPath: string;
  segments: readonly string[];
  trailingSlash: boolean;
  /** Raw query string without '?'; null when the URL has none ('' for a bare '?', which redirects keep). */
  query: string | null;
}

export interface CoreOptions {
  /**
   * Stop before the handler, after access control and Redirect (autoindex entry checks, like
   * Apache's sub-request lookup): a status below 400 means "may be shown".
   */
  accessOnly?: boolean;
  /** ErrorDocument sub-request: skip access checks if the configuration is the same (docs/apache-behaviour.md §12.3). */
  inherit?: { config: EffectiveConfig; user: string | null };
  /** Sub-request depth guard. */
  depth?: number;
  /** This pass is an internal redirect made by mod_rewrite (src/rewrite/stage.ts). */
  redirect?: { count: number; env: ReadonlyMap<string, string>; ended: boolean };
}

export const ALLOW = 'GET, HEAD, OPTIONS';

export function errorDecision(
  status: number,
  why: string,
  steps: DecisionStep[],
  config: EffectiveConfig | null,
  extra: Partial<Decision> = {},
): Decision {
  return { status, body: { kind: 'error' }, headers: [], config, user: null, steps, decidedBy: null, why, ...extra };
}
