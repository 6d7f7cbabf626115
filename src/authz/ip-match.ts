// Address rules for `Require ip` and `Allow/Deny from`, accepting exactly the forms Apache
// accepts (mod_authz_host → APR apr_ipsubnet_create; docs/apache-behaviour.md §6.3). Anything else is null, which
// the parser turns into a 500 with file:line: an address rule must never fail open.

import type { IpMatcher } from '../htaccess/types.js';

export interface AddressBytes {
  family: 4 | 6;
  bytes: Uint8Array;
}

/**
 * APR's first filter: contains a colon, or is made only of digits and dots. `Allow from` uses
 * it to tell an address (which must then parse, else 500) from a host name.
 */
export function looksLikeIp(text: string): boolean {
  if (text === '') return false;
  if (text.includes(':')) return true;
  return /^[0-9.]+$/.test(text);
}

/** Compile one rule such as `10.1`, `127.0.0.0/8`, `fe80::/10`, `10.0.0.0/255.0.0.0`. */
export function parseIpMatcher(text: string): IpMatcher | null {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? null : text.slice(slash + 1);
  if (!looksLikeIp(addrText)) return null;

  // A network shorthand (`10.1`, `127.`) is only allowed without a mask (`127/8` is invalid).
  const addr = parseConfigAddress(addrText, maskText === null);
  if (addr === null) return null;

  const mask = maskText === null ? addr.mask : parseMask(maskText, addr.family);
  if (mask === null) return null;

  const bytes = addr.bytes.map((b, i) => b & mask[i]!);
  return { family: addr.family, bytes, mask, text };
}

/** Does the client address fall inside the rule? Families never cross. */
export function matchIp(m: IpMatcher, clientIp: string): boolean {
  const client = parseAddressBytes(clientIp);
  if (client === null) return false;
  // Like APR, an IPv4 rule also sees an IPv4-mapped IPv6 client as the IPv4 address it carries.
  const effective =
    client.family === 6 && isV4Mapped(client.bytes) ? { family: 4 as const, bytes: client.bytes.subarray(12) } : client;
  if (effective.family !== m.family) return false;
  for (let i = 0; i < m.bytes.length; i++) {
    if ((effective.bytes[i]! & m.mask[i]!) !== m.bytes[i]) return false;
  }
  return true;
}

/** Parse a client (or server) address: full dotted IPv4 or any IPv6 text form. */
export function parseAddressBytes(ip: string): AddressBytes | null {
  const v4 = parseIpv4(ip);
  if (v4 !== null) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(ip);
  if (v6 !== null) return { family: 6, bytes: v6 };
  return null;
}

// ---------------------------------------------------------------- config-side parsing

interface ConfigAddress extends AddressBytes {
  /** The implied mask: all ones for a full address, whole octets for a network shorthand. */
  mask: Uint8Array;
}

function parseConfigAddress(text: string, networkAllowed: boolean): ConfigAddress | null {
  const v6 = parseIpv6(text);
  if (v6 !== null) {
    // APR refuses ::ffff:a.b.c.d in config: its matcher assumes rules are never v4-mapped.
    if (isV4Mapped(v6)) return null;
    return { family: 6, bytes: v6, mask: new Uint8Array(16).fill(0xff) };
  }
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, bytes: v4, mask: new Uint8Array(4).fill(0xff) };
  return networkAllowed ? parseIpv4Network(text) : null;
}

/** Legacy shorthand: `10.1` = 10.1.0.0/16, `127.` = 127.0.0.0/8; whole octets only. */
function parseIpv4Network(text: string): ConfigAddress | null {
  // APR copies the text into a 16-byte buffer first; longer text is rejected outright.
  if (text.length >= 16) return null;
  const bytes = new Uint8Array(4);
  const mask = new Uint8Array(4);
  let octet = 0;
  let pos = 0;
  while (pos < text.length) {
    const m = /^([0-9]+)(\.?)/.exec(text.slice(pos));
    if (m === null) return null; // empty octet (`1..2`, `.1`) or stray character
    const digits = m[1]!;
    const dot = m[2]!;
    pos += digits.length + dot.length;
    // A digit run must be the end of the text or be followed by a dot.
    if (dot === '' && pos < text.length) return null;
    if (octet >= 4) return null;
    const value = Number(digits);
    if (value > 255) return null;
    bytes[octet] = value;
    mask[octet] = 0xff;
    octet++;
  }
  if (octet === 0) return null;
  return { family: 4, bytes, mask };
}

/** `/N` (1..32 or 1..128; /0 is refused) or, for IPv4 only, a dotted netmask (any bit pattern). */
function parseMask(text: string, family: 4 | 6): Uint8Array | null {
  const maxBits = family === 4 ? 32 : 128;
  // strtol semantics: optional sign, then decimal digits, and nothing after.
  if (/^[+-]?[0-9]+$/.test(text)) {
    const bits = Number(text);
    if (bits > 0 && bits <= maxBits) return prefixMask(bits, maxBits / 8);
  }
  if (family === 4) return parseIpv4(text);
  return null;
}

function prefixMask(bits: number, length: number): Uint8Array {
  const mask = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const remaining = bits - i * 8;
    mask[i] = remaining >= 8 ? 0xff : remaining <= 0 ? 0 : (0xff << (8 - remaining)) & 0xff;
  }
  return mask;
}

// ---------------------------------------------------------------- address text → bytes

/** Exactly four decimal octets 0..255 (leading zeros tolerated, as APR's inet_pton does). */
function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^[0-9]{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

/** RFC 4291 text form: hex groups of 1-4 digits, at most one `::`, optional dotted IPv4 tail. */
function parseIpv6(text: string): Uint8Array | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null; // no zone ids, brackets, spaces
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0 && text.indexOf('::', doubleColon + 1) >= 0) return null;

  const head = doubleColon < 0 ? text : text.slice(0, doubleColon);
  const tail = doubleColon < 0 ? '' : text.slice(doubleColon + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  if (doubleColon < 0 && headGroups.length === 0) return null;

  const headWords = groupsToWords(headGroups, tailGroups.length === 0 && doubleColon < 0);
  const tailWords = groupsToWords(tailGroups, true);
  if (headWords === null || tailWords === null) return null;

  const total = headWords.length + tailWords.length;
  if (doubleColon < 0 ? total !== 8 : total > 7) return null;

  const words = [...headWords, ...new Array<number>(8 - total).fill(0), ...tailWords];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

/** Hex groups → 16-bit words; the last group of the address may be a dotted IPv4 (2 words). */
function groupsToWords(groups: string[], mayEndWithIpv4: boolean): number[] | null {
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (group.includes('.')) {
      if (!mayEndWithIpv4 || i !== groups.length - 1) return null;
      const v4 = parseIpv4(group);
      if (v4 === null) return null;
      words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      continue;
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return null;
    words.push(parseInt(group, 16));
  }
  return words;
}

function isV4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}
