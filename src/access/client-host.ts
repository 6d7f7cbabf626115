// Double-reverse DNS for `Require host` / `Allow from name` (docs/apache-behaviour.md §6.4): the PTR name counts
// only if it resolves back to the client address. Looked up only when a rule needs it; results
// are cached per address for a minute, bounded, so a slow resolver is not hit per request.
import { promises as dns } from 'node:dns';

const TTL_MS = 60_000;
const MAX = 1024;
const cache = new Map<string, { name: string | null; at: number }>();

async function lookupOnce(ip: string): Promise<string | null> {
  try {
    // The system resolver (getnameinfo: /etc/hosts, then DNS), as Apache uses — not dns.reverse,
    // which asks DNS servers only.
    const { hostname } = await dns.lookupService(ip, 0);
    if (hostname === ip) return null;
    const addrs = await dns.lookup(hostname, { all: true });
    if (addrs.some((a) => a.address === ip)) return hostname.toLowerCase();
  } catch {
    // no name or resolver failure: host rules never match (Apache logs AH01753)
  }
  return null;
}

export async function clientHostName(ip: string): Promise<string | null> {
  const hit = cache.get(ip);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.name;
  const name = await lookupOnce(ip);
  cache.set(ip, { name, at: Date.now() });
  if (cache.size > MAX) cache.delete(cache.keys().next().value!);
  return name;
}

export async function forwardLookup(names: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const name of names) {
    try {
      result.set(
        name,
        (await dns.lookup(name, { all: true })).map((a) => a.address),
      );
    } catch {
      result.set(name, []);
    }
  }
  return result;
}
