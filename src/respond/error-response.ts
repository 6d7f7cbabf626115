// Which built-in error page a response gets: Apache's exact page (server.error_pages = apache,
// no negotiation), or the friendly page — JSON for a client that ranks application/json above
// text/html, else HTML — with `Vary: Accept`, since the body then depends on that header.
import { prefersJson } from './accept.js';
import { builtinErrorPage, type ErrorPage } from './error-page.js';
import { friendlyHtmlPage, jsonErrorPage, type FriendlyErrorOptions } from './friendly-error.js';

export type ErrorPageStyle = 'friendly' | 'apache';

export interface ErrorPageRequest extends FriendlyErrorOptions {
  style: ErrorPageStyle;
  accept: string | string[] | undefined;
  url: string;
}

/** Friendly pages that say nothing about the request, kept: (status, variant) pairs are few. */
const fixedPages = new Map<string, ErrorPage>();
const MAX_FIXED = 128;

function isFixed(status: number, r: ErrorPageRequest): boolean {
  return (
    r.user === null &&
    r.additionally === undefined &&
    r.retryAfter === undefined &&
    r.authError === undefined &&
    status !== 405 &&
    status !== 501
  );
}

export function errorPageFor(status: number, r: ErrorPageRequest): ErrorPage {
  if (r.style === 'apache') {
    return builtinErrorPage(status, {
      method: r.method,
      url: r.url,
      ...(r.additionally !== undefined ? { additionally: r.additionally } : {}),
      ...(r.allow !== undefined ? { allow: r.allow } : {}),
    });
  }
  const json = prefersJson(r.accept);
  const fixed = isFixed(status, r);
  const key = `${status}${json ? 'j' : 'h'}`;
  const kept = fixed ? fixedPages.get(key) : undefined;
  if (kept) return kept;
  const page = json ? jsonErrorPage(status, r) : friendlyHtmlPage(status, r);
  const out: ErrorPage = Object.freeze({ ...page, headers: Object.freeze({ ...page.headers, Vary: 'Accept' }) });
  if (fixed) {
    if (fixedPages.size >= MAX_FIXED) fixedPages.clear();
    fixedPages.set(key, out);
  }
  return out;
}
