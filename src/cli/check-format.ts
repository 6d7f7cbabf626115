// How `htserve check` prints a Decision: status and headers, the body source, the trace with
// file:line for every rule, and the one-sentence reason. Also the --json shape.
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import type { AuthError, Decision, Stage } from '../decision.js';
import type { SourceLoc } from '../htaccess/types.js';

export interface CheckedRequest {
  method: string;
  url: string;
  user: string | null;
  ip: string;
  /** A Bearer token was sent (the token itself is never printed). */
  bearer?: boolean;
}

function rel(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const r = path.relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
}

/** Paths under the current directory read shorter in sentences too. */
function relativeText(text: string): string {
  return text.split(process.cwd() + path.sep).join('');
}

export function loc(l: SourceLoc): string {
  return l.line > 0 ? `${rel(l.file)}:${l.line}` : rel(l.file);
}

/** The status and headers the server would send (the same ones src/server/write-response.ts sets). */
export function responseHead(d: Decision): { status: number; headers: Array<[string, string]> } {
  let status = d.status;
  const headers: Array<[string, string]> = [...d.headers];
  if (d.body.kind === 'file' && d.body.contentType) headers.push(['Content-Type', d.body.contentType]);
  if (d.body.kind === 'listing') headers.push(['Content-Type', 'text/html;charset=UTF-8']);
  const eb = d.errorBody;
  if (eb?.kind === 'redirect') {
    status = 302;
    headers.push(['Location', eb.location]);
  } else if (eb?.kind === 'file' && eb.contentType) {
    headers.push(['Content-Type', eb.contentType]);
  } else if (d.body.kind === 'error') {
    headers.push(['Content-Type', 'text/html; charset=iso-8859-1']);
  }
  return { status, headers };
}

export function bodySource(d: Decision): string {
  switch (d.body.kind) {
    case 'file':
      return `file ${rel(d.body.path)}`;
    case 'listing':
      return `directory listing of ${d.body.urlPath} (${d.body.entries.length} entries)`;
    case 'redirect':
      return 'redirect page';
    case 'empty':
      return 'empty';
    case 'error': {
      const eb = d.errorBody;
      if (!eb || eb.kind === 'builtin') {
        return eb?.additionally !== undefined
          ? 'built-in error page (the ErrorDocument could not be served)'
          : 'built-in error page';
      }
      if (eb.kind === 'text') return `ErrorDocument text (${loc(eb.loc)})`;
      if (eb.kind === 'file') return `ErrorDocument ${eb.urlPath} -> ${rel(eb.path)} (${loc(eb.loc)})`;
      return `ErrorDocument redirect to ${eb.location} (${loc(eb.loc)})`;
    }
  }
}

export function formatText(req: CheckedRequest, d: Decision): string {
  const head = responseHead(d);
  const lines: string[] = [];
  const who = req.user ? ` as ${req.user}` : req.bearer ? ' with a Bearer token' : '';
  lines.push(`${req.method} ${req.url}${who} from ${req.ip}`);
  lines.push(`  ${head.status} ${STATUS_CODES[head.status] ?? ''}`);
  for (const [k, v] of head.headers) lines.push(`  ${k}: ${v}`);
  lines.push(`  body: ${bodySource(d)}`);
  lines.push('trace:');
  for (const s of d.steps) {
    const indent = '  '.repeat(1 + (s.depth ?? 0));
    lines.push(`${indent}[${s.stage}] ${s.loc ? loc(s.loc) + ': ' : ''}${s.text}${s.result ? ` => ${s.result}` : ''}`);
  }
  if (d.decidedBy) lines.push(`decided by: ${loc(d.decidedBy.loc)} ${d.decidedBy.text}`);
  if (d.hidden) lines.push(`hidden: a ${d.hidden.status} answered as 404 by ${loc(d.hidden.loc)} AuthzHideForbidden`);
  if (d.logNote) lines.push(`error log: [${d.logNote.level}] [${d.logNote.code}] ${d.logNote.message}`);
  lines.push(`why: ${relativeText(d.why)}`);
  return lines.join('\n') + '\n';
}

/** What `htserve check --json` prints for one request (and the library's decide() returns). */
export interface CheckReport {
  request: CheckedRequest;
  /** The status the client gets (an ErrorDocument URL turns an error into a 302). */
  status: number;
  headers: Record<string, string>;
  /** Where the body comes from, e.g. `file www/index.html` or `built-in error page`. */
  body: string;
  user: string | null;
  decidedBy: { file: string; line: number; rule: string } | null;
  /** One plain sentence: why this status, and what would change it. */
  why: string;
  errorLog: { level: 'error' | 'warn' | 'info'; code: string; message: string } | null;
  /** Set when AuthzHideForbidden answered a 403 (or 401) as 404: the real status and reason. */
  hidden?: { status: number; why: string; file: string; line: number };
  /** Bearer realms: the RFC 6750 error of a 401 or 403 (what a JSON error body says). */
  authError?: AuthError;
  trace: Array<{ stage: Stage; text: string; result: string | null; file?: string; line?: number }>;
}

export function toJson(req: CheckedRequest, d: Decision): CheckReport {
  const head = responseHead(d);
  return {
    request: req,
    status: head.status,
    headers: Object.fromEntries(head.headers),
    body: bodySource(d),
    user: d.user,
    decidedBy: d.decidedBy
      ? { file: rel(d.decidedBy.loc.file), line: d.decidedBy.loc.line, rule: d.decidedBy.text }
      : null,
    why: relativeText(d.why),
    errorLog: d.logNote ?? null,
    ...(d.hidden
      ? {
          hidden: {
            status: d.hidden.status,
            why: relativeText(d.hidden.why),
            file: rel(d.hidden.loc.file),
            line: d.hidden.loc.line,
          },
        }
      : {}),
    ...(d.authError ? { authError: d.authError } : {}),
    trace: d.steps.map((s) => ({
      stage: s.stage,
      text: s.text,
      result: s.result ?? null,
      ...(s.loc ? { file: rel(s.loc.file), line: s.loc.line } : {}),
    })),
  };
}
