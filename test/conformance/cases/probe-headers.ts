// Adversarial request headers a prober sends: repeated or odd Host headers, HTTP/1.0 with a Host,
// conditionals and ranges on protected, denied and missing URLs, Expect and bodies.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE_HEADERS_CASES: Case[] = [
  {
    name: 'Host header oddities',
    area: 'input',
    tree: [file('f.txt'), htaccess('prot', AUTH, 'Require valid-user'), file('prot/f.txt')],
    requests: [
      req('@/f.txt', { headers: [['Host', 'other.example']], note: 'second Host header' }),
      req('@/f.txt', { version: '1.0', headers: [['Host', 'bad host']] }),
      req('@/f.txt', { version: '1.0', headers: [['Host', 'a/b']] }),
      req('@/f.txt', { version: '1.0', headers: [['Host', '127.0.0.1:notaport']] }),
      req('@/f.txt', { version: '1.0', headers: [['Host', '']] }),
      req('@/f.txt', { version: '1.0', headers: [['Host', '[::1]']] }),
      req('@/prot/f.txt', { version: '1.0', headers: [['Host', 'bad host']] }),
      req('http://other.example{@}/f.txt'),
      req('https://127.0.0.1{@}/f.txt'),
      req('ftp://127.0.0.1{@}/f.txt'),
      req('HTTP://127.0.0.1{@}/f.txt'),
      req('//127.0.0.1{@}/f.txt'),
    ],
  },
  {
    name: 'conditionals and ranges on errors',
    area: 'methods',
    tree: [
      htaccess('prot', AUTH, 'Require valid-user'),
      file('prot/f.txt'),
      htaccess('den', 'Require all denied'),
      file('den/f.txt'),
      htaccess('gone', 'Redirect gone {URL}/gone/f.txt', 'Redirect 301 {URL}/gone/r.txt {URL}/x'),
      file('gone/f.txt'),
      file('gone/r.txt'),
    ],
    requests: [
      req('@/prot/f.txt', { headers: [['If-None-Match', '*']] }),
      req('@/prot/f.txt', { headers: [['Range', 'bytes=0-3']] }),
      req('@/prot/f.txt', { as: 'bob', headers: [['Range', 'bytes=0-3']] }),
      req('@/prot/f.txt', { as: 'bob', headers: [['If-Match', '"nope"']] }),
      req('@/den/f.txt', { headers: [['Range', 'bytes=0-3']] }),
      req('@/den/f.txt', { headers: [['If-Modified-Since', 'Tue, 02 Jan 2030 03:04:05 GMT']] }),
      req('@/missing', { headers: [['Range', 'bytes=0-3']] }),
      req('@/gone/f.txt', { headers: [['Range', 'bytes=0-3']] }),
      req('@/gone/f.txt', { headers: [['If-None-Match', '*']] }),
      req('@/gone/r.txt', { headers: [['If-None-Match', '*']] }),
      req('@/gone/r.txt', { headers: [['Range', 'bytes=0-3']] }),
      req('@/gone/', {
        headers: [['Range', 'bytes=0-3']],
        declared: {
          fields: ['content-range'],
          reason:
            "listings show each entry's size and date after Apache's link, so the listing (and the total in Content-Range) is longer",
        },
      }),
      req('@/gone', { headers: [['If-None-Match', '*']] }),
    ],
  },
];
