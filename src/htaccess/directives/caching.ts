// mod_expires (AllowOverride Indexes) and the output filter directives as far as DEFLATE goes:
// core's SetOutputFilter, mod_mime's AddOutputFilter/RemoveOutputFilter (FileInfo) and mod_filter's
// AddOutputFilterByType (FileInfo). mod_deflate's own directives are server configuration only.
// Sources: mod_expires.c (check_code, set_expiresbytype), mod_filter.c, mod_mime.c.

import { getWord } from '../lexer.js';
import type { ExpiresFragment, ExpiryCode, OutputFiltersFragment } from '../types.js';
import { serverOnly } from './define.js';
import type { DirectiveContext, DirectiveSpec } from './spec.js';

const INDEXES = ['Indexes'] as const;
const FILEINFO = ['FileInfo'] as const;

/**
 * check_code's units: each matched on as many leading letters as Apache compares (strncasecmp with
 * 1 or 2), so `mo` is months and `mi` minutes while `m` alone is neither.
 */
const UNITS: ReadonlyArray<{ name: string; prefix: number; seconds: number }> = [
  { name: 'years', prefix: 1, seconds: 365 * 24 * 3600 },
  { name: 'months', prefix: 2, seconds: 30 * 24 * 3600 },
  { name: 'weeks', prefix: 1, seconds: 7 * 24 * 3600 },
  { name: 'days', prefix: 1, seconds: 24 * 3600 },
  { name: 'hours', prefix: 1, seconds: 3600 },
  { name: 'minutes', prefix: 2, seconds: 60 },
  { name: 'seconds', prefix: 1, seconds: 1 },
];

/** strncasecmp(word, full, n) === 0: the first n characters agree (a shorter word must end where full does). */
function startsLike(word: string, full: string, n: number): boolean {
  return word.length >= n && word.slice(0, n).toLowerCase() === full.slice(0, n).toLowerCase();
}

/** C atoi: leading digits, 0 when there are none, clamped to Apache's int. */
function atoi(text: string): number {
  const m = /^[ \t]*([+-]?\d+)/.exec(text);
  if (!m) return 0;
  return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Number(m[1])));
}

/**
 * An expiry code: the old `A<seconds>` / `M<seconds>` form (anything after the letter read by
 * atoi, as Apache does at request time), or `<base> [plus] {<num> <type>}*`. Returns the code or
 * Apache's error text.
 */
export function parseExpiryCode(code: string): ExpiryCode | string {
  if (code.startsWith('A') || code.startsWith('M')) return { base: code[0] as 'A' | 'M', seconds: atoi(code.slice(1)) };
  const words: string[] = [];
  for (let w = getWord(code); w.word !== ''; w = getWord(code, w.next)) words.push(w.word);
  let i = 0;
  const base = words[i++] ?? '';
  let kind: 'A' | 'M';
  if (startsLike(base, 'now', 1) || startsLike(base, 'access', 1)) kind = 'A';
  else if (startsLike(base, 'modification', 1)) kind = 'M';
  else return `bad expires code, unrecognised <base> '${base}'`;
  if (startsLike(words[i] ?? '', 'plus', 1)) i++;
  let seconds = 0;
  while (i < words.length) {
    const num = words[i++]!;
    if (!/^\d/.test(num)) return `bad expires code, numeric value expected <num> '${num}'`;
    const type = words[i++];
    if (type === undefined) return 'bad expires code, missing <type>';
    const unit = UNITS.find((u) => startsLike(type, u.name, u.prefix));
    if (unit === undefined) return `bad expires code, unrecognised <type>'${type}'`;
    // Apache adds in a C int: keep the sum in its range rather than let it grow without bound.
    seconds = Math.min(2 ** 31 - 1, seconds + unit.seconds * atoi(num));
  }
  return { base: kind, seconds };
}

function expiresOf(ctx: DirectiveContext): ExpiresFragment {
  return (ctx.fragment.fragment.expires ??= { byType: new Map(), wildcards: false });
}

function filtersOf(ctx: DirectiveContext): OutputFiltersFragment {
  return (ctx.fragment.fragment.outputFilters ??= {});
}

/** A `;`-separated filter list (filter names are case-insensitive): does it name DEFLATE? */
function namesDeflate(list: string): boolean {
  return list.split(';').some((name) => name.trim().toLowerCase() === 'deflate');
}

/** mod_mime's extension key: without a leading dot, lower case. */
function extensionKey(ext: string): string {
  return (ext.startsWith('.') ? ext.slice(1) : ext).toLowerCase();
}

export const cachingDirectives: readonly DirectiveSpec[] = [
  {
    name: 'ExpiresActive',
    module: 'mod_expires',
    override: INDEXES,
    args: 'flag',
    help: "Limited to 'on' or 'off'",
    support: 'supported',
    run(ctx, { flag, loc }) {
      expiresOf(ctx).active = { value: flag, loc };
    },
  },
  {
    name: 'ExpiresByType',
    module: 'mod_expires',
    override: INDEXES,
    args: 'take2',
    help: 'a MIME type followed by an expiry date code',
    support: 'supported',
    run(ctx, { words: [mime, code], loc }) {
      const slash = mime!.lastIndexOf('/');
      if (slash < 0) ctx.fail('Invalid mimetype: should contain a slash');
      const parsed = parseExpiryCode(code!);
      if (typeof parsed === 'string') return ctx.fail(`'ExpiresByType ${mime} ${code}': ${parsed}`);
      const expires = expiresOf(ctx);
      if (mime!.slice(slash + 1) === '*') expires.wildcards = true;
      expires.byType.set(mime!.toLowerCase(), { value: parsed, loc });
    },
  },
  {
    name: 'ExpiresDefault',
    module: 'mod_expires',
    override: INDEXES,
    args: 'take1',
    help: 'an expiry date code',
    support: 'supported',
    run(ctx, { words: [code], loc }) {
      const parsed = parseExpiryCode(code!);
      if (typeof parsed === 'string') return ctx.fail(`'ExpiresDefault ${code}': ${parsed}`);
      expiresOf(ctx).default = { value: parsed, loc };
    },
  },
  {
    name: 'AddOutputFilterByType',
    module: 'mod_filter',
    override: FILEINFO,
    args: 'iterate2',
    help: 'Deprecated; use FilterProvider',
    support: 'supported',
    run(ctx, { words: [filters, ...types], loc }) {
      // Filters other than DEFLATE do not exist in htserve: nothing to add for them.
      if (!namesDeflate(filters!)) return;
      const list = (filtersOf(ctx).deflateTypes ??= []);
      for (const type of types) list.push({ value: type.toLowerCase(), loc });
    },
  },
  {
    name: 'SetOutputFilter',
    module: 'core',
    override: FILEINFO,
    args: 'take1',
    help: 'filter (or ; delimited list of filters) to be run on the request content',
    support: 'supported',
    run(ctx, { words: [filters], loc }) {
      filtersOf(ctx).set = { value: namesDeflate(filters!), loc };
    },
  },
  {
    name: 'AddOutputFilter',
    module: 'mod_mime',
    override: FILEINFO,
    args: 'iterate2',
    help: 'output filter name (or ; delimited names) followed by one or more file extensions',
    support: 'supported',
    run(ctx, { words: [filters, ...exts], loc }) {
      const map = (filtersOf(ctx).byExtension ??= new Map());
      for (const ext of exts) map.set(extensionKey(ext), { value: namesDeflate(filters!), loc });
    },
  },
  {
    name: 'RemoveOutputFilter',
    module: 'mod_mime',
    override: FILEINFO,
    args: 'iterate',
    help: 'one or more file extensions',
    support: 'supported',
    run(ctx, { words, loc }) {
      const map = (filtersOf(ctx).byExtension ??= new Map());
      for (const ext of words) map.set(extensionKey(ext), { value: false, loc });
    },
  },
  serverOnly('DeflateCompressionLevel', 'mod_deflate', 'Set the Deflate Compression Level (1-9)'),
  serverOnly('DeflateWindowSize', 'mod_deflate', 'Set the Deflate window size (1-15)'),
  serverOnly('DeflateMemLevel', 'mod_deflate', 'Set the Deflate Memory Level (1-9)'),
  serverOnly('DeflateBufferSize', 'mod_deflate', 'Set the Deflate Buffer Size'),
  serverOnly('DeflateFilterNote', 'mod_deflate', 'Set a note to report on compression ratio'),
  serverOnly('DeflateAlterETag', 'mod_deflate', 'Set how mod_deflate should modify ETAG response headers'),
];
