// The sub-requests mod_rewrite makes from a condition (`-U`, `-F`, `%{LA-U:…}`, `%{LA-F:…}`):
// Apache's ap_sub_req_lookup_uri/_file run a request up to its fixups (walk, access control,
// authentication with the same credentials) without a handler. Here that is an access-only
// sub-request of the pipeline, so a missing file is not an error, as in Apache.
import { encodeUrlPath, mapUrlCached } from '../paths/map-url.js';
import type { StagedRequest } from '../request.js';
import type { Lookup } from './engine.js';
import { MAX_INTERNAL_REDIRECTS } from './stage.js';

const REFUSED: Lookup = { status: 403, user: null };
const BAD_URL: Lookup = { status: 400, user: null };
/** Rules in a sub-request may look up further URLs: nesting ends where Apache's recursion limit does. */
const TOO_DEEP: Lookup = { status: 500, user: null };

export interface RewriteLookups {
  lookupUri(url: string): Promise<Lookup>;
  lookupFile(path: string): Promise<Lookup>;
}

export function rewriteLookups(s: StagedRequest): RewriteLookups {
  const { req, mapped, files, ctx, opts } = s;
  const depth = (opts.depth ?? 0) + 1;
  const lookupUri = async (url: string): Promise<Lookup> => {
    if (depth > MAX_INTERNAL_REDIRECTS) return TOO_DEEP;
    // A relative URL is taken from the request's own directory (ap_sub_req_lookup_uri).
    const absolute = url.startsWith('/')
      ? url
      : `${mapped.urlPath.slice(0, mapped.urlPath.lastIndexOf('/') + 1)}${url}`;
    const sub = mapUrlCached(absolute);
    if (sub.kind !== 'path') return BAD_URL;
    const d = await ctx.subrequest(req, sub, { accessOnly: true, depth });
    return { status: d.status, user: d.user };
  };
  return {
    lookupUri,
    async lookupFile(path) {
      // htserve serves one tree: a path outside it is refused, as Apache's <Directory /> is.
      const root = files.documentRoot.replace(/\/$/, '');
      if (path !== root && !path.startsWith(`${root}/`)) return REFUSED;
      return lookupUri(encodeUrlPath(path.slice(root.length) || '/'));
    },
  };
}
