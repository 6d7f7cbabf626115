// Test strings and substitutions, split once into text, back-references and variables
// (mod_rewrite's do_expand, done ahead of time): `\c` is a literal c, `$N`/`%N` are
// back-references, `%{NAME}` a variable; any other `$` or `%` is literal.
import type { Template, TemplatePart } from './types.js';

/** Variables Apache has that htserve cannot answer truthfully: refused when the file is read. */
const UNANSWERABLE = new Set(['REMOTE_PORT', 'SERVER_SOFTWARE', 'API_VERSION', 'SCRIPT_USER', 'SCRIPT_GROUP']);

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
      if (UNANSWERABLE.has(name) || /^LA-[UF]:/.test(name))
        throw new TemplateError(`%{${name}} is not supported by htserve`);
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

/** Does the template read a request header (for the Vary header)? */
export function headerNames(t: Template): string[] {
  const out: string[] = [];
  for (const p of t) {
    if (p.kind !== 'var') continue;
    if (p.name.startsWith('HTTP:')) out.push(p.name.slice(5));
    else if (HEADER_VARS[p.name] !== undefined) out.push(HEADER_VARS[p.name]!);
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
