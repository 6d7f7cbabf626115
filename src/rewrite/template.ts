// Test strings and substitutions, split once into text, back-references and variables
// (mod_rewrite's do_expand, done ahead of time): `\c` is a literal c, `$N`/`%N` are
// back-references, `%{NAME}` a variable; any other `$` or `%` is literal.
import type { Template, TemplatePart } from './types.js';

/** Variables Apache has that htserve cannot answer truthfully: refused when the file is read. */
const UNANSWERABLE = new Set(['SERVER_SOFTWARE', 'SCRIPT_USER', 'SCRIPT_GROUP']);

/**
 * After LA-U:/LA-F: only what a look-ahead sub-request changes and htserve knows of it (who
 * signed in), or what it shares with the request (headers, addresses, time...).
 */
const LOOKAHEAD_OWN = new Set(['REMOTE_USER', 'AUTH_TYPE', 'IS_SUBREQ']);
const LOOKAHEAD_UNKNOWN = /^(REQUEST_URI|REQUEST_FILENAME|SCRIPT_FILENAME|PATH_INFO|QUERY_STRING|ENV:.*|LA-[UF]:.*)$/i;

function unanswerable(name: string): boolean {
  if (UNANSWERABLE.has(name.toUpperCase())) return true;
  const la = /^LA-[UF]:(.*)$/i.exec(name);
  if (!la) return false;
  return !LOOKAHEAD_OWN.has(la[1]!.toUpperCase()) && (LOOKAHEAD_UNKNOWN.test(la[1]!) || unanswerable(la[1]!));
}

export class TemplateError extends Error {}

/** mod_rewrite's find_closing_curly: the `}` closing the `{` before `from`, nesting counted. */
function closingCurly(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

export function parseTemplate(text: string): Template {
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const n = text[i + 1];
    if (c === '\\' && n !== undefined) {
      literal += n;
      i++;
    } else if ((c === '$' || c === '%') && n !== undefined && n >= '0' && n <= '9') {
      flush();
      parts.push({ kind: 'ref', from: c === '$' ? 'rule' : 'cond', index: Number(n) });
      i++;
    } else if ((c === '$' || c === '%') && n === '{') {
      const end = closingCurly(text, i + 2);
      if (end < 0) {
        literal += c;
        continue;
      }
      const name = text.slice(i + 2, end);
      if (c === '$') throw new TemplateError(`RewriteMap lookups (\${${name}}) are not supported by htserve`);
      if (unanswerable(name)) throw new TemplateError(`%{${name}} is not supported by htserve`);
      flush();
      parts.push({ kind: 'var', name });
      i = end;
    } else {
      literal += c;
    }
  }
  flush();
  return parts;
}

/** The LA-U:/LA-F: variables the template reads (each needs a look-ahead sub-request). */
export function lookaheadNames(t: Template): string[] {
  return t.flatMap((p) => (p.kind === 'var' && /^LA-[UF]:./i.test(p.name) ? [p.name] : []));
}

/** Does the template read a request header (for the Vary header)? */
export function headerNames(t: Template): string[] {
  const out: string[] = [];
  for (const p of t) {
    if (p.kind !== 'var') continue;
    const upper = p.name.toUpperCase();
    const known = HEADER_VARS[upper];
    if (upper.startsWith('HTTP:')) out.push(p.name.slice(5));
    else if (known !== undefined) out.push(known);
  }
  return out;
}

/** The HTTP_* names mod_rewrite knows, and the header each reads. */
export const HEADER_VARS: Readonly<Record<string, string>> = {
  HTTP_ACCEPT: 'Accept',
  HTTP_COOKIE: 'Cookie',
  HTTP_FORWARDED: 'Forwarded',
  HTTP_HOST: 'Host',
  HTTP_PROXY_CONNECTION: 'Proxy-Connection',
  HTTP_REFERER: 'Referer',
  HTTP_USER_AGENT: 'User-Agent',
};
