// Directory listings kept between requests. A listing shows only the entries the client may
// access (each entry is a sub-request, as in mod_autoindex), so a listing can only be shared
// between clients when no entry's answer depends on the client: every entry's configuration is
// free of rules that read the request (Order/Allow/Deny, Require other than `all`, <If>,
// SetEnvIf, <Limit>). Otherwise it is computed per request, as before. A kept listing is
// dropped when the directory, one of its subdirectories or a directory above it changes (their
// watchers), and after cache.revalidate_ms at the latest.
import type { FreshCache, Freshness } from '../cache/fresh-cache.js';
import type { ListingEntry } from '../decision.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { DirFragment } from '../htaccess/types.js';
import { requireTreeIsConstant } from '../authz/constant-tree.js';

export interface Listed {
  entries: readonly ListingEntry[];
  /** No entry's answer depended on the client: the listing may be shared. */
  sameForEveryClient: boolean;
  /** Directories whose change makes it stale. */
  dirs: readonly string[];
}

export class ListingCache {
  /** Computations under way, shared by concurrent requests for a listing that was shareable. */
  private readonly pending = new Map<string, Promise<Listed>>();
  /** Keys whose last computation depended on the client: computed per request, never shared. */
  private readonly perClient = new Set<string>();

  constructor(private readonly cache: FreshCache<readonly ListingEntry[]>) {}

  get enabled(): boolean {
    return this.cache.enabled;
  }

  async get(
    key: string,
    compute: () => Promise<Listed>,
    freshness: (dirs: readonly string[], computedAt: number) => Freshness,
  ): Promise<readonly ListingEntry[]> {
    const hit = this.cache.peek(key);
    if (hit) return hit;
    if (!this.perClient.has(key)) {
      const shared = this.pending.get(key);
      if (shared) {
        const r = await shared;
        if (r.sameForEveryClient) return r.entries;
      }
    }
    const p = compute();
    const own = !this.perClient.has(key) && !this.pending.has(key);
    if (own) this.pending.set(key, p);
    try {
      const r = await p;
      if (r.sameForEveryClient) {
        this.perClient.delete(key);
        this.cache.store(key, r.entries, freshness(r.dirs, Date.now()));
      } else if (this.perClient.size < 4096) {
        this.perClient.add(key);
      }
      return r.entries;
    } finally {
      if (own) this.pending.delete(key);
    }
  }
}

/** A <Files> body that could apply to another name (an index candidate) must be constant too. */
function constantFragment(frag: DirFragment): boolean {
  if (frag.legacy || (frag.ifSections?.length ?? 0) > 0 || (frag.setEnvIf?.length ?? 0) > 0) return false;
  if (frag.authz && !requireTreeIsConstant(frag.authz.root)) return false;
  return frag.files.every((f) => constantFragment(f.body));
}

/** Does an access check under this configuration give every client the same answer? */
export function sameForEveryClient(cfg: EffectiveConfig | null): boolean {
  if (cfg === null) return true;
  if (cfg.legacy) return false;
  if ((cfg.ifSections?.length ?? 0) > 0 || cfg.setEnvIf.length > 0) return false;
  // Rewrite rules that hide an entry (F, G) may read headers, the time, the user...
  if (cfg.rewrite?.engineOn && cfg.rewrite.rules.length > 0) return false;
  return requireTreeIsConstant(cfg.authz) && cfg.files.every((f) => constantFragment(f.body));
}
