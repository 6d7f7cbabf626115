// How mod_maxminddb turns what it found into variable text: the value at a lookup path
// (MMDB_aget_value) and the matched network (set_network_environment_variable).

/** The value at `path` below a record, or why there is none (the module's two outcomes). */
export type PathValue =
  | { kind: 'value'; text: string }
  /** MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR: skipped without a word. */
  | { kind: 'no-match' }
  /** Any other failure: logged, skipped. */
  | { kind: 'error'; message: string };

const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * MMDB_aget_value: map keys and array indexes (negative ones count from the end); an index that
 * is not a number is an invalid path, one out of range does not match.
 */
export function valueAt(record: unknown, path: readonly string[]): PathValue {
  let current = record;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!/^-?\d+$/.test(segment)) {
        return {
          kind: 'error',
          message: 'The lookup path contained an invalid value (like a negative integer for an array index)',
        };
      }
      let index = Number(segment);
      if (index < 0) index += current.length;
      if (index < 0 || index >= current.length) return { kind: 'no-match' };
      current = current[index] as unknown;
    } else if (isMap(current)) {
      if (!own(current, segment)) return { kind: 'no-match' };
      current = current[segment];
    } else {
      return { kind: 'no-match' };
    }
  }
  const text = scalarText(current);
  return text === null ? { kind: 'error', message: 'Database error: unknown data type' } : { kind: 'value', text };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

const TWO_TO_64 = 1n << 64n;

/**
 * export_env_for_lookups' formatting: strings as they are, booleans 1/0, floats and doubles with
 * five decimals, integers in decimal, 128-bit integers in hex, bytes up to a NUL byte (C strings).
 * A map or an array is not a value (null). The reader gives one JavaScript number for every
 * numeric type, so a double holding a whole number (a latitude of exactly 51) reads `51` here
 * where the module writes `51.00000` (README "Deliberate differences").
 */
export function scalarText(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? '1' : '0';
    case 'number':
      if (Number.isInteger(v)) return String(v);
      if (Number.isNaN(v)) return 'nan';
      if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
      return v.toFixed(5);
    case 'bigint':
      return v < TWO_TO_64 ? v.toString(10) : `0x${v.toString(16).padStart(32, '0')}`;
  }
  if (v instanceof Uint8Array) {
    const nul = v.indexOf(0);
    return Buffer.from(nul < 0 ? v : v.subarray(0, nul)).toString('latin1');
  }
  return null;
}

/**
 * The network of the matched record, as `address/prefix` with the address written as glibc's
 * inet_ntop writes it (the longest run of two or more zero groups as `::`, an IPv4 tail for
 * `::a.b.c.d` and `::ffff:a.b.c.d`).
 */
export function networkText(address: string, family: 4 | 6, prefixLength: number): string {
  const bytes = addressBytes(address, family);
  for (let bit = prefixLength; bit < bytes.length * 8; bit++) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return `${family === 4 ? bytes.join('.') : ipv6Text(bytes)}/${prefixLength}`;
}

function addressBytes(address: string, family: 4 | 6): number[] {
  if (family === 4) return address.split('.').map(Number);
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const out: number[] = [];
  for (const g of [...headGroups, ...zeros, ...tailGroups]) {
    const n = parseInt(g, 16);
    out.push(n >> 8, n & 0xff);
  }
  return out;
}

function ipv6Text(bytes: readonly number[]): string {
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = { base: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len) best = { base: i, len: j - i };
    i = j;
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base >= 0 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i > 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += bytes.slice(12).join('.');
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best.base >= 0 && best.base + best.len === 8) out += ':';
  return out;
}
