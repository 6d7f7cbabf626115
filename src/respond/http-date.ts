// HTTP dates: IMF-fixdate out, and the three historical formats in (RFC 1123, RFC 850,
// asctime) with the leniency of APR's apr_date_parse_http, which Apache uses for
// If-Modified-Since, If-Unmodified-Since and If-Range.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue, 02 Jan 2024 03:04:05 GMT` (sub-second part dropped). */
export function formatHttpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

/**
 * APR-style mask match: `#` digit, `~` digit or space, `@` upper-case letter, `$` lower-case
 * letter, `*` matches the rest (including nothing), anything else matches itself.
 */
function matchesMask(data: string, mask: string): boolean {
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i];
    if (m === '*') return true;
    const c = data[i];
    if (c === undefined) return false;
    switch (m) {
      case '#':
        if (!(c >= '0' && c <= '9')) return false;
        break;
      case '~':
        if (!(c === ' ' || (c >= '0' && c <= '9'))) return false;
        break;
      case '@':
        if (!(c >= 'A' && c <= 'Z')) return false;
        break;
      case '$':
        if (!(c >= 'a' && c <= 'z')) return false;
        break;
      default:
        if (c !== m) return false;
    }
  }
  return data.length === mask.length;
}

function num(s: string): number {
  return s.trim() === '' ? 0 : Number(s);
}

/**
 * Parse an HTTP date; returns milliseconds since the epoch (whole seconds) or null when the
 * value is not a valid date. The weekday is skipped unchecked and the zone text is ignored,
 * like APR. Dates before 1970 are invalid (APR refuses them too).
 */
export function parseHttpDate(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.replace(/^\s+/, '');
  const space = trimmed.indexOf(' ');
  if (trimmed === '' || space < 0) return null;
  const d = trimmed.slice(space + 1);

  let year: number;
  let day: number;
  let mon: string;
  let time: string;
  if (matchesMask(d, '## @$$ #### ##:##:## *')) {
    // Sun, 06 Nov 1994 08:49:37 GMT
    day = num(d.slice(0, 2));
    mon = d.slice(3, 6);
    year = num(d.slice(7, 11));
    time = d.slice(12, 20);
  } else if (matchesMask(d, '##-@$$-## ##:##:## *')) {
    // Sunday, 06-Nov-94 08:49:37 GMT
    day = num(d.slice(0, 2));
    mon = d.slice(3, 6);
    year = num(d.slice(7, 9));
    time = d.slice(10, 18);
    year += year < 70 ? 2000 : 1900;
  } else if (matchesMask(d, '@$$ ~# ##:##:## ####*')) {
    // Sun Nov  6 08:49:37 1994
    mon = d.slice(0, 3);
    day = num(d.slice(4, 6));
    time = d.slice(7, 15);
    year = num(d.slice(16, 20));
  } else if (matchesMask(d, '# @$$ #### ##:##:## *')) {
    // Sun, 6 Nov 1994 08:49:37 GMT
    day = num(d.slice(0, 1));
    mon = d.slice(2, 5);
    year = num(d.slice(6, 10));
    time = d.slice(11, 19);
  } else {
    return null;
  }

  const hour = num(time.slice(0, 2));
  const min = num(time.slice(3, 5));
  const sec = num(time.slice(6, 8));
  const month = MONTHS.indexOf(mon);
  if (day <= 0 || day > 31 || hour > 23 || min > 59 || sec > 61 || month < 0) return null;
  if (day === 31 && (month === 3 || month === 5 || month === 8 || month === 10)) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 1 && (day > 29 || (day === 29 && !leap))) return null;
  if (year < 1970) return null;
  return Date.UTC(year, month, day, hour, min, sec);
}
