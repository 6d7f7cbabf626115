// mod_autoindex HeaderName / ReadmeName: the named URL (relative to the listed directory, or an
// absolute URL path) is looked up through a sub-request with its own access checks. Only a
// regular file the sub-request serves is used: an HTML one (text/html, application/xhtml+xml)
// goes into the page as is, any other text/* one as escaped text in <pre>; anything else (missing,
// refused, another type) leaves the page as it would be without the directive.
import { promises as fs } from 'node:fs';
import type { ListingInsert } from '../decision.js';
import type { StagedRequest } from '../request.js';
import { encodeUrlPath, mapUrl } from '../paths/map-url.js';

/** The media type without parameters, lower-cased (ap_field_noparam). */
function bareType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

export async function listingInsert(s: StagedRequest, name: string): Promise<ListingInsert | undefined> {
  const { req, mapped: dirMapped, steps, ctx, opts } = s;
  // like ap_sub_req_lookup_uri: a relative name is a URL under the directory's (escaped) URL
  const sub = mapUrl(name.startsWith('/') ? name : encodeUrlPath(dirMapped.urlPath) + name);
  if (sub.kind !== 'path') return undefined;
  const d = await ctx.subrequest(req, sub, { depth: (opts.depth ?? 0) + 1 });
  const body = d.body;
  if (d.status !== 200 || body.kind !== 'file' || !body.contentType) {
    steps.push({
      stage: 'handler',
      text: `listing insert ${name}: ${sub.urlPath} not used (${d.status})`,
      result: String(d.status),
    });
    return undefined;
  }
  const type = bareType(body.contentType);
  const kind =
    type === 'text/html' || type === 'application/xhtml+xml' ? 'html' : type.startsWith('text/') ? 'text' : null;
  if (kind === null) {
    steps.push({ stage: 'handler', text: `listing insert ${name}: ${sub.urlPath} is ${type}, neither HTML nor text` });
    return undefined;
  }
  try {
    const content = await fs.readFile(body.path, 'utf8');
    steps.push({ stage: 'handler', text: `listing insert ${name}: ${sub.urlPath} (${kind})` });
    return { kind, content };
  } catch {
    return undefined; // unreadable: Apache's open fails and the page goes without it
  }
}
