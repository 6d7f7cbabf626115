// The client behind trusted proxies, as mod_remoteip finds it (RemoteIPHeader +
// RemoteIPInternalProxy): only when the TCP peer is a trusted proxy is its header read, from the
// right; each trusted address is a further proxy, and the first untrusted one is the client. When
// every address is trusted, the leftmost is the client. A value that is not an address stops the
// walk at the proxy that sent it (mod_remoteip logs it and keeps the last good address too).
// The scheme comes from the same proxy: X-Forwarded-Proto, or Forwarded's proto=.
import { parseIpMatcher, matchIp } from '../authz/ip-match.js';
import { foldClientAddress } from '../authz/client-address.js';
import { isIP } from 'node:net';
import type { IpMatcher } from '../htaccess/types.js';
import type { Scheme } from '../request.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export interface ClientOrigin {
  /** The address access rules, attempt limits and the access log see. */
  ip: string;
  scheme: Scheme;
}

export interface ForwardingRules {
  trusted: readonly string[];
  /** Lower-case: 'x-forwarded-for' (or another list header) or 'forwarded'. */
  header: string;
}

/** Compiled once at start-up; null when no proxy is trusted (the peer is always the client). */
export function compileForwarding(
  rules: ForwardingRules,
): ((peer: string, headers: Headers, scheme: Scheme) => ClientOrigin) | null {
  if (rules.trusted.length === 0) return null;
  const matchers = rules.trusted.map((t) => parseIpMatcher(t)).filter((m): m is IpMatcher => m !== null);
  const isTrusted = (ip: string): boolean => matchers.some((m) => matchIp(m, ip));
  const forwardedForm = rules.header === 'forwarded';
  return (peer, headers, scheme) => {
    if (!isTrusted(peer)) return { ip: peer, scheme };
    const hops = forwardedForm ? forwardedHops(joined(headers.forwarded)) : listHops(headers, rules.header);
    let ip = peer;
    let hopScheme: Scheme | null = null;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      // this hop was written by a trusted proxy: its scheme holds even when its address is unusable
      if (hop.proto !== null) hopScheme = hop.proto;
      const address = hop.for === null ? null : addressOf(hop.for);
      if (address === null) break;
      ip = address;
      if (!isTrusted(address)) break;
    }
    return { ip, scheme: hopScheme ?? scheme };
  };
}

interface Hop {
  for: string | null;
  proto: Scheme | null;
}

function joined(v: string | string[] | undefined): string {
  return v === undefined ? '' : Array.isArray(v) ? v.join(',') : v;
}

function schemeOf(text: string | undefined): Scheme | null {
  const t = text?.trim().toLowerCase();
  return t === 'https' || t === 'http' ? t : null;
}

/** X-Forwarded-For: comma-separated addresses; X-Forwarded-Proto's rightmost value (the nearest proxy's) goes with the last hop. */
function listHops(headers: Headers, name: string): Hop[] {
  const list = joined(headers[name])
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const protos = joined(headers['x-forwarded-proto']).split(',');
  const proto = schemeOf(protos[protos.length - 1]);
  const hops: Hop[] = list.map((a) => ({ for: a, proto: null }));
  if (hops.length > 0) hops[hops.length - 1]!.proto = proto;
  else if (proto !== null) hops.push({ for: null, proto });
  return hops;
}

/** RFC 7239: `for=192.0.2.1;proto=https, for="[2001:db8::1]:4711"` — elements by comma, pairs by semicolon. */
function forwardedHops(value: string): Hop[] {
  const hops: Hop[] = [];
  for (const element of splitOutsideQuotes(value, ',')) {
    let forValue: string | null = null;
    let proto: Scheme | null = null;
    for (const pair of splitOutsideQuotes(element, ';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim().toLowerCase();
      const raw = pair.slice(eq + 1).trim();
      const v = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
      if (name === 'for') forValue = v;
      else if (name === 'proto') proto = schemeOf(v);
    }
    if (forValue !== null || proto !== null) hops.push({ for: forValue, proto });
  }
  return hops;
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** An address from a header: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:4711`; else null. */
function addressOf(text: string): string | null {
  let t = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) t = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(t)) t = t.slice(0, t.indexOf(':'));
  return isIP(t) === 0 ? null : foldClientAddress(t);
}
