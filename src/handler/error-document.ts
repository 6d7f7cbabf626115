// ErrorDocument (docs/apache-behaviour.md §12): text is sent as is (with %{VAR} expanded and HTML-escaped — a
// deliberate fix over Apache, which reflects them raw), a local path is fetched as an internal
// GET keeping the original status, a full URL becomes a 302. If the document cannot be served,
// the built-in page says so ("Additionally, ..."), and nothing loops.
import type { Decision, ErrorBody } from '../decision.js';
import { type PipelineContext, type RequestInfo } from '../request.js';
import { mapUrl } from '../paths/map-url.js';
import { escapeHtml } from '../respond/html-escape.js';

function expand(text: string, req: RequestInfo, decision: Decision): string {
  const q = req.target.indexOf('?');
  const vars: Record<string, string> = {
    REQUEST_URI: q >= 0 ? req.target.slice(0, q) : req.target,
    QUERY_STRING: q >= 0 ? req.target.slice(q + 1) : '',
    REQUEST_METHOD: req.method,
    REMOTE_ADDR: req.clientIp,
    HTTP_HOST: req.host,
    REMOTE_USER: decision.user ?? '',
    REDIRECT_STATUS: String(decision.status),
  };
  return text.replace(/%\{([A-Za-z_:]+)\}/g, (_m, name: string) => escapeHtml(vars[name.toUpperCase()] ?? ''));
}

export async function resolveErrorDocument(
  req: RequestInfo,
  decision: Decision,
  ctx: PipelineContext,
): Promise<ErrorBody> {
  const spec = decision.config?.errorDocuments.get(decision.status);
  if (!spec) return { kind: 'builtin' };
  const doc = spec.value;
  switch (doc.kind) {
    case 'default':
      return { kind: 'builtin' };
    case 'text':
      return { kind: 'text', text: expand(doc.text, req, decision), loc: spec.loc };
    case 'external':
      return { kind: 'redirect', location: doc.url, loc: spec.loc };
    case 'local': {
      const mapped = mapUrl(doc.path.replace(/#.*$/s, '')); // a fragment never reaches a server
      if (mapped.kind !== 'path') return { kind: 'builtin', additionally: decision.status };
      // The error document is sent whole and unconditionally: its sub-request sees no Range or If-*.
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k !== 'range' && !k.startsWith('if-')),
      );
      const sub = await ctx.subrequest({ ...req, method: 'GET', headers }, mapped, {
        inherit: { config: decision.config!, user: decision.user },
        depth: 1,
      });
      decision.steps.push({
        stage: 'errordoc',
        text: `ErrorDocument ${decision.status} ${doc.path}: ${sub.status}`,
        loc: spec.loc,
        result: String(sub.status),
      });
      if (sub.status === 200 && sub.body.kind === 'file') {
        return {
          kind: 'file',
          path: sub.body.path,
          stat: sub.body.stat,
          noFollow: sub.body.noFollow,
          contentType: sub.body.contentType,
          urlPath: mapped.urlPath,
          loc: spec.loc,
        };
      }
      return { kind: 'builtin', additionally: decision.status };
    }
  }
}
