// AllowOverride FileInfo, document side: ErrorDocument and AddDefaultCharset/ForceType (core),
// AddType and the other mod_mime mappings, and core's handler/filter settings.

import { getWord } from '../lexer.js';
import type { ErrorDocSpec } from '../types.js';
import { atoi, ignored, isUrl } from './define.js';
import { exprStringError, hasExprInsert } from './expr-string.js';
import type { DirectiveCall, DirectiveContext, DirectiveSpec } from './spec.js';

const FILEINFO = ['FileInfo'] as const;

/** The codes of Apache's status table (observed on 2.4.71: no 306, 418, 425 or 509). */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400,
  401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 426, 428,
  429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

export function isKnownStatus(code: number): boolean {
  return KNOWN_STATUS.has(code);
}

/** core's on/off parameters (EnableMMAP, EnableSendfile). */
function onOff(ctx: DirectiveContext, { words: [v] }: DirectiveCall): void {
  if (!['on', 'off'].includes(v!.toLowerCase())) ctx.fail("parameter must be 'on' or 'off'");
}

const ETAG_KEYWORDS = new Set(['none', 'all', 'size', 'lmtime', 'mtime', 'lastmodified', 'inode', 'digest']);

/** set_etag_bits' checks; the ETag itself stays Apache's default (MTime Size). */
function checkFileETag(ctx: DirectiveContext, { raw }: DirectiveCall): void {
  for (let w = getWord(raw); w.word !== '' || w.next < raw.length; w = getWord(raw, w.next)) {
    const signed = w.word.startsWith('+') || w.word.startsWith('-');
    const token = signed ? w.word.slice(1) : w.word;
    const lower = token.toLowerCase();
    if (!ETAG_KEYWORDS.has(lower)) ctx.fail(`Unknown keyword '${token}' for FileETag directive`);
    if (signed && (lower === 'none' || lower === 'all')) {
      ctx.fail(`FileETag keyword '${token}' cannot be used with '+' or '-'`);
    }
  }
}

/** set_error_document's heuristic (docs/apache-behaviour.md §12.1), applied after quote removal. */
export function classifyErrorDocument(value: string): ErrorDocSpec {
  if (value.includes(' ')) return { kind: 'text', text: value };
  if (value.startsWith('/')) return { kind: 'local', path: value };
  if (isUrl(value)) return { kind: 'external', url: value };
  return { kind: 'text', text: value };
}

const mimeHelp = (what: string): string => `${what} followed by one or more file extensions`;

export const fileinfoDirectives: readonly DirectiveSpec[] = [
  {
    name: 'ErrorDocument',
    module: 'core',
    override: FILEINFO,
    args: 'take2',
    help: 'Change responses for HTTP errors',
    support: 'supported',
    run(ctx, { words: [codeText, value], loc }) {
      const code = atoi(codeText!);
      if (!isKnownStatus(code)) ctx.fail(`Unsupported HTTP response code ${codeText}`);
      const spec = classifyErrorDocument(value!);
      if (code === 401 && spec.kind === 'external') {
        // A redirect cannot carry the challenge, so Apache drops the line (AH00113).
        ctx.warn('cannot use a full URL in a 401 ErrorDocument directive --- ignoring!');
        return;
      }
      const isDefault = value!.toLowerCase() === 'default';
      if (!isDefault) {
        // Every form is an ap_expr string in Apache; htserve uses it as written.
        const error = exprStringError(value!);
        if (error !== null) ctx.fail(`Cannot parse expression in ErrorDocument: ${error}`);
        if (hasExprInsert(value!))
          ctx.warn('ErrorDocument: htserve expands %{...} HTML-escaped (Apache inserts it raw)');
      }
      const doc: ErrorDocSpec = isDefault ? { kind: 'default' } : spec;
      ctx.fragment.fragment.errorDocuments.set(code, { value: doc, loc });
    },
  },
  {
    name: 'AddType',
    module: 'mod_mime',
    override: FILEINFO,
    args: 'iterate2',
    help: mimeHelp('a mime type'),
    support: 'supported',
    run(ctx, { words: [type, ...extensions], loc }) {
      // Both the type and the extension are lower-cased by mod_mime; a leading dot is optional.
      const value = type!.toLowerCase();
      for (const ext of extensions) {
        const key = (ext.startsWith('.') ? ext.slice(1) : ext).toLowerCase();
        ctx.fragment.fragment.addTypes.set(key, { value, loc });
      }
    },
  },
  {
    name: 'ForceType',
    module: 'core',
    override: FILEINFO,
    args: 'take1',
    help: 'a mime type that overrides other configured type',
    support: 'supported',
    run(ctx, { words: [type], loc }) {
      const value = type!.toLowerCase();
      ctx.fragment.fragment.forceType = { value: value === 'none' ? null : value, loc };
    },
  },
  {
    name: 'AddDefaultCharset',
    module: 'core',
    override: FILEINFO,
    args: 'take1',
    help: "The name of the default charset to add to any Content-Type without one or 'Off' to disable",
    support: 'supported',
    run(ctx, { words: [arg], loc }) {
      const lower = arg!.toLowerCase();
      const value = lower === 'off' ? null : lower === 'on' ? 'iso-8859-1' : arg!;
      ctx.fragment.fragment.defaultCharset = { value, loc };
    },
  },
  ignored('AddCharset', 'mod_mime', FILEINFO, 'iterate2', mimeHelp('a charset (e.g., iso-2022-jp)')),
  ignored('AddEncoding', 'mod_mime', FILEINFO, 'iterate2', mimeHelp('an encoding (e.g., gzip)')),
  ignored('AddHandler', 'mod_mime', FILEINFO, 'iterate2', mimeHelp('a handler name')),
  ignored('AddInputFilter', 'mod_mime', FILEINFO, 'iterate2', mimeHelp('input filter name (or ; delimited names)')),
  ignored('AddLanguage', 'mod_mime', FILEINFO, 'iterate2', mimeHelp('a language (e.g., fr)')),
  ignored(
    'DefaultLanguage',
    'mod_mime',
    FILEINFO,
    'take1',
    'language to use for documents with no other language file extension',
  ),
  ignored(
    'MultiviewsMatch',
    'mod_mime',
    FILEINFO,
    'iterate',
    'NegotiatedOnly (default), Handlers and/or Filters, or Any',
  ),
  ignored('RemoveCharset', 'mod_mime', FILEINFO, 'iterate', 'one or more file extensions'),
  ignored('RemoveEncoding', 'mod_mime', FILEINFO, 'iterate', 'one or more file extensions'),
  ignored('RemoveHandler', 'mod_mime', FILEINFO, 'iterate', 'one or more file extensions'),
  ignored('RemoveInputFilter', 'mod_mime', FILEINFO, 'iterate', 'one or more file extensions'),
  ignored('RemoveLanguage', 'mod_mime', FILEINFO, 'iterate', 'one or more file extensions'),
  {
    name: 'RemoveType',
    module: 'mod_mime',
    override: FILEINFO,
    args: 'iterate',
    help: 'one or more file extensions',
    support: 'supported',
    run(ctx, { words, loc }) {
      // An empty type undoes every association of the extension, the built-in table's too.
      for (const ext of words) {
        const key = (ext.startsWith('.') ? ext.slice(1) : ext).toLowerCase();
        ctx.fragment.fragment.addTypes.set(key, { value: '', loc });
      }
    },
  },
  {
    name: 'SetHandler',
    module: 'core',
    override: FILEINFO,
    args: 'take1',
    help: 'a handler name that overrides any other configured handler',
    support: 'supported',
    run(ctx, { words: [name], loc }) {
      // Static files are still served by the default handler, but directories are not: no
      // listing, no FallbackResource (observed on Apache 2.4). `None` restores the default.
      const lower = name!.toLowerCase();
      ctx.fragment.fragment.handler = { value: lower === 'none' || lower === 'default-handler' ? null : name!, loc };
    },
  },
  ignored(
    'SetInputFilter',
    'core',
    FILEINFO,
    'take1',
    'filter (or ; delimited list of filters) to be run on the request body',
  ),
  ignored('DefaultType', 'core', FILEINFO, 'take1', 'the default media type for otherwise untyped files (DEPRECATED)'),
  {
    name: 'AcceptPathInfo',
    module: 'core',
    override: FILEINFO,
    args: 'take1',
    help: 'Set to on or off for PATH_INFO to be accepted by handlers, or default for the per-handler preference',
    support: 'supported',
    run(ctx, { words: [v], loc }) {
      const value = v!.toLowerCase();
      if (value !== 'on' && value !== 'off' && value !== 'default') {
        return ctx.fail('AcceptPathInfo must be set to on, off or default');
      }
      ctx.fragment.fragment.acceptPathInfo = { value, loc };
    },
  },
  ignored('FileETag', 'core', FILEINFO, 'raw', "Specify components used to construct a file's ETag", checkFileETag),
  ignored('EnableMMAP', 'core', FILEINFO, 'take1', 'Controls whether memory-mapping may be used to read files', onOff),
  ignored(
    'EnableSendfile',
    'core',
    FILEINFO,
    'take1',
    'Controls whether sendfile may be used to transmit files',
    onOff,
  ),
  ignored('CGIVar', 'core', FILEINFO, 'take2', 'Controls how some CGI variables are set'),
  ignored(
    'QualifyRedirectURL',
    'core',
    FILEINFO,
    'flag',
    'Controls whether the REDIRECT_URL environment variable is fully qualified',
  ),
];
