// The token file of a Bearer realm (AuthBearerTokenFile), written by `htserve token`: one token
// per line, never the token itself, only the SHA-256 of it. A token is 32 random bytes (256 bits,
// full entropy), so one unsalted SHA-256 is enough: nobody can search a space that large, and a
// stolen file grants nothing. Format, fields separated by spaces:
//
//   NAME sha256:DIGEST [created=ISO] [expires=ISO] [revoked=ISO] [scope=S]...
//
// NAME is what `Require user` and the access log see; DIGEST is base64url without padding.
// `#` starts a comment line; a line that cannot be read is skipped and reported (lint).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConfigError } from '../htaccess/types.js';

export const TOKEN_PREFIX = 'hts_';
const DIGEST_PREFIX = 'sha256:';

export interface TokenEntry {
  name: string;
  /** SHA-256 of the token, 32 bytes. */
  digest: Buffer;
  created: Date | null;
  expires: Date | null;
  revoked: Date | null;
  scopes: readonly string[];
  line: number;
}

export interface TokenFile {
  file: string;
  /** In file order. */
  entries: readonly TokenEntry[];
  /** By base64url digest: a lookup keyed by a hash the client cannot steer (see findToken). */
  byDigest: ReadonlyMap<string, TokenEntry>;
  problems: ConfigError[];
}

/** RFC 6749 section 3.3 scope-token characters: printable ASCII but space, `"` and `\`. */
export function isScopeName(s: string): boolean {
  return /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s);
}

/** A name the file format and the logs can carry: printable, no spaces, not a comment. */
export function isTokenName(s: string): boolean {
  return /^[^\s\x00-\x1f\x7f#][^\s\x00-\x1f\x7f]{0,254}$/.test(s) && !s.includes('=');
}

/** A new token: the prefix (so scanners and people recognise it) and 32 random bytes. */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function parseDate(text: string): Date | null {
  const d = new Date(text);
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text) && !Number.isNaN(d.getTime()) ? d : null;
}

export function parseTokenFile(text: string, file: string): TokenFile {
  const entries: TokenEntry[] = [];
  const byDigest = new Map<string, TokenEntry>();
  const problems: ConfigError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const problem = (message: string) => problems.push({ file, line, message: `${message}: line ignored` });
    const [name, digestText, ...attrs] = t.split(/\s+/);
    if (!name || !isTokenName(name)) return problem('not a token name');
    if (!digestText?.startsWith(DIGEST_PREFIX)) return problem(`token "${name}": no ${DIGEST_PREFIX} digest`);
    const digest = Buffer.from(digestText.slice(DIGEST_PREFIX.length), 'base64url');
    if (digest.length !== 32) return problem(`token "${name}": the digest is not 32 bytes`);
    const entry: TokenEntry = { name, digest, created: null, expires: null, revoked: null, scopes: [], line };
    const scopes: string[] = [];
    for (const attr of attrs) {
      const eq = attr.indexOf('=');
      const key = attr.slice(0, eq);
      const value = attr.slice(eq + 1);
      if (key === 'scope' && isScopeName(value)) scopes.push(value);
      else if (key === 'created' || key === 'expires' || key === 'revoked') {
        const date = parseDate(value);
        if (date === null) return problem(`token "${name}": ${key} is not an ISO 8601 UTC time`);
        entry[key] = date;
      } else return problem(`token "${name}": unknown field "${attr}"`);
    }
    entry.scopes = scopes;
    const key = digest.toString('base64url');
    if (byDigest.has(key))
      return problem(`token "${name}": the same token is already on line ${byDigest.get(key)!.line}`);
    byDigest.set(key, entry);
    entries.push(entry);
  });
  return { file, entries, byDigest, problems };
}

export function formatTokenEntry(e: Omit<TokenEntry, 'line'>): string {
  const parts = [e.name, DIGEST_PREFIX + e.digest.toString('base64url')];
  if (e.created) parts.push(`created=${isoSeconds(e.created)}`);
  if (e.expires) parts.push(`expires=${isoSeconds(e.expires)}`);
  if (e.revoked) parts.push(`revoked=${isoSeconds(e.revoked)}`);
  for (const s of e.scopes) parts.push(`scope=${s}`);
  return parts.join(' ');
}

export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type TokenLookup =
  | { kind: 'valid'; entry: TokenEntry }
  | { kind: 'unknown' }
  | { kind: 'revoked'; entry: TokenEntry }
  | { kind: 'expired'; entry: TokenEntry };

/**
 * The entry a presented token stands for. The map is keyed by the token's SHA-256, which the
 * client cannot choose bit by bit, so the lookup's timing says nothing about stored tokens; the
 * digest is then confirmed with a constant-time comparison.
 */
export function findToken(file: TokenFile, token: string, now: number): TokenLookup {
  const digest = tokenDigest(token);
  const entry = file.byDigest.get(digest.toString('base64url'));
  if (!entry || entry.digest.length !== digest.length || !timingSafeEqual(entry.digest, digest))
    return { kind: 'unknown' };
  if (entry.revoked !== null) return { kind: 'revoked', entry };
  if (entry.expires !== null && entry.expires.getTime() <= now) return { kind: 'expired', entry };
  return { kind: 'valid', entry };
}
