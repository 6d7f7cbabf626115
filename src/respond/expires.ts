// mod_expires at response time (expires_filter, set_expiration_fields): the code for the response's
// media type (exact, then `major/*` when the level has wildcards, then ExpiresDefault) gives
// `Cache-Control: max-age` and `Expires`. Only for non-error responses: 200, 206, 304.

import type { ExpiresConfig } from '../htaccess/effective-config.js';
import type { ExpiryCode } from '../htaccess/types.js';
import { formatHttpDate } from './http-date.js';
import type { ServerReply } from '../server/exchange.js';

export interface ExpiresHeaders {
  /** `max-age=N`, merged into any Cache-Control already there (apr_table_mergen). */
  maxAge: string;
  expires: string;
  /** The Date header for the same instant, so Expires minus Date is max-age as in Apache. */
  date: string;
}

function codeFor(cfg: ExpiresConfig, contentType: string | null): ExpiryCode | null {
  if (contentType === null) return cfg.default;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const exact = cfg.byType.get(type);
  if (exact !== undefined) return exact;
  if (cfg.wildcards) {
    const slash = type.indexOf('/');
    if (slash >= 0) {
      const wild = cfg.byType.get(`${type.slice(0, slash + 1)}*`);
      if (wild !== undefined) return wild;
    }
  }
  return cfg.default;
}

/** Whether mod_expires would insert its filter at all (ExpiresActive On and some code given). */
export function expiresApplies(cfg: ExpiresConfig | undefined): cfg is ExpiresConfig {
  return cfg !== undefined && cfg.active && (cfg.default !== null || cfg.byType.size > 0);
}

/**
 * The headers for one response. `mtimeUs` is the file's exact modification time (null for a
 * generated page, where a `modification` code does nothing, as for Apache's APR_NOFILE).
 */
export function expiresHeaders(
  cfg: ExpiresConfig,
  contentType: string | null,
  mtimeUs: bigint | null,
  nowMs: number,
): ExpiresHeaders | null {
  const code = codeFor(cfg, contentType);
  if (code === null) return null;
  const nowUs = BigInt(Math.floor(nowMs * 1000));
  let base: bigint;
  if (code.base === 'M') {
    if (mtimeUs === null) return null;
    base = mtimeUs;
  } else {
    base = nowUs;
  }
  let expiresUs = base + BigInt(code.seconds) * 1_000_000n;
  if (expiresUs < nowUs) expiresUs = nowUs;
  const maxAge = (expiresUs - nowUs) / 1_000_000n;
  return {
    maxAge: `max-age=${maxAge}`,
    expires: formatHttpDate(Number(expiresUs / 1000n)),
    date: formatHttpDate(Number(nowUs / 1000n)),
  };
}

/**
 * Set them on a response: `max-age` merged into a Cache-Control already there, Expires, and Date.
 * Only for answers that are not errors; call before mod_headers' rules, which may change both.
 */
export function applyExpires(
  res: ServerReply,
  cfg: ExpiresConfig | undefined,
  status: number,
  contentType: string | null,
  mtimeUs: bigint | null,
  now: number,
): void {
  if (status >= 400 || !expiresApplies(cfg)) return;
  const h = expiresHeaders(cfg, contentType, mtimeUs, now);
  if (h === null) return;
  const current = res.getHeader('Cache-Control');
  res.setHeader('Cache-Control', current === undefined ? h.maxAge : `${String(current)}, ${h.maxAge}`);
  res.setHeader('Expires', h.expires);
  res.setHeader('Date', h.date);
}
