// The two escapers Apache applies to generated HTML: ap_escape_html for text and attribute
// values, ap_os_escape_path for hrefs.

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escape `& < > "` (Apache ap_escape_html); other characters, non-ASCII included, pass. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] as string);
}

/** escapeHtml, and non-ASCII as numeric references so the result is pure ASCII (for pages
 * declared iso-8859-1). */
export function escapeHtmlAscii(text: string): string {
  return escapeHtml(text).replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0) as number};`);
}

// Path-safe characters besides alphanumerics (Apache 2.4 T_OS_ESCAPE_PATH: `;` stays as is).
const PATH_SAFE = new Set("$-_.+!*'(),:;@&=/~".split(''));

function isPathSafe(byte: number): boolean {
  if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)) return true;
  return byte < 0x80 && PATH_SAFE.has(String.fromCharCode(byte));
}

/**
 * URI-escape a path the way Apache's autoindex does (ap_os_escape_path, full mode): every UTF-8
 * byte outside the safe set becomes `%xx` with lower-case hex, and a `:` before the first `/`
 * gets a `./` prefix so the link cannot be read as a URL scheme.
 */
export function escapePath(path: string): string {
  let out = '';
  const colon = path.indexOf(':');
  const slash = path.indexOf('/');
  if (colon >= 0 && (slash < 0 || colon < slash)) out = './';
  for (const byte of Buffer.from(path, 'utf8')) {
    out += isPathSafe(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** An href attribute value: URI-escaped, then HTML-escaped (`&` → `&amp;`). */
export function hrefFor(path: string): string {
  return escapeHtml(escapePath(path));
}
