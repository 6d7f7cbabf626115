// mod_headers' `Header` rules at response time, with Apache's two header tables:
// - `Header always …` works on r->err_headers_out, every other rule on r->headers_out (where the
//   server's own headers are: ETag, Last-Modified, mod_expires' Cache-Control, Location…). A rule
//   never sees or changes the other table: `Header always unset Cache-Control` leaves the
//   max-age mod_expires wrote, and `Header always set X a` plus `Header set X b` send both.
// - On Apache's normal path (a file, a listing, a 304, an ErrorDocument page) the `always` rules
//   run first, then the others. Answers Apache makes in ap_send_error_response (its own error
//   pages, redirects) run the `always` rules only, on an empty table.
// - When the answer is written the tables are joined, `always` entries first, and Vary is
//   de-duplicated (ap_http_header_filter: apr_table_overlay, then fixup_vary).
// - Content-Type is not a table entry in Apache but r->content_type: `set`, a `setifempty` whose
//   table has no Content-Type yet, `edit` and `unset` change the one type; adding to it does nothing.
import type { OutgoingHttpHeader } from 'node:http';
import type { HeaderRule } from '../htaccess/types.js';
import { mayCarry, setHeaderValues, type ServerReply } from '../server/exchange.js';
import { encodeBytes } from '../text/decode-bytes.js';

/** Whose answer this is: the normal response path, or Apache's ap_send_error_response. */
export type HeaderPath = 'normal' | 'error';

type Value = string | string[];

/** One header table: the reply itself (headers_out) or a side table (err_headers_out). */
interface Table {
  get(name: string): Value | undefined;
  set(name: string, value: Value): void;
  remove(name: string): void;
  /** Whether a rule put a Content-Type into this table (Apache's setifempty looks there). */
  hasRuleContentType: boolean;
}

function replyTable(res: ServerReply): Table {
  return {
    get: (name) => {
      const v = res.getHeader(name);
      return v === undefined ? undefined : Array.isArray(v) ? v : String(v);
    },
    set: (name, value) => setHeaderValues(res, name, list(value)),
    remove: (name) => res.removeHeader(name),
    hasRuleContentType: false,
  };
}

class SideTable implements Table {
  readonly entries = new Map<string, { name: string; value: Value }>();
  hasRuleContentType = false;
  get(name: string): Value | undefined {
    return this.entries.get(name.toLowerCase())?.value;
  }
  set(name: string, value: Value): void {
    this.entries.set(name.toLowerCase(), { name, value });
  }
  remove(name: string): void {
    this.entries.delete(name.toLowerCase());
  }
}

/**
 * Node writes header strings as latin1; send non-ASCII text (a UTF-8 realm) as its UTF-8 bytes,
 * like Apache, and an escaped raw byte (a raw query appended to a Location) as that byte.
 */
export function headerValue(v: string): string {
  return /[^\x00-\x7f]/.test(v) ? encodeBytes(v).toString('latin1') : v;
}

const list = (v: Value | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function applyRule(res: ServerReply, table: Table, rule: HeaderRule): void {
  const value = rule.value ?? '';
  if (rule.name.toLowerCase() === 'content-type') {
    applyContentTypeRule(res, table, rule, value);
    return;
  }
  const current = table.get(rule.name);
  switch (rule.action) {
    case 'set':
      table.set(rule.name, headerValue(value));
      break;
    case 'setifempty':
      if (current === undefined || list(current).join('') === '') table.set(rule.name, headerValue(value));
      break;
    case 'unset':
      table.remove(rule.name);
      break;
    case 'edit':
    case 'edit*': {
      if (current === undefined || !rule.edit) break;
      const re = rule.edit;
      const edit = (v: string) => headerValue(re.replace(v, value, rule.action === 'edit*'));
      table.set(rule.name, Array.isArray(current) ? current.map(edit) : edit(current));
      break;
    }
    case 'append':
    case 'merge': {
      const existing = list(current).join(', ');
      const parts = existing
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (rule.action === 'merge' && parts.includes(value)) break;
      table.set(rule.name, headerValue(existing ? `${existing}, ${value}` : value));
      break;
    }
    case 'add':
      table.set(rule.name, [...list(current), headerValue(value)]);
      break;
  }
}

/** Content-Type is the response's one media type (r->content_type), whichever table the rule names. */
function applyContentTypeRule(res: ServerReply, table: Table, rule: HeaderRule, value: string): void {
  switch (rule.action) {
    case 'set':
    case 'setifempty':
      // setifempty looks in the table, which holds no Content-Type unless a rule put one there
      if (rule.action === 'setifempty' && table.hasRuleContentType) break;
      res.setHeader('Content-Type', headerValue(value));
      table.hasRuleContentType = true;
      break;
    case 'unset':
      res.removeHeader('Content-Type');
      table.hasRuleContentType = false;
      break;
    case 'edit':
    case 'edit*': {
      const current = res.getHeader('Content-Type');
      if (current === undefined || !rule.edit) break;
      res.setHeader('Content-Type', headerValue(rule.edit.replace(String(current), value, rule.action === 'edit*')));
      break;
    }
    default:
      // append, merge, add: Apache writes the table entry, then r->content_type replaces it
      break;
  }
}

/** Vary's tokens once each, as fixup_vary leaves them (first spelling kept, case-insensitive). */
export function uniqueVary(values: readonly string[]): string {
  const seen = new Map<string, string>();
  for (const v of values)
    for (const token of v.split(',')) {
      const t = token.trim();
      if (t && !seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
    }
  return [...seen.values()].join(',');
}

/** What `Header always` wrote, by lower-case name: the values that go before headers_out's. */
export type AlwaysHeaders = ReadonlyMap<string, readonly string[]>;

const NONE: AlwaysHeaders = new Map();

/**
 * Run the access files' `Header` rules on a reply whose own headers are set (they form
 * headers_out), and join the two tables on it. The Decision's own headers (Location, the
 * authentication challenge…) are added afterwards with joinAfterAlways(), so rules can neither
 * remove nor replace them (in Apache they sit in the table the `always` rules do not see).
 */
export function applyHeaderRules(
  res: ServerReply,
  rules: readonly HeaderRule[],
  path: HeaderPath,
  env: ReadonlyMap<string, string> = new Map(),
): AlwaysHeaders {
  if (rules.length === 0) return NONE;
  const active = rules.filter(
    (rule) =>
      // `Header set Connection …` means nothing on HTTP/2, which forbids the header (mod_http2 drops it too)
      (!rule.env || env.has(rule.env.name) !== rule.env.negate) && mayCarry(res, rule.name),
  );
  // the side table only when an `always` rule applies: most access files have none
  const errTable = active.some((rule) => rule.always) ? new SideTable() : null;
  if (errTable) for (const rule of active) if (rule.always) applyRule(res, errTable, rule);
  if (path === 'normal') {
    const outTable = replyTable(res);
    for (const rule of active) if (!rule.always) applyRule(res, outTable, rule);
  }
  if (active.some((rule) => rule.name.length === 4 && rule.name.toLowerCase() === 'vary')) {
    const vary = [...list(errTable?.get('Vary')), ...replyValues(res, 'Vary')];
    if (vary.length > 0) res.setHeader('Vary', uniqueVary(vary));
    errTable?.remove('Vary');
  }
  if (!errTable || errTable.entries.size === 0) return NONE;
  const always = new Map<string, readonly string[]>();
  for (const [lower, { name, value }] of errTable.entries) {
    always.set(lower, list(value));
    setHeaderValues(res, name, [...list(value), ...replyValues(res, name)]);
  }
  return always;
}

/** One of the Decision's own headers: it replaces headers_out's value, after what `Header always` wrote. */
export function joinAfterAlways(res: ServerReply, always: AlwaysHeaders, name: string, value: string): void {
  setHeaderValues(res, name, [...(always.get(name.toLowerCase()) ?? []), value]);
}

function replyValues(res: ServerReply, name: string): string[] {
  const v: OutgoingHttpHeader | undefined = res.getHeader(name);
  return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
}
