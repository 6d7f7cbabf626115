// docs/apache-behaviour.md §1 Traversal and bad input: dot segments, encoded dots and slashes, NUL, double encoding,
// odd request targets. Raw targets go on the wire unchanged.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const INPUT_CASES: Case[] = [
  {
    name: 'traversal above the document root',
    area: 'input',
    tree: [file('f.txt')],
    requests: [
      req('@/../../etc/passwd', { expect: 400 }),
      req('/../etc/passwd', { expect: 400 }),
      req('@/%2e%2e/%2e%2e/etc/passwd', { expect: 400 }),
      req('/%2E%2E/%2E%2E/%2E%2E/etc/passwd', { expect: 400 }),
      req('@/..%2f..%2f..%2fetc/passwd', { expect: 404, note: 'encoded slash' }),
      req('@/..\\..\\..\\etc\\passwd', { expect: 404, note: 'backslashes are literal' }),
      req('@/%252e%252e/%252e%252e/etc/passwd', { expect: 404, note: 'double encoding stays literal' }),
      req('@/.%2e/.%2e/.%2e/etc/passwd', { expect: 400 }),
    ],
  },
  {
    name: 'normalisation inside the tree',
    area: 'input',
    tree: [file('f.txt'), file('sub/g.txt'), htaccess('prot', AUTH, 'Require valid-user'), file('prot/p.txt')],
    requests: [
      req('@/./f.txt', { expect: 200 }),
      req('@//f.txt', { expect: 200 }),
      req('@/sub/../f.txt', { expect: 200 }),
      req('@/sub/./../sub/g.txt', { expect: 200 }),
      req('@/%66.txt', { expect: 200, note: '%66 = f' }),
      req('@/f%2etxt', { expect: 200 }),
      req('@/prot/%2e%2e/f.txt', { expect: 200, note: 'resolves outside the realm' }),
      req('@/prot/../prot/p.txt', { expect: 401 }),
      req('@/sub/..', { expect: 200, note: 'normalises to the directory with its slash' }),
      req('@/f.txt?x=1&y=%2e%2e', { expect: 200 }),
    ],
  },
  {
    name: 'encoded slash, NUL and bad escapes',
    area: 'input',
    tree: [file('f.txt'), file('sub/g.txt')],
    requests: [
      req('@/sub%2Fg.txt', { expect: 404 }),
      req('@/sub%2fg.txt', { expect: 404 }),
      req('@/f.txt%00.html', { expect: 404 }),
      req('@/f%00', { expect: 404 }),
      req('@/%zz', { expect: 400 }),
      req('@/f.txt%', { expect: 400 }),
      req('@/f.txt%4', { expect: 400 }),
    ],
  },
  {
    name: 'names with spaces and non-ASCII',
    area: 'input',
    tree: [file('sp ace.txt'), file('ü.txt'), file('plus+sign.txt'), file('semi;colon.txt'), file('pct%41.txt')],
    requests: [
      req('@/sp%20ace.txt', { expect: 200 }),
      req('@/%C3%BC.txt', { expect: 200 }),
      req('@/%c3%bc.txt', { expect: 200 }),
      req('@/plus+sign.txt', { expect: 200 }),
      req('@/plus%2Bsign.txt', { expect: 200 }),
      req('@/semi;colon.txt', { expect: 200 }),
      req('@/pct%2541.txt', { expect: 200 }),
      req('@/pct%41.txt', { expect: 404, note: '%41 decodes to A' }),
    ],
  },
  {
    name: 'odd request targets',
    area: 'input',
    tree: [file('f.txt')],
    requests: [
      req('@/f.txt#frag', { expect: 400, note: 'a raw # is not allowed in the request target' }),
      req('http://127.0.0.1{@}/f.txt', { expect: 200, note: 'absolute-form target' }),
      req('GET f.txt', { expect: 400, note: 'no leading slash' }),
      req('@/f.txt', { version: '1.0', expect: 200 }),
      req('@/f.txt?', { expect: 200 }),
      req('@/%2e/f.txt', { expect: 200 }),
      req('@/f.txt/.', { expect: 404 }),
    ],
  },
];
