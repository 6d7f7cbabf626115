// AllowOverride Indexes: mod_dir (DirectoryIndex, DirectorySlash, FallbackResource...) and
// mod_autoindex (IndexIgnore, IndexOptions and the fancy-listing directives).

import { getWord } from '../lexer.js';
import { atoi, ignored } from './define.js';
import type { IndexDescription, IndexOptionsState, ListingSortDefault } from '../types.js';
import type { DirectiveSpec } from './spec.js';

const INDEXES = ['Indexes'] as const;

const ORDER_KEYS: Readonly<Record<string, ListingSortDefault['key']>> = {
  name: 'N',
  date: 'M',
  size: 'S',
  description: 'D',
};

/** IndexOptions keywords that are on/off flags, in Apache's spelling. */
const FLAG_OPTIONS = [
  'FancyIndexing',
  'FoldersFirst',
  'HTMLTable',
  'IconsAreLinks',
  'IgnoreCase',
  'IgnoreClient',
  'ScanHTMLTitles',
  'SuppressColumnSorting',
  'SuppressDescription',
  'SuppressHTMLPreamble',
  'SuppressIcon',
  'SuppressLastModified',
  'SuppressSize',
  'SuppressRules',
  'TrackModified',
  'VersionSort',
  'XHTML',
  'ShowForbidden',
  'AddAltClass',
  'UseOldDateFormat',
];
const FLAG_BY_LOWER = new Map(FLAG_OPTIONS.map((o) => [o.toLowerCase(), o]));

/**
 * One IndexOptions line applied to what the same section already said (mod_autoindex add_opts):
 * a keyword without +/- is added to the replacing set and forgets the increments so far; `+X`/`-X`
 * are increments. Width, height, Type= and Charset= only shape the fancy page: checked, not kept.
 * Returns Apache's error message for an invalid line.
 */
export function applyIndexOptions(current: IndexOptionsState | undefined, raw: string): IndexOptionsState | string {
  const set = new Set(current?.set ?? []);
  let added = new Set(current?.added ?? []);
  let removed = new Set(current?.removed ?? []);
  for (let w = getWord(raw); w.word !== ''; w = getWord(raw, w.next)) {
    let word = w.word;
    const action = word[0] === '+' || word[0] === '-' ? word[0] : '';
    if (action) word = word.slice(1);
    const lower = word.toLowerCase();
    let option: string | null = FLAG_BY_LOWER.get(lower) ?? null;
    if (option === null) {
      if (lower === 'none') {
        if (action) return "Cannot combine '+' or '-' with 'None' keyword";
        set.clear();
        set.add('None');
        added = new Set();
        removed = new Set();
        continue;
      }
      const problem = checkSizedOption(lower, action);
      if (problem === undefined) return 'Invalid directory indexing option';
      if (problem !== null) return problem;
      option = null; // a sized option: no flag to record, but like Apache it resets increments
    }
    if (action === '') {
      if (option) set.add(option);
      added = new Set();
      removed = new Set();
    } else if (option && action === '+') {
      added.add(option);
      removed.delete(option);
    } else if (option) {
      removed.add(option);
      added.delete(option);
    }
  }
  if (set.has('None') && set.size > 1) return "Cannot combine other IndexOptions keywords with 'None'";
  return { set, added, removed };
}

/** IconWidth/IconHeight/NameWidth/DescriptionWidth/Type=/Charset=: null if valid, an error, or undefined if unknown. */
function checkSizedOption(lower: string, action: string): string | null | undefined {
  if (lower === 'iconwidth' || lower === 'iconheight' || lower.startsWith('type=') || lower.startsWith('charset='))
    return null;
  for (const [name, prefix] of [
    ['IconWidth', 'iconwidth='],
    ['IconHeight', 'iconheight='],
  ] as const) {
    if (lower.startsWith(prefix)) return action === '-' ? `Cannot combine '-' with ${name}=n` : null;
  }
  for (const [name, key, min] of [
    ['NameWidth', 'namewidth', 5],
    ['DescriptionWidth', 'descriptionwidth', 12],
  ] as const) {
    if (lower === key) return action === '-' ? null : `${name} with no value may only appear as '-${name}'`;
    if (lower.startsWith(`${key}=`)) {
      if (action === '-') return `Cannot combine '-' with ${name}=n`;
      const value = lower.slice(key.length + 1);
      if (value.startsWith('*')) return null;
      const width = atoi(value);
      return width && width < min ? `${name} value must be greater than ${min}` : null;
    }
  }
  return undefined;
}

/** apr_fnmatch_test: `?` or `*`, or a `[` closed by `]` (a backslash quotes the next character). */
function hasWildcards(pattern: string): boolean {
  let nesting = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '?' || c === '*') return true;
    if (c === '\\') {
      if (++i >= pattern.length) return false;
    } else if (c === '[') nesting++;
    else if (c === ']' && nesting > 0) return true;
  }
  return false;
}

/** mod_autoindex add_desc (a case-sensitive file system): a name with a slash or wildcards becomes a pattern. */
function describe(text: string, to: string): IndexDescription {
  const fullPath = to.includes('/');
  const wildcards = fullPath || hasWildcards(to);
  return { pattern: wildcards ? `${fullPath ? '*/' : '*'}${to}*` : to, fullPath, wildcards, text };
}

/** DirectoryIndexRedirect's argument as mod_dir reads it: a redirect status, 0 for Off. */
function indexRedirectStatus(v: string, fail: (message: string) => never): number {
  const named: Readonly<Record<string, number>> = { on: 302, off: 0, permanent: 301, temp: 302, seeother: 303 };
  const status = named[v.toLowerCase()];
  if (status !== undefined) return status;
  if (!/^[0-9]/.test(v)) fail('DirectoryIndexRedirect ON|OFF|permanent|temp|seeother|3xx');
  const code = atoi(v);
  if (code < 300 || code > 399) fail('DirectoryIndexRedirect only accepts values between 300 and 399');
  return code;
}

export const indexesDirectives: readonly DirectiveSpec[] = [
  {
    name: 'DirectoryIndex',
    module: 'mod_dir',
    override: INDEXES,
    args: 'raw',
    help: 'a list of file names',
    support: 'supported',
    run(ctx, { raw, loc }) {
      // Lines accumulate within a section; `disabled` alone empties the list. An empty list
      // (also from a bare `DirectoryIndex`) means no index file is looked for.
      const frag = ctx.fragment.fragment;
      let names = Array.isArray(frag.directoryIndex?.value) ? [...frag.directoryIndex.value] : [];
      let count = 0;
      for (let w = getWord(raw); w.word !== ''; w = getWord(raw, w.next)) {
        if (count === 0 && w.word.toLowerCase() === 'disabled' && getWord(raw, w.next).word === '') {
          names = [];
          break;
        }
        names.push(w.word);
        count++;
      }
      frag.directoryIndex = { value: names.length > 0 ? names : 'disabled', loc };
    },
  },
  {
    name: 'DirectorySlash',
    module: 'mod_dir',
    override: INDEXES,
    args: 'flag',
    help: 'On or Off',
    support: 'supported',
    run(ctx, { flag, loc }) {
      ctx.fragment.fragment.directorySlash = { value: flag, loc };
    },
  },
  {
    name: 'FallbackResource',
    module: 'mod_dir',
    override: INDEXES,
    args: 'take1',
    help: 'Set a default handler',
    support: 'supported',
    run(ctx, { words: [url], loc }) {
      ctx.fragment.fragment.fallbackResource = { value: url!.toLowerCase() === 'disabled' ? null : url!, loc };
    },
  },
  {
    name: 'DirectoryCheckHandler',
    module: 'mod_dir',
    override: INDEXES,
    args: 'flag',
    help: 'On or Off',
    support: 'supported',
    run(ctx, { flag, loc }) {
      ctx.fragment.fragment.directoryCheckHandler = { value: flag, loc };
    },
  },
  {
    name: 'DirectoryIndexRedirect',
    module: 'mod_dir',
    override: INDEXES,
    args: 'take1',
    help: 'On, Off, or a 3xx status code.',
    support: 'supported',
    run(ctx, { words: [v], loc }) {
      ctx.fragment.fragment.directoryIndexRedirect = { value: indexRedirectStatus(v!, (m) => ctx.fail(m)), loc };
    },
  },
  {
    name: 'IndexIgnore',
    module: 'mod_autoindex',
    override: INDEXES,
    args: 'iterate',
    help: 'one or more file extensions',
    support: 'supported',
    run(ctx, { words, loc }) {
      for (const pattern of words) ctx.fragment.fragment.indexIgnore.push({ value: pattern, loc });
    },
  },
  {
    name: 'IndexIgnoreReset',
    module: 'mod_autoindex',
    override: INDEXES,
    args: 'flag',
    help: 'Reset the inherited list of IndexIgnore filenames',
    support: 'supported',
    run(ctx, { flag }) {
      ctx.fragment.fragment.indexIgnoreReset = flag;
    },
  },
  {
    name: 'IndexOptions',
    module: 'mod_autoindex',
    override: INDEXES,
    args: 'raw',
    help: 'one or more index options [+|-][]',
    support: 'supported',
    run(ctx, { raw }) {
      const frag = ctx.fragment.fragment;
      const result = applyIndexOptions(frag.indexOptions, raw);
      if (typeof result === 'string') ctx.fail(result);
      else frag.indexOptions = result;
    },
  },
  {
    name: 'IndexOrderDefault',
    module: 'mod_autoindex',
    override: INDEXES,
    args: 'take2',
    help: '{Ascending,Descending} {Name,Size,Description,Date}',
    support: 'supported',
    run(ctx, { words: [direction, key], loc }) {
      const dir = direction!.toLowerCase();
      if (dir !== 'ascending' && dir !== 'descending') ctx.fail("First keyword must be 'Ascending' or 'Descending'");
      const keyId = ORDER_KEYS[key!.toLowerCase()];
      if (!keyId) ctx.fail("Second keyword must be 'Name', 'Date', 'Size', or 'Description'");
      ctx.fragment.fragment.indexOrderDefault = { value: { key: keyId!, descending: dir === 'descending' }, loc };
    },
  },
  ignored('IndexStyleSheet', 'mod_autoindex', INDEXES, 'take1', 'URL to style sheet'),
  ignored('IndexHeadInsert', 'mod_autoindex', INDEXES, 'take1', 'String to insert in HTML HEAD section'),
  {
    name: 'HeaderName',
    module: 'mod_autoindex',
    override: INDEXES,
    args: 'take1',
    help: 'a filename',
    support: 'supported',
    run(ctx, { words: [name], loc }) {
      ctx.fragment.fragment.headerName = { value: name!, loc };
    },
  },
  {
    name: 'ReadmeName',
    module: 'mod_autoindex',
    override: INDEXES,
    args: 'take1',
    help: 'a filename',
    support: 'supported',
    run(ctx, { words: [name], loc }) {
      ctx.fragment.fragment.readmeName = { value: name!, loc };
    },
  },
  ignored('DefaultIcon', 'mod_autoindex', INDEXES, 'take1', 'an icon URL'),
  ignored('AddIcon', 'mod_autoindex', INDEXES, 'iterate2', 'an icon URL followed by one or more filenames'),
  ignored('AddIconByType', 'mod_autoindex', INDEXES, 'iterate2', 'an icon URL followed by one or more MIME types'),
  ignored(
    'AddIconByEncoding',
    'mod_autoindex',
    INDEXES,
    'iterate2',
    'an icon URL followed by one or more content encodings',
  ),
  ignored(
    'AddAlt',
    'mod_autoindex',
    INDEXES,
    'iterate2',
    'alternate descriptive text followed by one or more filenames',
  ),
  ignored(
    'AddAltByType',
    'mod_autoindex',
    INDEXES,
    'iterate2',
    'alternate descriptive text followed by one or more MIME types',
  ),
  ignored(
    'AddAltByEncoding',
    'mod_autoindex',
    INDEXES,
    'iterate2',
    'alternate descriptive text followed by one or more content encodings',
  ),
  {
    name: 'AddDescription',
    module: 'mod_autoindex',
    override: INDEXES,
    args: 'iterate2',
    help: 'Descriptive text followed by one or more filenames',
    support: 'supported',
    run(ctx, { words: [text, ...names] }) {
      const frag = ctx.fragment.fragment;
      const list = (frag.descriptions ??= []);
      for (const to of names) list.push(describe(text!, to));
    },
  },
];
