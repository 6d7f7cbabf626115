// Built-in error pages in plain words (server.error_pages = friendly): what happened, and what
// the person can do about it — sign in (401); nothing, it is not for you (403); wait (429, 503).
// Never a detail of the configuration or the file system: a 500 only says the site's
// configuration has an error (the error log has the rest). Clients that rank JSON above HTML
// get `{"error": code, "message": text}` with the same status and headers.
import type { AuthError } from '../decision.js';
import { escapeHtml } from './html-escape.js';
import { statusLine, type ErrorPage } from './error-page.js';
import { ERROR_STYLE_ELEMENT, ERROR_PAGE_HEADERS } from './page-style.js';

export const FRIENDLY_HTML_TYPE = 'text/html; charset=utf-8';
export const JSON_ERROR_TYPE = 'application/json';

export interface FriendlyErrorOptions {
  method: string;
  /** The signed-in user, when there is one (a 403 then says who is refused). */
  user: string | null;
  /** Retry-After as sent (seconds or an HTTP date), for 429 and 503. */
  retryAfter?: string | undefined;
  /** Allow as sent, for 405 and 501. */
  allow?: string | undefined;
  /** The status whose ErrorDocument could not be served (docs/apache-behaviour.md §12.3). */
  additionally?: number | undefined;
  /** A Bearer realm's RFC 6750 error (401 invalid_token, 403 insufficient_scope). */
  authError?: AuthError | undefined;
}

interface Text {
  code: string;
  heading: string;
  /** Sentences, plain text (escaped when they go into HTML). */
  say: string[];
  /** A link the HTML page offers next: [href, text]. */
  next?: [string, string];
}

function waitSentence(retryAfter: string | undefined, then: string): string {
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) {
    const n = Number(retryAfter);
    return `Please wait ${n} second${n === 1 ? '' : 's'}, then ${then}.`;
  }
  if (retryAfter !== undefined && retryAfter !== '') return `Please wait until ${retryAfter}, then ${then}.`;
  return `Please wait a little, then ${then}.`;
}

function methodsSentence(allow: string | undefined): string {
  const methods = (allow ?? 'GET, HEAD, OPTIONS')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  return `It answers ${methods.slice(0, -1).join(', ')}${methods.length > 1 ? ' and ' : ''}${methods.at(-1) ?? ''}.`;
}

function textFor(status: number, o: FriendlyErrorOptions): Text {
  switch (status) {
    case 400:
      return { code: 'bad_request', heading: 'Bad request', say: ['The server could not understand this request.'] };
    case 401:
      return {
        code: 'unauthorized',
        heading: 'Please sign in',
        say: [
          'This page is only for people who have signed in.',
          'Sign in with your user name and password, then try again. If you already did, the user name or ' +
            'password was not accepted: check them and try again.',
        ],
        next: ['', 'Try again'],
      };
    case 403:
      return {
        code: 'forbidden',
        heading: 'Not available to you',
        say: [
          o.user !== null
            ? `You are signed in as ${o.user}, but this page is not available to that account. Signing in ` +
              'again will not change that.'
            : 'This page is not available to you, and it does not matter who you are: signing in would not help.',
          'If you think you should have access, contact the administrator of this site.',
        ],
      };
    case 404:
      return {
        code: 'not_found',
        heading: 'Page not found',
        say: ['Nothing is at this address. Check it for typing mistakes, or start again from the home page.'],
        next: ['/', 'Go to the home page'],
      };
    case 405:
    case 501:
      return {
        code: status === 405 ? 'method_not_allowed' : 'not_implemented',
        heading: status === 405 ? 'Method not allowed' : 'Method not supported',
        say: [`This address cannot be used with the method ${o.method}.`, methodsSentence(o.allow)],
      };
    case 408:
      return {
        code: 'request_timeout',
        heading: 'Request timeout',
        say: ['The request did not arrive in time, so the server stopped waiting for it. Please try again.'],
      };
    case 410:
      return { code: 'gone', heading: 'Gone', say: ['This page has been removed and will not come back.'] };
    case 414:
      return { code: 'uri_too_long', heading: 'Address too long', say: ['The address of this request is too long.'] };
    case 416:
      return {
        code: 'range_not_satisfiable',
        heading: 'Range not satisfiable',
        say: [
          'The part of the file that was asked for (the Range header) lies outside the file. Ask for the whole file.',
        ],
      };
    case 429:
      return {
        code: 'too_many_requests',
        heading: 'Too many requests',
        say: ['Too many requests came from you in a short time.', waitSentence(o.retryAfter, 'try again')],
      };
    case 431:
      return {
        code: 'request_header_fields_too_large',
        heading: 'Headers too large',
        say: ['The request headers are too large.'],
      };
    case 503:
      return {
        code: 'service_unavailable',
        heading: 'Service unavailable',
        say: ['The server is too busy to answer right now.', waitSentence(o.retryAfter, 'try again')],
      };
    default:
      return {
        code: 'server_error',
        heading: 'Server error',
        say: [
          "The site's configuration has an error, so the server cannot answer this request. " +
            "This is not something you can fix: please tell the site's administrator.",
        ],
      };
  }
}

/** Apache's sentence, kept (the site's own error page failed too), for the administrator. */
function additionallySentence(status: number): string {
  return (
    `Additionally, a ${statusLine(status)} error was encountered while trying to use an ErrorDocument ` +
    'to handle the request.'
  );
}

export function friendlyHtmlPage(status: number, o: FriendlyErrorOptions): ErrorPage {
  const known = statusLine(status).startsWith(`${status} `);
  const line = known ? statusLine(status) : statusLine(500);
  const t = textFor(known ? status : 500, o);
  const paragraphs = t.say.map((s) => `<p>${escapeHtml(s)}</p>\n`).join('');
  const next = t.next ? `<p><a href="${t.next[0]}">${t.next[1]}</a></p>\n` : '';
  const note = o.additionally !== undefined ? `<p class="note">${additionallySentence(o.additionally)}</p>\n` : '';
  const body =
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${line}</title>\n${ERROR_STYLE_ELEMENT}\n</head>\n<body>\n` +
    `<h1>${escapeHtml(t.heading)}</h1>\n${paragraphs}${next}${note}` +
    `<p class="note">${line}</p>\n</body>\n</html>\n`;
  return {
    body,
    contentType: FRIENDLY_HTML_TYPE,
    headers: { 'Content-Type': FRIENDLY_HTML_TYPE, ...ERROR_PAGE_HEADERS },
  };
}

export function jsonErrorPage(status: number, o: FriendlyErrorOptions): ErrorPage {
  const known = statusLine(status).startsWith(`${status} `);
  const t = textFor(known ? status : 500, o);
  let message = t.say.join(' ');
  if (o.additionally !== undefined) message += ' ' + additionallySentence(o.additionally);
  // A token realm's answer names its RFC 6750 error, as the WWW-Authenticate header does.
  const a = o.authError;
  const body = a
    ? { error: a.error, message: a.description, ...(a.scope !== undefined ? { scope: a.scope } : {}) }
    : { error: t.code, message };
  return {
    body: JSON.stringify(body) + '\n',
    contentType: JSON_ERROR_TYPE,
    headers: {
      'Content-Type': JSON_ERROR_TYPE,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
    },
  };
}
