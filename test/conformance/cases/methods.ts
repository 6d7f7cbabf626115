// docs/apache-behaviour.md §13/§14 Methods, content types, conditional requests and ranges on static files.
// Fixture files carry a fixed mtime (fixture.ts), so Last-Modified is predictable.

import { FIXTURE_LAST_MODIFIED } from '../fixture.js';
import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'; // 36 bytes, as in docs/apache-behaviour.md §14

export const METHODS_CASES: Case[] = [
  {
    name: 'methods on a file',
    area: 'methods',
    tree: [file('f.txt'), file('dir/a.txt')],
    requests: [
      req('GET @/f.txt', { expect: 200 }),
      req('HEAD @/f.txt', { expect: 200 }),
      req('POST @/f.txt', { expect: 200 }),
      req('PUT @/f.txt', { expect: 405 }),
      req('DELETE @/f.txt', { expect: 405 }),
      req('PATCH @/f.txt', { expect: 405 }),
      req('FOO @/f.txt', { expect: 501 }),
      req('OPTIONS @/f.txt', { expect: 200 }),
      req('OPTIONS @/dir/', { expect: 200 }),
      req('OPTIONS @/nonexistent', { expect: 200 }),
      req('OPTIONS *', { expect: 200 }),
    ],
  },
  {
    name: 'methods on a protected file',
    area: 'methods',
    tree: [htaccess('', AUTH, 'Require valid-user'), file('f.txt')],
    requests: [
      req('OPTIONS @/f.txt', { expect: 401 }),
      req('POST @/f.txt', { expect: 401 }),
      req('PUT @/f.txt', { expect: 401 }),
      req('HEAD @/f.txt', { expect: 401 }),
      req('POST @/f.txt', { as: 'bob', expect: 200 }),
      req('GET @/f.txt', { as: 'bob', headers: [['If-None-Match', '*']], expect: 304 }),
      req('GET @/f.txt', { headers: [['If-None-Match', '*']], expect: 401 }),
    ],
  },
  {
    name: 'content types',
    area: 'methods',
    tree: [
      file('page.html'),
      file('style.css'),
      file('data.json'),
      file('pic.png'),
      file('noext'),
      file('x.zzzz'),
      file('doc.pdf'),
      file('script.js'),
      file('UPPER.TXT'),
      htaccess('custom', 'AddType text/x-custom .cust', 'AddType application/x-thing .TXT'),
      file('custom/a.cust'),
      file('custom/b.txt'),
      htaccess('forced', 'ForceType text/plain'),
      file('forced/page.html'),
      htaccess('charset', 'AddDefaultCharset UTF-8'),
      file('charset/a.txt'),
    ],
    requests: [
      req('@/page.html', { expect: 200 }),
      req('@/style.css', { expect: 200 }),
      req('@/data.json', { expect: 200 }),
      req('@/pic.png', { expect: 200 }),
      req('@/noext', { expect: 200, note: 'no Content-Type at all' }),
      req('@/x.zzzz', { expect: 200 }),
      req('@/doc.pdf', { expect: 200 }),
      req('@/script.js', { expect: 200 }),
      req('@/UPPER.TXT', { expect: 200, note: 'extensions match case-insensitively' }),
      req('@/custom/a.cust', { expect: 200 }),
      req('@/custom/b.txt', { expect: 200 }),
      req('@/forced/page.html', { expect: 200 }),
      req('@/charset/a.txt', { expect: 200 }),
    ],
  },
  {
    name: 'conditional requests',
    area: 'methods',
    tree: [file('f.txt', ALPHABET)],
    requests: [
      req('@/f.txt', { headers: [['If-None-Match', '*']], expect: 304 }),
      req('@/f.txt', { headers: [['If-Modified-Since', FIXTURE_LAST_MODIFIED]], expect: 304 }),
      req('@/f.txt', {
        headers: [['If-Modified-Since', 'Tuesday, 02-Jan-24 03:04:05 GMT']],
        expect: 304,
        note: 'RFC 850 date',
      }),
      req('@/f.txt', {
        headers: [['If-Modified-Since', 'Tue Jan  2 03:04:05 2024']],
        expect: 304,
        note: 'asctime date',
      }),
      req('@/f.txt', { headers: [['If-Modified-Since', 'Mon, 01 Jan 2024 00:00:00 GMT']], expect: 200 }),
      req('@/f.txt', { headers: [['If-Modified-Since', 'not a date']], expect: 200 }),
      req('@/f.txt', {
        headers: [
          ['If-None-Match', '"other"'],
          ['If-Modified-Since', FIXTURE_LAST_MODIFIED],
        ],
        expect: 200,
      }),
      req('@/f.txt', { headers: [['If-Match', '"other"']], expect: 412 }),
      req('@/f.txt', { headers: [['If-Match', '*']], expect: 200 }),
      req('@/missing.txt', { headers: [['If-Match', '*']], expect: 404 }),
      req('@/f.txt', { headers: [['If-Unmodified-Since', 'Mon, 01 Jan 2024 00:00:00 GMT']], expect: 412 }),
      req('@/f.txt', { headers: [['If-Unmodified-Since', 'garbage']], expect: 200 }),
      req('@/f.txt', { headers: [['If-Unmodified-Since', FIXTURE_LAST_MODIFIED]], expect: 200 }),
      req('HEAD @/f.txt', { headers: [['If-None-Match', '*']], expect: 304 }),
    ],
  },
  {
    name: 'ranges',
    area: 'methods',
    tree: [file('f.txt', ALPHABET)],
    requests: [
      req('@/f.txt', { headers: [['Range', 'bytes=0-4']], expect: 206 }),
      req('@/f.txt', { headers: [['Range', 'bytes=-5']], expect: 206 }),
      req('@/f.txt', {
        headers: [['Range', 'bytes=-100']],
        expect: 206,
        note: 'a suffix longer than the file: all of it',
      }),
      req('@/f.txt', { headers: [['Range', 'bytes=30-']], expect: 206 }),
      req('@/f.txt', { headers: [['Range', 'bytes=30-100']], expect: 206 }),
      req('@/f.txt', { headers: [['Range', 'bytes=100-200']], expect: 416 }),
      req('@/f.txt', { headers: [['Range', 'bytes=36-']], expect: 416 }),
      req('@/f.txt', { headers: [['Range', 'bytes=5-2']], expect: 200 }),
      req('@/f.txt', { headers: [['Range', 'bytes=abc']], expect: 200 }),
      req('@/f.txt', { headers: [['Range', 'items=0-5']], expect: 200 }),
      req('@/f.txt', { headers: [['Range', 'bytes=0-1,5-6']], expect: 206 }),
      req('@/f.txt', { headers: [['Range', 'bytes=0-5,3-8']], expect: 206 }),
      req('@/f.txt', {
        headers: [
          ['Range', 'bytes=0-4'],
          ['If-Range', FIXTURE_LAST_MODIFIED],
        ],
        expect: 206,
      }),
      req('@/f.txt', {
        headers: [
          ['Range', 'bytes=0-4'],
          ['If-Range', 'Mon, 01 Jan 2024 00:00:00 GMT'],
        ],
        expect: 200,
      }),
      req('@/f.txt', {
        headers: [
          ['Range', 'bytes=0-4'],
          ['If-Range', '"stale"'],
        ],
        expect: 200,
      }),
      req('HEAD @/f.txt', { headers: [['Range', 'bytes=0-4']], expect: 206 }),
    ],
  },
];
