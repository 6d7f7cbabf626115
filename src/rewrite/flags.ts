// RewriteRule and RewriteCond flags (cmd_rewriterule_setflag, cmd_rewritecond_setflag) and the
// condition pattern types (cmd_rewritecond's ptype detection).
import { atoi } from '../htaccess/directives/define.js';
import { splitFlags } from './parse-line.js';
import { compilePattern } from './pattern.js';
import type { BackrefEscape, CondTest, RewriteFlags } from './types.js';

export type ParsedRuleFlags = Omit<RewriteFlags, 'env' | 'cookies' | 'forcedType' | 'forcedHandler'> & {
  envText: string[];
  cookieText: string[];
  typeText: string | null;
  handlerText: string | null;
};

/** Status codes Apache has a reason phrase for (ap_index_of_response); R= accepts only these. */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** The rule's flags, or Apache's error text (without the `RewriteRule: ` prefix). */
export function parseRuleFlags(field: string | undefined): ParsedRuleFlags | string {
  const f: ParsedRuleFlags = {
    last: false,
    end: false,
    chain: false,
    redirect: null,
    status: null,
    nocase: false,
    qsa: false,
    qsd: false,
    qsl: false,
    noescape: false,
    escapeBackrefs: null,
    skip: 0,
    envText: [],
    cookieText: [],
    passthrough: false,
    discardPathInfo: false,
    next: null,
    noSubreq: false,
    unsafeAllow3f: false,
    unc: false,
    proxy: false,
    typeText: null,
    handlerText: null,
  };
  if (field === undefined) return f;
  const items = splitFlags(field);
  if (items === null) return 'bad flag delimiters';
  // B and BCTLS switch escaping on; B=, BNE= and BNP only shape it (alone they change nothing).
  let escapeOn = false;
  const esc: BackrefEscape = { chars: null, keep: null, controls: false, noPlus: false };
  for (const [key, val] of items) {
    const k = key.toLowerCase();
    switch (k) {
      case 'b':
      case 'backrefescaping':
        escapeOn = true;
        if (val !== '') esc.chars = val;
        break;
      case 'bne':
        if (val === '') return "flag 'BNE' wants a list of characters (i.e. [BNE=...])";
        esc.keep = val;
        break;
      case 'bctls':
        escapeOn = true;
        esc.controls = true;
        break;
      case 'bnp':
      case 'backrefnoplus':
        esc.noPlus = true;
        break;
      case 'c':
      case 'chain':
        f.chain = true;
        break;
      case 'co':
      case 'cookie':
        f.cookieText.push(val);
        break;
      case 'dpi':
      case 'discardpath':
        f.discardPathInfo = true;
        break;
      case 'e':
      case 'env':
        f.envText.push(val);
        break;
      case 'end':
        f.end = true;
        break;
      case 'f':
      case 'forbidden':
        f.status = 403;
        break;
      case 'h':
      case 'handler':
        f.handlerText = val;
        break;
      case 'p':
      case 'proxy':
        f.proxy = true;
        break;
      case 't':
      case 'type':
        f.typeText = val;
        break;
      case 'unc':
        f.unc = true;
        break;
      // Only changes how server-context rules stat a path prefix: nothing to do per directory.
      case 'unsafeprefixstat':
        break;
      case 'g':
      case 'gone':
        f.status = 410;
        break;
      case 'l':
      case 'last':
        f.last = true;
        break;
      case 'n':
      case 'next':
        f.next = val === '' ? 10000 : atoi(val);
        break;
      case 'ne':
      case 'noescape':
        f.noescape = true;
        break;
      case 'ns':
      case 'nosubreq':
        f.noSubreq = true;
        break;
      case 'nc':
      case 'nocase':
        f.nocase = true;
        break;
      case 'pt':
      case 'passthrough':
        f.passthrough = true;
        break;
      case 'qsa':
      case 'qsappend':
        f.qsa = true;
        break;
      case 'qsd':
      case 'qsdiscard':
        f.qsd = true;
        break;
      case 'qsl':
      case 'qslast':
        f.qsl = true;
        break;
      case 'r':
      case 'redirect': {
        let status = 302;
        if (val !== '') {
          const v = val.toLowerCase();
          if (v === 'permanent') status = 301;
          else if (v === 'temp') status = 302;
          else if (v === 'seeother') status = 303;
          else if (/^[0-9]/.test(v)) {
            status = atoi(v);
            if (status !== 500 && !KNOWN_STATUS.has(status)) return `invalid HTTP response code '${val}' for flag 'R'`;
          }
        }
        if (status >= 300 && status < 400) f.redirect = status;
        else f.status = status;
        break;
      }
      case 'unsafeallow3f':
        f.unsafeAllow3f = true;
        break;
      case 's':
      case 'skip':
        f.skip = atoi(val);
        break;
      default:
        // cmd_rewriterule_setflag accepts any other word starting with D without a complaint.
        if (k.startsWith('d')) break;
        return `unknown flag '${key}'`;
    }
  }
  if (escapeOn) f.escapeBackrefs = esc;
  return f;
}

export interface CondFlags {
  nocase: boolean;
  ornext: boolean;
  novary: boolean;
}

/** null for bad delimiters; a string for Apache's error text. */
export function parseCondFlags(field: string | undefined): CondFlags | string | null {
  const f: CondFlags = { nocase: false, ornext: false, novary: false };
  if (field === undefined) return f;
  const items = splitFlags(field);
  if (items === null) return null;
  for (const [key] of items) {
    const k = key.toLowerCase();
    if (k === 'nc' || k === 'nocase') f.nocase = true;
    else if (k === 'or' || k === 'ornext') f.ornext = true;
    else if (k === 'nv' || k === 'novary') f.novary = true;
    else return `unknown flag '${key}'`;
  }
  return f;
}

const FILE_OPS: Record<string, CondTest> = {
  '-f': { kind: 'file', op: '-f' },
  '-s': { kind: 'file', op: '-s' },
  '-d': { kind: 'file', op: '-d' },
  '-x': { kind: 'file', op: '-x' },
  '-h': { kind: 'file', op: '-l' },
  '-L': { kind: 'file', op: '-l' },
  '-l': { kind: 'file', op: '-l' },
  '-U': { kind: 'file', op: '-U' },
  '-F': { kind: 'file', op: '-F' },
};

/**
 * The CondPattern (after any `!`): a file test, a comparison, or a regex (null if it does not
 * compile). As cmd_rewritecond reads it: an operator needs something after it (`=` or `-lt`
 * alone are regexes), and `-lt`..`-ne` need a value.
 */
export function parseCondTest(p: string, nocase: boolean): CondTest | null {
  const file = p.length === 2 ? FILE_OPS[p] : undefined;
  if (file !== undefined) return file;
  const int = p.length > 3 ? /^-(lt|le|eq|gt|ge|ne)/.exec(p) : null;
  if (int) return { kind: 'integer', op: `-${int[1]}` as '-lt', value: p.slice(3) };
  const str = p.length >= 2 ? /^(<=|>=|<|>|=)/.exec(p) : null;
  if (str) {
    const rest = p.slice(str[1]!.length);
    return { kind: 'string', op: str[1] as '=', value: str[1] === '=' && rest === '""' ? '' : rest };
  }
  const pattern = compilePattern(p, nocase);
  return pattern === null ? null : { kind: 'regex', pattern };
}
