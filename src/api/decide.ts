// decide() for tests of one's own rules: what would htserve answer to this request, and why?
// The same pipeline as the server and `htserve check`, in a friendlier form.
import type { ServerConfig } from '../config/server-config.js';
import type { Decision } from '../decision.js';
import { decide as decideRequest } from '../pipeline.js';
import { toJson, type CheckReport } from '../cli/check-format.js';
import { requestInfo } from '../cli/request-info.js';
import { configOf, contextOf, type HtserveOptions } from './config.js';

export interface CheckRequest {
  /** `/members/?x=1`, `http://example.com/path` (sets Host), or `*` (with OPTIONS). */
  url: string;
  /** Default GET. */
  method?: string;
  /** `name:password`, or just `name` with `password`. Sent as Basic credentials. */
  user?: string;
  password?: string;
  /** A Bearer token, sent as `Authorization: Bearer TOKEN` (instead of `user`). */
  bearer?: string;
  /** Client address (default 127.0.0.1), for Require ip and Allow from. */
  ip?: string;
  headers?: Readonly<Record<string, string>>;
}

/** `htserve check --json`'s report, plus the pipeline's own Decision. */
export interface CheckResult extends CheckReport {
  decision: Decision;
}

/**
 * `await decide({ url: '/members/', user: 'bob:secret' }, config)` -> `{ status: 200, why, … }`.
 * `config` is a loadConfig() result (its caches are reused) or options for loadConfig().
 */
export async function decide(request: CheckRequest, config: HtserveOptions | ServerConfig): Promise<CheckResult> {
  const cfg = configOf(config);
  const ctx = await contextOf(cfg);
  let user: string | null = null;
  let password: string | null = null;
  if (request.user !== undefined) {
    const colon = request.user.indexOf(':');
    user = colon < 0 ? request.user : request.user.slice(0, colon);
    password = colon < 0 ? (request.password ?? '') : request.user.slice(colon + 1);
  }
  const words = {
    method: (request.method ?? 'GET').toUpperCase(),
    headers: Object.entries(request.headers ?? {}),
    ip: request.ip ?? '127.0.0.1',
    user,
    password,
    bearer: request.bearer ?? null,
  };
  const decision = await decideRequest(requestInfo(words, request.url), ctx);
  const checked = { method: words.method, url: request.url, user, ip: words.ip };
  const report = toJson(request.bearer !== undefined ? { ...checked, bearer: true } : checked, decision);
  return { ...report, decision };
}
