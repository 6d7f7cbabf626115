// Parsers for the typed values of server.ini keys. Each returns the value or throws a
// plain Error whose message is shown as `conf/server.ini:LINE: <key>: <message>`.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseIpMatcher } from '../authz/ip-match.js';
import type { AllowOverride, OptionName, OverrideCategory } from '../htaccess/types.js';
import type { LogLevel } from './server-config.js';

const CATEGORIES: readonly OverrideCategory[] = ['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo'];
export const OPTION_NAMES: readonly OptionName[] = [
  'Indexes',
  'FollowSymLinks',
  'SymLinksIfOwnerMatch',
  'ExecCGI',
  'Includes',
  'IncludesNOEXEC',
  'MultiViews',
];

export function parseInteger(text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new Error(`expected a whole number, got '${text}'`);
  const n = Number(text.trim());
  if (n < min || n > max) throw new Error(`must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseBoolean(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(t)) return true;
  if (['false', 'off', 'no', '0'].includes(t)) return false;
  throw new Error(`expected true or false, got '${text}'`);
}

/** One of a few words, case-insensitive. */
export function parseChoice<T extends string>(text: string, choices: readonly T[]): T {
  const t = text.trim().toLowerCase();
  const found = choices.find((c) => c === t);
  if (found === undefined) throw new Error(`expected ${choices.join(' or ')}, got '${text}'`);
  return found;
}

export function parseHost(text: string): string {
  const t = text.trim();
  if (t === 'localhost' || isIP(t) !== 0) return t;
  throw new Error(`expected an IP address or 'localhost', got '${text}'`);
}

export function parseName(text: string): string {
  const t = text.trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(t)) throw new Error(`expected a user or group name or number, got '${text}'`);
  return t;
}

export function parseLogLevel(text: string): LogLevel {
  const t = text.trim().toLowerCase();
  if (t === 'debug' || t === 'info' || t === 'warn' || t === 'error') return t;
  throw new Error(`expected debug, info, warn or error, got '${text}'`);
}

/** Case-insensitive lookup of an Apache option keyword. */
export function optionByName(word: string): OptionName | undefined {
  return OPTION_NAMES.find((o) => o.toLowerCase() === word.toLowerCase());
}

/** `Indexes FollowSymLinks`, `All`, `None` (the server-level Options, no +/-). */
export function parseOptions(text: string): ReadonlySet<OptionName> {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const result = new Set<OptionName>();
  for (const w of words) {
    if (w.toLowerCase() === 'none') continue;
    if (w.toLowerCase() === 'all') {
      for (const o of OPTION_NAMES) if (o !== 'MultiViews') result.add(o);
      continue;
    }
    const o = optionByName(w);
    if (!o) throw new Error(`illegal option '${w}'`);
    result.add(o);
  }
  return result;
}

/** `All`, `None`, or a list of categories, with `Options=Indexes,FollowSymLinks`. */
export function parseAllowOverride(text: string): AllowOverride {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new Error('expected All, None or a list of categories');
  const categories = new Set<OverrideCategory>();
  let optionsList: Set<OptionName> | null = null;
  let all = false;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (lower === 'none') continue;
    if (lower === 'all') {
      all = true;
      for (const c of CATEGORIES) categories.add(c);
      continue;
    }
    if (lower.startsWith('options=')) {
      categories.add('Options');
      optionsList = new Set<OptionName>();
      for (const o of w.slice('options='.length).split(',').filter(Boolean)) {
        const name = optionByName(o);
        if (!name) throw new Error(`illegal option '${o}' in Options=`);
        optionsList.add(name);
      }
      continue;
    }
    const cat = CATEGORIES.find((c) => c.toLowerCase() === lower);
    if (!cat) throw new Error(`unknown override category '${w}' (expected All, None, ${CATEGORIES.join(', ')})`);
    categories.add(cat);
  }
  // A bare `Options` category allows Apache's OPT_ALL only: not MultiViews or SymLinksIfOwnerMatch.
  if (!all && optionsList === null && categories.has('Options')) {
    optionsList = new Set<OptionName>(['Indexes', 'Includes', 'IncludesNOEXEC', 'FollowSymLinks', 'ExecCGI']);
  }
  return { categories, optionsList };
}

/** DNS servers: `ip` or `ip:port` (`[v6]:port`), separated by spaces or commas; empty = the system's. */
export function parseDnsServers(text: string): string[] {
  const words = text.split(/[\s,]+/).filter(Boolean);
  for (const w of words) {
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(w) ?? /^([^:]+):(\d+)$/.exec(w) ?? [w, w, undefined];
    const port = m[2] === undefined ? 53 : Number(m[2]);
    if (isIP(m[1] ?? '') === 0 || port < 1 || port > 65535)
      throw new Error(`expected an IP address or ip:port, got '${w}'`);
  }
  return words;
}

export function parseWordList(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new Error('expected at least one name');
  return words;
}

export function parseFileName(text: string): string {
  const t = text.trim();
  if (t === '' || t.includes('/') || t === '.' || t === '..')
    throw new Error(`expected a plain file name, got '${text}'`);
  return t;
}

/** A readable PEM file holding a block of this kind (e.g. CERTIFICATE, PRIVATE KEY); its path. */
export function parsePemFile(file: string, kind: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  // `BEGIN RSA PRIVATE KEY`, `BEGIN EC PRIVATE KEY` and `BEGIN PRIVATE KEY` all end in the kind
  if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text)) throw new Error(`${file} holds no PEM ${kind}`);
  return file;
}

/** A Strict-Transport-Security value: max-age=N, optionally includeSubDomains and preload. */
export function parseHsts(text: string): string {
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.some((p) => /^max-age=\d+$/i.test(p)))
    throw new Error(`expected "max-age=SECONDS[; includeSubDomains][; preload]", got '${text}'`);
  for (const p of parts) {
    if (!/^(?:max-age=\d+|includesubdomains|preload)$/i.test(p)) throw new Error(`unknown directive '${p}'`);
  }
  return parts.join('; ');
}

/** Proxy addresses/CIDRs in Require ip's syntax; an invalid one is an error, never skipped. */
export function parseTrustedProxies(text: string): string[] {
  const words = text.split(/[\s,]+/).filter(Boolean);
  for (const w of words) if (parseIpMatcher(w) === null) throw new Error(`expected an address or CIDR, got '${w}'`);
  return words;
}

/** X-Forwarded-For (or another header of comma-separated addresses) or Forwarded; lower-cased. */
export function parseProxyHeader(text: string): string {
  const t = text.trim().toLowerCase();
  if (!/^[a-z0-9-]+$/.test(t))
    throw new Error(`expected a header name such as X-Forwarded-For or Forwarded, got '${text}'`);
  return t;
}
