// Double-reverse DNS for `Require host` / `Allow from name` (docs/apache-behaviour.md §6.4): the PTR
// name counts only if it resolves back to the client address; forward lookups for `Require
// forward-dns`. Looked up only when a rule needs it, through c-ares (dns.Resolver) with timeouts,
// never dns.lookup/lookupService, which run on libuv's small thread pool next to every stat and
// open: a slow PTR zone must not stall file serving. /etc/hosts is read first, as getnameinfo
// does. Concurrent lookups of one key share one query; answers (failures too) are kept for
// `dns.cache_ttl_s` in a bounded cache (docs/security.md, "DNS").
import { promises as dns } from 'node:dns';
import { HostsFile } from './hosts-file.js';

export interface DnsOptions {
  /** Per try, in milliseconds (c-ares doubles it on each retry). */
  timeoutMs: number;
  tries: number;
  /** Name servers (`ip` or `ip:port`); empty = the system's (/etc/resolv.conf). */
  servers: readonly string[];
  cacheTtlS: number;
}

export const DEFAULT_DNS: DnsOptions = { timeoutMs: 1000, tries: 2, servers: [], cacheTtlS: 60 };
const MAX_ENTRIES = 4096;

class DnsLookups {
  private readonly resolver: dns.Resolver;
  private readonly hosts = new HostsFile('/etc/hosts');
  private readonly cache = new Map<string, { value: unknown; expires: number }>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Longest a lookup may take: every try, each twice as long as the one before, and a margin. */
  private readonly deadlineMs: number;

  constructor(private readonly opts: DnsOptions) {
    this.resolver = new dns.Resolver({ timeout: opts.timeoutMs, tries: opts.tries });
    if (opts.servers.length > 0) this.resolver.setServers([...opts.servers]);
    this.deadlineMs = opts.timeoutMs * (2 ** opts.tries - 1) + 250;
  }

  /** One lookup per key at a time, its answer kept for the TTL; never throws, never outlives the deadline. */
  private once<T>(key: string, fallback: T, run: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return Promise.resolve(hit.value as T);
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<T>;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback), this.deadlineMs);
      timer.unref();
    });
    const p = Promise.race([run().catch(() => fallback), deadline]).then((value) => {
      clearTimeout(timer);
      this.inflight.delete(key);
      if (this.opts.cacheTtlS > 0) {
        if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
        this.cache.delete(key);
        this.cache.set(key, { value, expires: Date.now() + this.opts.cacheTtlS * 1000 });
      }
      return value;
    });
    this.inflight.set(key, p);
    return p;
  }

  /** The client's name if its PTR name resolves back to it, else null (Apache's REMOTE_DOUBLE_REV). */
  hostName(ip: string): Promise<string | null> {
    return this.once(`ptr ${ip}`, null, async () => {
      const hosts = await this.hosts.get();
      const name = hosts.names.get(ip.toLowerCase()) ?? (await this.resolver.reverse(ip))[0]?.toLowerCase();
      if (name === undefined || name === ip) return null;
      const back = await this.addresses(name);
      return back.some((a) => a.toLowerCase() === ip.toLowerCase()) ? name : null;
    });
  }

  /** Every address of `name` (IPv4 and IPv6); [] when it has none or the lookup fails. */
  addresses(name: string): Promise<string[]> {
    const key = name.toLowerCase();
    return this.once(`addr ${key}`, [], async () => {
      const listed = (await this.hosts.get()).addresses.get(key);
      if (listed) return [...listed];
      const [v4, v6] = await Promise.allSettled([this.resolver.resolve4(key), this.resolver.resolve6(key)]);
      return [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    });
  }
}

let lookups = new DnsLookups(DEFAULT_DNS);

/** Set from server.ini's [dns] at start-up (src/server/context.ts); forgets cached answers. */
export function configureDns(opts: DnsOptions): void {
  lookups = new DnsLookups(opts);
}

export function clientHostName(ip: string): Promise<string | null> {
  return lookups.hostName(ip);
}

export async function forwardLookup(names: readonly string[]): Promise<Map<string, string[]>> {
  const found = await Promise.all(names.map((name) => lookups.addresses(name)));
  return new Map(names.map((name, i) => [name, found[i]!]));
}
