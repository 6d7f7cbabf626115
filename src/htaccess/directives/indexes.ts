// AllowOverride Indexes: mod_dir (DirectoryIndex, DirectorySlash, FallbackResource...) and
// mod_autoindex (IndexIgnore, IndexOptions and the fancy-listing directives).

import { getWord } from '../lexer.js';
import { atoi, ignored } from './define.js';
import type { DirectiveSpec } from './spec.js';

const INDEXES = ['Indexes'] as const;

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
  ignored('DirectoryCheckHandler', 'mod_dir', INDEXES, 'flag', 'On or Off'),
  ignored('DirectoryIndexRedirect', 'mod_dir', INDEXES, 'take1', 'On, Off, or a 3xx status code.', (ctx, { words: [v] }) => {
    const lower = v!.toLowerCase();
    if (['on', 'off', 'permanent', 'temp', 'seeother'].includes(lower)) return;
    if (!/^[0-9]/.test(v!)) ctx.fail('DirectoryIndexRedirect ON|OFF|permanent|temp|seeother|3xx');
    const status = atoi(v!);
    if (status < 300 || status > 399) ctx.fail('DirectoryIndexRedirect only accepts values between 300 and 399');
  }),
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
  ignored('IndexOptions', 'mod_autoindex', INDEXES, 'raw', 'one or more index options [+|-][]'),
  ignored('IndexOrderDefault', 'mod_autoindex', INDEXES, 'take2',
    '{Ascending,Descending} {Name,Size,Description,Date}'),
  ignored('IndexStyleSheet', 'mod_autoindex', INDEXES, 'take1', 'URL to style sheet'),
  ignored('IndexHeadInsert', 'mod_autoindex', INDEXES, 'take1', 'String to insert in HTML HEAD section'),
  ignored('HeaderName', 'mod_autoindex', INDEXES, 'take1', 'a filename'),
  ignored('ReadmeName', 'mod_autoindex', INDEXES, 'take1', 'a filename'),
  ignored('DefaultIcon', 'mod_autoindex', INDEXES, 'take1', 'an icon URL'),
  ignored('AddIcon', 'mod_autoindex', INDEXES, 'iterate2', 'an icon URL followed by one or more filenames'),
  ignored('AddIconByType', 'mod_autoindex', INDEXES, 'iterate2', 'an icon URL followed by one or more MIME types'),
  ignored('AddIconByEncoding', 'mod_autoindex', INDEXES, 'iterate2',
    'an icon URL followed by one or more content encodings'),
  ignored('AddAlt', 'mod_autoindex', INDEXES, 'iterate2', 'alternate descriptive text followed by one or more filenames'),
  ignored('AddAltByType', 'mod_autoindex', INDEXES, 'iterate2',
    'alternate descriptive text followed by one or more MIME types'),
  ignored('AddAltByEncoding', 'mod_autoindex', INDEXES, 'iterate2',
    'alternate descriptive text followed by one or more content encodings'),
  ignored('AddDescription', 'mod_autoindex', INDEXES, 'iterate2', 'Descriptive text followed by one or more filenames'),
];
