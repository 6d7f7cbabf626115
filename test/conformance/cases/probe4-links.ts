// Fourth-round probes: symlinks whose target folder has its own access file and Options, owner
// mismatches at several levels, links inside linked folders.

import { file, htaccess, link, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE4_LINKS_CASES: Case[] = [
  {
    name: 'p4 symlinked folders with their own access files',
    area: 'fs',
    tree: [
      htaccess('', 'Options +FollowSymLinks'),
      htaccess('t', 'Options -FollowSymLinks', 'ErrorDocument 403 "T403-MARKER', 'ErrorDocument 404 "T404-MARKER'),
      file('t/a.txt'),
      link('t/inner', 'a.txt'),
      file('t/deep/b.txt'),
      htaccess('t/deep', 'Options +SymLinksIfOwnerMatch'),
      link('t/deep/own', 'b.txt'),
      link('t/deep/other', 'b.txt', 'www-data'),
      link('via', 't'),
      htaccess('w', 'Options +SymLinksIfOwnerMatch -FollowSymLinks'),
      link('w/mine', '../t/a.txt'),
      link('w/theirs', '../t/a.txt', 'www-data'),
      link('w/dirlink', '../t/deep', 'www-data'),
      htaccess('n', 'Options None', 'Options +Indexes'),
      link('n/x', '../t/a.txt'),
      file('n/y.txt'),
      htaccess('p', 'ErrorDocument 403 "P403-MARKER'),
      htaccess('p/q', 'Options -FollowSymLinks'),
      file('p/q/x.txt'),
      link('p/q/l', 'x.txt'),
    ],
    requests: [
      req('@/via/a.txt'),
      req('@/via/inner'),
      req('@/via/nope'),
      req('@/via/deep/own'),
      req('@/via/deep/other'),
      req('@/t/deep/other'),
      req('@/via/'),
      req('HEAD @/via/deep/b.txt'),
      req('@/w/mine'),
      req('@/w/theirs'),
      req('@/w/dirlink/b.txt'),
      req('@/w/'),
      req('@/n/x'),
      req('@/n/'),
      req('@/p/q/l'),
    ],
  },
];
