// The CO flag's Set-Cookie value, as mod_rewrite's add_cookie builds it:
// NAME:VALUE:DOMAIN[:lifetime[:path[:secure[:httponly[:samesite]]]]], `:` separated unless the
// spec starts with `;`. Empty fields are skipped (apr_strtok), and without a name, value and
// domain there is no cookie.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `Wed, 03-Dec-2026 07:00:00 GMT`: the Netscape form add_cookie writes. */
function cookieDate(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${pad(d.getUTCFullYear(), 4)} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`
  );
}

/** The cookie's name and its Set-Cookie value, or null when the spec has no name, value and domain. */
export function cookieFromSpec(spec: string, now: Date): { name: string; header: string } | null {
  const sep = spec.startsWith(';') ? ';' : ':';
  const fields = (sep === ';' ? spec.slice(1) : spec).split(sep).filter((f) => f !== '');
  const [name, value, domain, lifetime, path, secure, httponly, samesite] = fields;
  if (name === undefined || value === undefined || domain === undefined) return null;
  let header = `${name}=${value}; path=${path ?? '/'}; domain=${domain}`;
  // atol: leading digits (and sign); 0 or none means a session cookie.
  const minutes = lifetime !== undefined ? Number(/^\s*[+-]?\d+/.exec(lifetime)?.[0] ?? 0) : 0;
  if (minutes !== 0) header += `; expires=${cookieDate(new Date(now.getTime() + minutes * 60000))}`;
  if (secure !== undefined && /^(true|secure)$/i.test(secure)) header += '; secure';
  else if (secure === '1') header += '; secure';
  if (httponly !== undefined && (/^(true|httponly)$/i.test(httponly) || httponly === '1')) header += '; HttpOnly';
  if (samesite !== undefined && samesite !== '0' && samesite.toLowerCase() !== 'false')
    header += `; SameSite=${samesite}`;
  return { name, header };
}
