// Apache parses some arguments as ap_expr *strings* (ErrorDocument, AuthName, the user/group/
// host lists of Require, the single-URL Redirect): literal text with `%{VAR}` and
// `%{func:arg}` inserts. A reference to an unknown variable or function, or a malformed `%{`,
// is a 500 when the file is read. htserve does not expand these inserts (the text is used as
// written), but it rejects exactly what Apache rejects. Names observed on Apache 2.4.71.

const VARIABLES = new Set([
  'API_VERSION',
  'AUTH_TYPE',
  'CONN_LOG_ID',
  'CONN_REMOTE_ADDR',
  'CONTENT_TYPE',
  'CONTEXT_DOCUMENT_ROOT',
  'CONTEXT_PREFIX',
  'DOCUMENT_ROOT',
  'DOCUMENT_URI',
  'HANDLER',
  'HTTP2',
  'HTTPS',
  'HTTP_ACCEPT',
  'HTTP_COOKIE',
  'HTTP_FORWARDED',
  'HTTP_HOST',
  'HTTP_PROXY_CONNECTION',
  'HTTP_REFERER',
  'HTTP_USER_AGENT',
  'IPV6',
  'IS_SUBREQ',
  'LAST_MODIFIED',
  'PATH_INFO',
  'QUERY_STRING',
  'REMOTE_ADDR',
  'REMOTE_HOST',
  'REMOTE_IDENT',
  'REMOTE_PORT',
  'REMOTE_USER',
  'REQUEST_FILENAME',
  'REQUEST_LOG_ID',
  'REQUEST_METHOD',
  'REQUEST_SCHEME',
  'REQUEST_STATUS',
  'REQUEST_URI',
  'SCRIPT_FILENAME',
  'SCRIPT_GROUP',
  'SCRIPT_USER',
  'SERVER_ADMIN',
  'SERVER_NAME',
  'SERVER_PORT',
  'SERVER_PROTOCOL',
  'SERVER_SOFTWARE',
  'THE_REQUEST',
  'TIME',
  'TIME_DAY',
  'TIME_HOUR',
  'TIME_MIN',
  'TIME_MON',
  'TIME_SEC',
  'TIME_WDAY',
  'TIME_YEAR',
]);

const FUNCTIONS = new Set([
  'req',
  'http',
  'req_novary',
  'resp',
  'reqenv',
  'env',
  'osenv',
  'note',
  'tolower',
  'toupper',
  'escape',
  'unescape',
  'base64',
  'unbase64',
  'md5',
  'sha1',
  'ldap',
]);

/** Functions that read files: refused in access files. */
const RESTRICTED = new Set(['file', 'filesize']);

const ID_CHAR = /[A-Za-z0-9_]/;

/** Does the text use an ap_expr insert (so that Apache would substitute something)? */
export function hasExprInsert(text: string): boolean {
  return text.includes('%{');
}

/** Apache's parse error for an ap_expr string, or null when it is valid. */
export function exprStringError(text: string): string | null {
  const result = scanString(text, 0, false);
  return typeof result === 'string' ? result : null;
}

/**
 * Scan string text from `pos`; inside a function argument (`nested`) stop at the closing `}`.
 * Returns the index after the text, or an error message.
 */
function scanString(text: string, pos: number, nested: boolean): number | string {
  let i = pos;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      if (i + 1 >= text.length) return 'flex scanner jammed';
      i += 2;
      continue;
    }
    if (c === '%' && text[i + 1] === '{') {
      const after = scanInsert(text, i + 2);
      if (typeof after === 'string') return after;
      i = after;
      continue;
    }
    if (nested && c === '}') return i;
    i++;
  }
  return nested ? 'Unterminated string or variable' : i;
}

/** After `%{`: an identifier, then `}` (a variable) or `:` and an argument (a function). */
function scanInsert(text: string, pos: number): number | string {
  let i = pos;
  while (i < text.length && ID_CHAR.test(text[i]!)) i++;
  const name = text.slice(pos, i);
  const next = text[i];
  if (name === '') {
    if (next === undefined) return 'syntax error, unexpected T_ERROR, expecting T_ID: Unterminated string or variable';
    if (next === '}') return 'syntax error, unexpected T_VAR_END, expecting T_ID';
    return `syntax error, unexpected T_ERROR, expecting T_ID: Invalid character in variable name '${next}'`;
  }
  if (next === '}') {
    return VARIABLES.has(name.toUpperCase()) ? i + 1 : `Variable '${name}' does not exist`;
  }
  if (next === ':') {
    if (text[i + 1] === '}') {
      return 'syntax error, unexpected T_VAR_END, expecting T_ERROR or T_STRING or T_REGEX_BACKREF or T_VAR_BEGIN';
    }
    const end = scanString(text, i + 1, true);
    if (typeof end === 'string') return end;
    const fn = name.toLowerCase();
    if (RESTRICTED.has(fn)) return `${name} not available in restricted context`;
    if (!FUNCTIONS.has(fn)) return `Function '${name}' does not exist`;
    return end + 1;
  }
  if (next === undefined)
    return "syntax error, unexpected T_ERROR, expecting T_VAR_END or ':': Unterminated string or variable";
  return `syntax error, unexpected T_ERROR, expecting T_VAR_END or ':': Invalid character in variable name '${next}'`;
}
