// RequestHeader (mod_headers) in access files: edits the request after access control and
// before the handler, so e.g. `RequestHeader unset Range` really turns off byte ranges.
import type { IncomingHttpHeaders } from 'node:http';
import type { HeaderRule } from '../htaccess/types.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function applyRequestHeaderRules(
  headers: Headers,
  rules: readonly HeaderRule[],
  env: ReadonlyMap<string, string>,
): IncomingHttpHeaders {
  const out: Record<string, string | string[] | undefined> = { ...headers };
  for (const rule of rules) {
    if (rule.env && env.has(rule.env.name) === rule.env.negate) continue;
    const name = rule.name.toLowerCase();
    const current = out[name];
    const text = current === undefined ? undefined : Array.isArray(current) ? current.join(', ') : current;
    const value = rule.value ?? '';
    switch (rule.action) {
      case 'set':
        out[name] = value;
        break;
      case 'setifempty':
        if (!text) out[name] = value;
        break;
      case 'unset':
        delete out[name];
        break;
      case 'append':
      case 'add':
        out[name] = text ? `${text}, ${value}` : value;
        break;
      case 'merge': {
        const parts = (text ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
        if (!parts.includes(value)) out[name] = text ? `${text}, ${value}` : value;
        break;
      }
      case 'edit':
      case 'edit*': {
        if (text === undefined || !rule.edit) break;
        out[name] = rule.edit.replace(text, value, rule.action === 'edit*');
        break;
      }
    }
  }
  return out;
}
