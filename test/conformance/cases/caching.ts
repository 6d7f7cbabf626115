// mod_expires and mod_deflate (with mod_filter's AddOutputFilterByType) in .htaccess, against an
// Apache with mod_expires, mod_filter and mod_deflate loaded for this area only (AREA_MODULES in
// ../apache.ts). Besides the usual fields, this area compares Cache-Control, Expires (relative to
// Date or Last-Modified), Vary, Content-Encoding, ETag and a digest of the (gunzipped) body.

import { dir, file, htaccess, req, type ReqOpts } from '../dsl.js';
import type { Case, Declared, RequestSpec } from '../types.js';

/** A text body worth compressing (about 2 KiB), with a marker. */
const text = (name: string): string =>
  `${name}-MARKER\n` + Array.from({ length: 60 }, (_, i) => `line ${i} of ${name}: the quick brown fox\n`).join('');
const page = (path: string, name: string): ReturnType<typeof file> => file(path, text(name));
const GZIP: [string, string][] = [['Accept-Encoding', 'gzip, deflate']];
const gz = (spec: string, extra: [string, string][] = [], opts: ReqOpts = {}): RequestSpec =>
  req(spec, { ...opts, headers: [...GZIP, ...extra] });
/** htserve's listings also come as JSON, so they say `Vary: Accept` (README, directory listings). */
const LISTING_VARY: Declared = { fields: ['vary'], reason: 'htserve listings vary on Accept too (JSON variant)' };
const gets = (...paths: string[]): RequestSpec[] => paths.map((p) => req(p));
const EXPIRES_ON = 'ExpiresActive On';
const SIZES = [17, 18, 19, 20, 40, 50, 60, 64, 67, 68, 69, 70, 80, 100, 128, 200, 256, 1000];

export const CACHING_CASES: Case[] = [
  {
    name: 'ExpiresDefault access plus one hour',
    area: 'caching',
    tree: [htaccess('', EXPIRES_ON, 'ExpiresDefault "access plus 1 hour"'), page('a.txt', 'A'), page('b.html', 'B')],
    requests: [...gets('@/a.txt', '@/b.html', '@/missing.txt'), req('HEAD @/a.txt')],
  },
  {
    name: 'ExpiresByType before ExpiresDefault',
    area: 'caching',
    tree: [
      htaccess(
        '',
        EXPIRES_ON,
        'ExpiresByType text/html "access plus 1 month 2 days"',
        'ExpiresByType TEXT/CSS "access plus 3 weeks 4 hours 5 minutes 6 seconds"',
        'ExpiresDefault "access plus 60 seconds"',
      ),
      page('a.html', 'A'),
      page('b.txt', 'B'),
      page('c.css', 'C'),
      page('d.unknownext', 'D'),
    ],
    requests: gets('@/a.html', '@/b.txt', '@/c.css', '@/d.unknownext'),
  },
  {
    name: 'Old A and M codes',
    area: 'caching',
    tree: [
      htaccess('', EXPIRES_ON, 'ExpiresByType text/css A3600', 'ExpiresByType text/html M0', 'ExpiresDefault M86400'),
      page('a.css', 'A'),
      page('b.html', 'B'),
      page('c.txt', 'C'),
    ],
    requests: gets('@/a.css', '@/b.html', '@/c.txt'),
  },
  {
    name: 'Modification plus ten years',
    area: 'caching',
    tree: [
      htaccess(
        '',
        EXPIRES_ON,
        'ExpiresDefault "modification plus 10 years"',
        'ExpiresByType text/html "now plus 0 seconds"',
      ),
      page('a.txt', 'A'),
      page('b.html', 'B'),
    ],
    requests: [...gets('@/a.txt', '@/b.html'), req('HEAD @/a.txt')],
  },
  {
    name: 'Abbreviated words',
    area: 'caching',
    tree: [
      htaccess('', EXPIRES_ON, 'ExpiresByType text/plain "a p 1 mo 2 mi 3 s"', 'ExpiresDefault "n 1 y 2 w 3 d 4 h"'),
      page('a.txt', 'A'),
      page('b.html', 'B'),
    ],
    requests: gets('@/a.txt', '@/b.html'),
  },
  {
    name: 'ExpiresActive Off or absent',
    area: 'caching',
    tree: [
      htaccess('off', 'ExpiresActive Off', 'ExpiresDefault A100'),
      htaccess('absent', 'ExpiresByType text/plain A100', 'ExpiresDefault A100'),
      htaccess('nothing', EXPIRES_ON),
      page('off/a.txt', 'A'),
      page('absent/b.txt', 'B'),
      page('nothing/c.txt', 'C'),
    ],
    requests: gets('@/off/a.txt', '@/absent/b.txt', '@/nothing/c.txt'),
  },
  {
    name: 'Expires settings merge across directories',
    area: 'caching',
    tree: [
      htaccess('', EXPIRES_ON, 'ExpiresDefault A100', 'ExpiresByType text/css A150'),
      htaccess('types', 'ExpiresByType text/plain A200'),
      htaccess('off', 'ExpiresActive Off'),
      htaccess('other', 'Options +Indexes'),
      htaccess('default', 'ExpiresDefault A300'),
      htaccess('off/on', EXPIRES_ON),
      page('types/a.txt', 'A'),
      page('types/b.html', 'B'),
      page('types/c.css', 'C'),
      page('off/d.txt', 'D'),
      page('off/on/e.txt', 'E'),
      page('other/f.css', 'F'),
      page('default/g.txt', 'G'),
      page('default/h.css', 'H'),
    ],
    requests: gets(
      '@/types/a.txt',
      '@/types/b.html',
      '@/types/c.css',
      '@/off/d.txt',
      '@/off/on/e.txt',
      '@/other/f.css',
      '@/default/g.txt',
      '@/default/h.css',
    ),
  },
  {
    name: 'Wildcard types still apply in a child directory',
    area: 'caching',
    tree: [
      htaccess('', EXPIRES_ON, 'ExpiresByType image/* A300', 'ExpiresByType image/gif A30', 'ExpiresDefault A5'),
      htaccess('child', 'Options +Indexes'),
      htaccess('own', 'ExpiresByType text/* A400'),
      file('a.png', 'PNG-MARKER'),
      file('b.gif', 'GIF-MARKER'),
      file('child/c.png', 'PNG2-MARKER'),
      file('own/d.png', 'PNG3-MARKER'),
      page('own/e.txt', 'E'),
    ],
    requests: gets('@/a.png', '@/b.gif', '@/child/c.png', '@/own/d.png', '@/own/e.txt'),
  },
  {
    name: 'Header rules run after mod_expires',
    area: 'caching',
    tree: [
      htaccess('', EXPIRES_ON, 'ExpiresDefault A600'),
      htaccess('set', 'Header set Cache-Control "public"'),
      htaccess('append', 'Header append Cache-Control "public"'),
      htaccess('merge', 'Header merge Cache-Control "no-transform"', 'Header merge Cache-Control "no-transform"'),
      htaccess('unset', 'Header unset Expires'),
      htaccess('edit', 'Header edit Cache-Control "max-age=(\\d+)" "max-age=$1, immutable"'),
      page('set/a.txt', 'A'),
      page('append/b.txt', 'B'),
      page('merge/c.txt', 'C'),
      page('unset/d.txt', 'D'),
      page('edit/e.txt', 'E'),
    ],
    requests: gets('@/set/a.txt', '@/append/b.txt', '@/merge/c.txt', '@/unset/d.txt', '@/edit/e.txt'),
  },
  {
    name: 'Expires on 304 206 and redirects',
    area: 'caching',
    tree: [
      htaccess(
        '',
        EXPIRES_ON,
        'ExpiresDefault A700',
        'Redirect {URL}/old {URL}/a.txt',
        '<Files deny.txt>',
        'Require all denied',
        '</Files>',
      ),
      page('a.txt', 'A'),
      page('deny.txt', 'DENY'),
      page('sub/b.txt', 'B'),
    ],
    requests: [
      req('@/a.txt', { headers: [['If-Modified-Since', 'Tue, 02 Jan 2024 03:04:05 GMT']] }),
      req('@/a.txt', { headers: [['If-None-Match', '"7f7-60dedc04dd340"']] }),
      req('@/a.txt', { headers: [['Range', 'bytes=0-9']] }),
      req('@/a.txt', { headers: [['Range', 'bytes=99999-']] }),
      ...gets('@/missing', '@/deny.txt', '@/old', '@/sub'),
      req('OPTIONS @/a.txt'),
    ],
  },
  {
    name: 'Expires syntax errors',
    area: 'caching',
    tree: [
      htaccess('word', 'ExpiresDefault "access plus 1 fortnight"'),
      htaccess('slash', 'ExpiresByType text "A1"'),
      htaccess('unquoted', 'ExpiresDefault access plus 1 day'),
      htaccess('flag', 'ExpiresActive maybe'),
      htaccess('base', 'ExpiresDefault "later plus 1 day"'),
      htaccess('num', 'ExpiresDefault "access plus one day"'),
      htaccess('missing', 'ExpiresDefault "access plus 1"'),
      htaccess('lower', EXPIRES_ON, 'ExpiresDefault a3600'),
      htaccess('nospace', EXPIRES_ON, 'ExpiresDefault "access plus 2days"'),
      ...['word', 'slash', 'unquoted', 'flag', 'base', 'num', 'missing', 'lower', 'nospace'].map((d) =>
        page(`${d}/a.txt`, d.toUpperCase()),
      ),
    ],
    requests: gets(
      ...['word', 'slash', 'unquoted', 'flag', 'base', 'num', 'missing', 'lower', 'nospace'].map((d) => `@/${d}/a.txt`),
    ),
  },
  {
    name: 'IfModule mod_expires and Files sections',
    area: 'caching',
    tree: [
      htaccess(
        '',
        '<IfModule mod_expires.c>',
        EXPIRES_ON,
        'ExpiresDefault A1000',
        '</IfModule>',
        '<Files "b.txt">',
        'ExpiresDefault A2000',
        '</Files>',
        '<FilesMatch "\\.css$">',
        'ExpiresByType text/css A3000',
        '</FilesMatch>',
      ),
      page('a.txt', 'A'),
      page('b.txt', 'B'),
      page('c.css', 'C'),
    ],
    requests: gets('@/a.txt', '@/b.txt', '@/c.css'),
  },
  {
    name: 'Expires by type with a charset and on a listing',
    area: 'caching',
    tree: [
      htaccess('', EXPIRES_ON, 'AddDefaultCharset UTF-8', 'ExpiresByType text/html A50', 'ExpiresDefault A10'),
      page('a.html', 'A'),
      page('sub/b.txt', 'B'),
    ],
    requests: [req('@/a.html'), req('@/sub/', { declared: LISTING_VARY })],
  },
  {
    name: 'AddOutputFilterByType DEFLATE',
    area: 'caching',
    tree: [
      htaccess('', 'AddOutputFilterByType DEFLATE text/plain text/html'),
      page('a.txt', 'A'),
      page('b.html', 'B'),
      page('c.css', 'C'),
    ],
    requests: [
      gz('@/a.txt'),
      req('@/a.txt'),
      gz('@/b.html'),
      gz('@/c.css'),
      req('@/c.css'),
      gz('HEAD @/a.txt'),
      gz('@/missing.txt'),
    ],
  },
  {
    name: 'Accept-Encoding forms',
    area: 'caching',
    tree: [htaccess('', 'AddOutputFilterByType DEFLATE text/plain'), page('a.txt', 'A')],
    requests: [
      'gzip',
      'GZIP',
      'gzip;q=0',
      'gzip; q=0.000',
      'gzip;q=0.5',
      'x-gzip',
      'deflate, br',
      'br, gzip',
      '*',
      'identity',
      '',
    ].map((ae) => req('@/a.txt', { headers: [['Accept-Encoding', ae]], note: `Accept-Encoding: ${ae}` })),
  },
  {
    name: 'SetOutputFilter DEFLATE with no-gzip for images',
    area: 'caching',
    tree: [
      htaccess(
        '',
        'SetOutputFilter DEFLATE',
        'SetEnvIfNoCase Request_URI \\.(?:gif|jpe?g|png)$ no-gzip dont-vary',
        'Header append Vary User-Agent env=!dont-vary',
      ),
      page('a.txt', 'A'),
      page('b.png', 'B'),
      page('c.unknownext', 'C'),
    ],
    requests: [gz('@/a.txt'), gz('@/b.png'), gz('@/c.unknownext'), req('@/b.png')],
  },
  {
    name: 'AddOutputFilter and RemoveOutputFilter',
    area: 'caching',
    tree: [
      htaccess('', 'AddOutputFilter DEFLATE txt css'),
      htaccess('sub', 'RemoveOutputFilter txt'),
      page('a.txt', 'A'),
      page('b.css', 'B'),
      page('sub/c.txt', 'C'),
      page('sub/d.css', 'D'),
    ],
    requests: [gz('@/a.txt'), gz('@/b.css'), gz('@/sub/c.txt'), gz('@/sub/d.css')],
  },
  {
    name: 'Deflate with ranges and conditionals',
    area: 'caching',
    tree: [htaccess('', 'AddOutputFilterByType DEFLATE text/plain'), page('a.txt', 'A')],
    requests: [
      gz('@/a.txt', [['Range', 'bytes=0-9']]),
      gz('@/a.txt', [['Range', 'bytes=5-']]),
      gz('@/a.txt', [['Range', 'bytes=0-1,5-6']]),
      gz('@/a.txt', [['Range', 'bytes=999999-']]),
      gz('@/a.txt', [['If-Modified-Since', 'Thu, 01 Jan 2037 00:00:00 GMT']]),
      gz('@/a.txt', [['If-None-Match', '*']]),
      gz('@/a.txt', [['If-None-Match', '"7f7-60dedc04dd340-gzip"']], {
        declared: {
          fields: ['status', 'content-type', 'content-length', 'marker', 'content-encoding', 'body'],
          reason:
            "htserve answers 304 to its own gzip ETag; Apache never matches the `-gzip` tag it sends, so a client's cached copy is sent again in full",
        },
      }),
      gz('@/a.txt', [['If-None-Match', '"7f7-60dedc04dd340"']]),
      req(
        '@/a.txt',
        [['If-None-Match', '"7f7-60dedc04dd340-gzip"']].length
          ? { headers: [['If-None-Match', '"7f7-60dedc04dd340-gzip"']] }
          : {},
      ),
      gz('@/a.txt', [['If-Modified-Since', 'Tue, 02 Jan 2024 03:04:05 GMT']]),
      gz('@/a.txt', [['Range', 'bytes=1000-']]),
      gz('@/a.txt', [
        ['Range', 'bytes=0-9'],
        ['If-Range', '"7f7-60dedc04dd340-gzip"'],
      ]),
      gz('@/a.txt', [
        ['Range', 'bytes=0-9'],
        ['If-Range', '"7f7-60dedc04dd340"'],
      ]),
    ],
  },
  {
    name: 'Deflate of small and empty files',
    area: 'caching',
    tree: [
      htaccess('', 'AddOutputFilterByType DEFLATE text/plain'),
      file('small.txt', 'S-MARKER\n'),
      file('empty.txt', ''),
      file('one.txt', 'x'),
      ...SIZES.map((n) => file(`n${n}.txt`, 'x'.repeat(n))),
    ],
    requests: [gz('@/small.txt'), gz('@/empty.txt'), gz('@/one.txt'), ...SIZES.map((n) => gz(`@/n${n}.txt`))],
  },
  {
    name: 'Deflate and expires together',
    area: 'caching',
    tree: [
      htaccess(
        '',
        '<IfModule mod_deflate.c>',
        'AddOutputFilterByType DEFLATE text/html text/css',
        '</IfModule>',
        '<IfModule mod_expires.c>',
        EXPIRES_ON,
        'ExpiresByType text/css "access plus 1 year"',
        'ExpiresDefault "access plus 2 days"',
        '</IfModule>',
        'Header append Cache-Control "public"',
      ),
      page('a.css', 'A'),
      page('b.html', 'B'),
      page('c.txt', 'C'),
    ],
    requests: [gz('@/a.css'), req('@/a.css'), gz('@/b.html'), gz('@/c.txt')],
  },
  {
    name: 'Deflate on a listing and an error page',
    area: 'caching',
    tree: [htaccess('', 'AddOutputFilterByType DEFLATE text/html'), dir('sub'), page('sub/a.txt', 'A')],
    requests: [
      gz('@/sub/', [], { declared: LISTING_VARY }),
      req('@/sub/', { declared: LISTING_VARY }),
      gz('@/nothing-here.html'),
    ],
  },
  {
    name: 'Deflate in a child directory only',
    area: 'caching',
    tree: [
      htaccess('z', 'AddOutputFilterByType DEFLATE text/plain'),
      htaccess('z/off', 'SetEnv no-gzip 1'),
      htaccess('z/env', 'SetEnvIf Request_URI "b\\.txt$" no-gzip'),
      page('a.txt', 'A'),
      page('z/a.txt', 'ZA'),
      page('z/off/a.txt', 'ZOA'),
      page('z/env/b.txt', 'ZEB'),
    ],
    requests: [gz('@/a.txt'), gz('@/z/a.txt'), gz('@/z/off/a.txt'), gz('@/z/env/b.txt')],
  },
  {
    name: 'Output filters merge across directories',
    area: 'caching',
    tree: [
      htaccess('', 'AddOutputFilterByType DEFLATE text/plain'),
      htaccess('css', 'AddOutputFilterByType DEFLATE text/css'),
      htaccess('set', 'SetOutputFilter DEFLATE'),
      htaccess('set/other', 'SetOutputFilter INCLUDES'),
      htaccess('set/none', 'Options +Indexes'),
      htaccess('types', 'ExpiresActive On', 'ExpiresByType text/plain A10', 'ExpiresByType text/css A20'),
      htaccess('types/child', 'ExpiresByType text/plain A30'),
      page('css/a.txt', 'A'),
      page('css/b.css', 'B'),
      page('set/c.css', 'C'),
      page('set/other/d.css', 'D'),
      page('set/other/e.txt', 'E'),
      page('set/none/f.css', 'F'),
      page('types/child/g.txt', 'G'),
      page('types/child/h.css', 'H'),
    ],
    requests: [
      gz('@/css/a.txt'),
      gz('@/css/b.css'),
      gz('@/set/c.css'),
      gz('@/set/other/d.css'),
      gz('@/set/other/e.txt'),
      gz('@/set/none/f.css'),
      gz('@/types/child/g.txt'),
      gz('@/types/child/h.css'),
    ],
  },
];
