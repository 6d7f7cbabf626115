// Apache's built-in ("canned") error pages, same shape and sentences as httpd 2.4 with
// ServerSignature Off (docs/apache-behaviour.md §5.2, §12.3). They never echo the request URL or any internal detail;
// the only request data shown (method, redirect target) is HTML-escaped.

import type { OutgoingHttpHeaders } from 'node:http';
import type { ServerReply, ServerRequest } from '../server/exchange.js';
import { escapeHtmlAscii } from './html-escape.js';
import { sendGenerated } from './send-html.js';

export const ERROR_PAGE_CONTENT_TYPE = 'text/html; charset=iso-8859-1';

/** Headers for every page htserve generates (error pages, listings): no MIME sniffing, and no
 * scripts/styles/images/frames at all — the pages need none. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'",
});

// Apache 2.4 status lines (they differ from Node's for e.g. 413, 414, 416).
const STATUS_LINES: ReadonlyMap<number, string> = new Map([
  [300, 'Multiple Choices'],
  [301, 'Moved Permanently'],
  [302, 'Found'],
  [303, 'See Other'],
  [304, 'Not Modified'],
  [305, 'Use Proxy'],
  [307, 'Temporary Redirect'],
  [308, 'Permanent Redirect'],
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [402, 'Payment Required'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [405, 'Method Not Allowed'],
  [406, 'Not Acceptable'],
  [407, 'Proxy Authentication Required'],
  [408, 'Request Timeout'],
  [409, 'Conflict'],
  [410, 'Gone'],
  [411, 'Length Required'],
  [412, 'Precondition Failed'],
  [413, 'Request Entity Too Large'],
  [414, 'Request-URI Too Long'],
  [415, 'Unsupported Media Type'],
  [416, 'Requested Range Not Satisfiable'],
  [417, 'Expectation Failed'],
  [421, 'Misdirected Request'],
  [422, 'Unprocessable Entity'],
  [423, 'Locked'],
  [424, 'Failed Dependency'],
  [426, 'Upgrade Required'],
  [428, 'Precondition Required'],
  [429, 'Too Many Requests'],
  [431, 'Request Header Fields Too Large'],
  [451, 'Unavailable For Legal Reasons'],
  [500, 'Internal Server Error'],
  [501, 'Not Implemented'],
  [502, 'Bad Gateway'],
  [503, 'Service Unavailable'],
  [504, 'Gateway Timeout'],
  [505, 'HTTP Version Not Supported'],
  [506, 'Variant Also Negotiates'],
  [507, 'Insufficient Storage'],
  [508, 'Loop Detected'],
  [510, 'Not Extended'],
  [511, 'Network Authentication Required'],
]);

/** `404 Not Found`. Unknown codes read as Apache's fallback, `500 Internal Server Error`. */
export function statusLine(status: number): string {
  const reason = STATUS_LINES.get(status);
  return reason === undefined ? '500 Internal Server Error' : `${status} ${reason}`;
}

export interface ErrorPageOptions {
  /** Request method (shown for 405/501, escaped). */
  method: string;
  /** Request URL. Accepted for symmetry, never echoed (Apache 2.4 stopped echoing it). */
  url: string;
  /** Redirect target for 3xx pages (escaped into the link). */
  location?: string;
  /** Set when an ErrorDocument for this status failed (its status): adds Apache's
   * "Additionally, a <ORIGINAL status> error was encountered…" paragraph (docs/apache-behaviour.md §12.3). */
  additionally?: number;
  /** Allow header value for 405/501 responses. */
  allow?: string;
  /** Shown on the 500 page; Apache's default when ServerAdmin is unset. */
  serverAdmin?: string;
}

export interface ErrorPage {
  body: string;
  contentType: string;
  /** Content-Type, Location (3xx) / Allow (405, 501) when given, and SECURITY_HEADERS. */
  headers: Record<string, string>;
}

function internalErrorText(serverAdmin: string): string {
  return (
    '<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\n' +
    'your request.</p>\n<p>Please contact the server administrator at \n ' +
    escapeHtmlAscii(serverAdmin) +
    ' to inform them of the time this error occurred,\n and the actions you performed just before this error.</p>\n' +
    '<p>More information about this error may be available\nin the server error log.</p>\n'
  );
}

function pageText(status: number, opts: ErrorPageOptions): string {
  const method = escapeHtmlAscii(opts.method);
  switch (status) {
    case 301:
    case 302:
    case 307:
    case 308:
      return `<p>The document has moved <a href="${escapeHtmlAscii(opts.location ?? '')}">here</a>.</p>\n`;
    case 303:
      return `<p>The answer to your request is located <a href="${escapeHtmlAscii(opts.location ?? '')}">here</a>.</p>\n`;
    case 400:
      return '<p>Your browser sent a request that this server could not understand.<br />\n</p>\n';
    case 401:
      return (
        '<p>This server could not verify that you\nare authorized to access the document\n' +
        'requested.  Either you supplied the wrong\ncredentials (e.g., bad password), or your\n' +
        "browser doesn't understand how to supply\nthe credentials required.</p>\n"
      );
    case 403:
      return "<p>You don't have permission to access this resource.</p>\n";
    case 404:
      return '<p>The requested URL was not found on this server.</p>\n';
    case 405:
      return `<p>The requested method ${method} is not allowed for this URL.</p>\n`;
    case 408:
      return '<p>Server timeout waiting for the HTTP request from the client.</p>\n';
    case 410:
      return (
        '<p>The requested resource is no longer available on this server and there is no forwarding ' +
        'address.\nPlease remove all references to this resource.</p>\n'
      );
    case 411:
      return `<p>A request of the requested method ${method} requires a valid Content-length.<br />\n</p>\n`;
    case 412:
      return '<p>The precondition on the request for this URL evaluated to false.</p>\n';
    case 413:
      return (
        `The requested resource does not allow request data with ${method} requests, or the amount of ` +
        `data provided in\nthe request exceeds the capacity limit.\n`
      );
    case 414:
      return "<p>The requested URL's length exceeds the capacity\nlimit for this server.<br />\n</p>\n";
    case 415:
      return '<p>The supplied request data is not in a format\nacceptable for processing by this resource.</p>\n';
    case 416:
      return (
        '<p>None of the range-specifier values in the Range\nrequest-header field overlap the current ' +
        'extent\nof the selected resource.</p>\n'
      );
    case 429:
      return '<p>The user has sent too many requests\nin a given amount of time.</p>\n';
    case 431:
      return '<p>The server refused this request because\nthe request header fields are too large.</p>\n';
    case 501:
      return `<p>${method} not supported for current URL.<br />\n</p>\n`;
    case 503:
      return (
        '<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or ' +
        'capacity\nproblems. Please try again later.</p>\n'
      );
    case 504:
      return '<p>The gateway did not receive a timely response\nfrom the upstream server or application.</p>\n';
    default:
      return internalErrorText(opts.serverAdmin ?? '[no address given]');
  }
}

/** The built-in page for `status`, as Apache 2.4 renders it. */
export function builtinErrorPage(status: number, opts: ErrorPageOptions): ErrorPage {
  // Statuses Apache has no line for render as a 500 page (title and text), like ap_index_of_response.
  const known = STATUS_LINES.has(status);
  const line = statusLine(status);
  const text = known ? pageText(status, opts) : pageText(500, opts);
  let body =
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n' +
    `<title>${line}</title>\n</head><body>\n<h1>${line.slice(4)}</h1>\n` +
    text;
  if (opts.additionally !== undefined) {
    // docs/apache-behaviour.md §12.3: the sentence names the ORIGINAL status, not the failed document's.
    body += `<p>Additionally, a ${line}\nerror was encountered while trying to use an ErrorDocument to handle the request.</p>\n`;
  }
  body += '</body></html>\n';

  const headers: Record<string, string> = { 'Content-Type': ERROR_PAGE_CONTENT_TYPE, ...SECURITY_HEADERS };
  if (status >= 300 && status < 400 && opts.location !== undefined) headers['Location'] = opts.location;
  if ((status === 405 || status === 501) && opts.allow !== undefined) headers['Allow'] = opts.allow;
  return { body, contentType: ERROR_PAGE_CONTENT_TYPE, headers };
}

/**
 * Convenience: send the built-in page for `status`. `extraHeaders` (e.g. WWW-Authenticate)
 * are added; HEAD gets the headers without body or Content-Length, as Apache does.
 */
export function sendBuiltinError(
  req: ServerRequest,
  res: ServerReply,
  status: number,
  opts: ErrorPageOptions,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  const page = builtinErrorPage(status, opts);
  sendGenerated(req, res, status, { ...extraHeaders, ...page.headers }, page.body);
}
