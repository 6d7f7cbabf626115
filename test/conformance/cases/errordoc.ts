// docs/apache-behaviour.md §12 ErrorDocument: argument classification (text / local / external), status kept, 401 rules,
// access checks on the error document, failures, inheritance and `default`.

import { AUTH, errorPages, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const ERRORDOC_CASES: Case[] = [
  {
    name: 'local error document keeps the original status',
    area: 'errordoc',
    tree: [htaccess('', 'ErrorDocument 404 {URL}/errors/404.html'), ...errorPages('errors', [404]), file('f.txt')],
    requests: [
      req('@/missing.txt', { expect: 404 }),
      req('HEAD @/missing.txt', { expect: 404 }),
      req('@/missing/deeper/x.txt', { expect: 404 }),
      req('@/f.txt/extra', { expect: 404, note: 'path-info on a file' }),
    ],
  },
  {
    name: 'quoted local path and a text/plain error document',
    area: 'errordoc',
    tree: [htaccess('', 'ErrorDocument 404 "{URL}/errors/nf.txt"'), file('errors/nf.txt', 'not found TXTDOC-MARKER\n')],
    requests: [req('@/missing', { expect: 404 })],
  },
  {
    name: 'text messages',
    area: 'errordoc',
    tree: [
      htaccess('spaced', 'ErrorDocument 404 "Sorry TXT-404-MARKER not here"'),
      htaccess('word', 'ErrorDocument 404 WORD-MARKER'),
      htaccess('relative', 'ErrorDocument 404 REL-MARKER.html'),
      htaccess('notpath', 'ErrorDocument 404 "/not a path NOTPATH-MARKER"'),
      htaccess('unterminated', 'ErrorDocument 404 "Oops OOPS-MARKER'),
      htaccess('forbidden', 'Require all denied', 'ErrorDocument 403 "Go away DENY-MARKER"'),
      ...['spaced', 'word', 'relative', 'notpath', 'unterminated', 'forbidden'].map((d) => file(`${d}/f.txt`)),
    ],
    requests: [
      req('@/spaced/missing', { expect: 404 }),
      req('@/word/missing', { expect: 404 }),
      req('@/relative/missing', { expect: 404, note: 'a relative name is text, not a path' }),
      req('@/notpath/missing', { expect: 404 }),
      req('@/unterminated/missing', { expect: 404 }),
      req('@/forbidden/f.txt', { expect: 403 }),
    ],
  },
  {
    name: 'text message with %{REQUEST_URI}',
    area: 'errordoc',
    tree: [htaccess('', 'ErrorDocument 404 "Missing: %{REQUEST_URI} PCT-MARKER"'), file('f.txt')],
    requests: [
      req('@/no%3Cpe%3E', { expect: 404, probe: 'no<pe>', note: 'Apache reflects <pe> unescaped' }),
      req('@/URI-MARKER', { expect: 404, note: 'the marker only appears if %{REQUEST_URI} is expanded' }),
    ],
    declared: {
      fields: ['probe'],
      reason:
        'htserve HTML-escapes what %{...} expands to in ErrorDocument text (Apache inserts it raw: reflected markup)',
    },
  },
  {
    name: 'external URL redirects with 302',
    area: 'errordoc',
    tree: [
      htaccess(
        '',
        'ErrorDocument 404 http://example.com/notfound?from=x',
        'ErrorDocument 403 https://example.org/forbidden',
      ),
      file('f.txt'),
      htaccess('den', 'Require all denied'),
      file('den/f.txt'),
    ],
    requests: [req('@/missing', { expect: 302 }), req('@/den/f.txt', { expect: 302 })],
  },
  {
    name: 'external URL for 401 is ignored',
    area: 'errordoc',
    tree: [htaccess('', AUTH, 'Require valid-user', 'ErrorDocument 401 http://example.com/login'), file('f.txt')],
    requests: [req('@/f.txt', { expect: 401 }), req('@/f.txt', { as: 'bob', expect: 200 })],
  },
  {
    name: '401 document inside the protected folder',
    area: 'errordoc',
    tree: [
      htaccess('prot', AUTH, 'Require valid-user', 'ErrorDocument 401 {URL}/prot/401.html'),
      ...errorPages('prot', [401]),
      file('prot/f.txt'),
    ],
    requests: [
      req('@/prot/f.txt', { expect: 401 }),
      req('@/prot/f.txt', { as: 'bob:wrong', expect: 401 }),
      req('@/prot/f.txt', { as: 'bob', expect: 200 }),
    ],
  },
  {
    name: '401 document outside the protected folder',
    area: 'errordoc',
    tree: [
      htaccess('prot', AUTH, 'Require valid-user', 'ErrorDocument 401 {URL}/errors/401.html'),
      ...errorPages('errors', [401]),
      file('prot/f.txt'),
    ],
    requests: [req('@/prot/f.txt', { expect: 401 }), req('HEAD @/prot/f.txt', { expect: 401 })],
  },
  {
    name: '403 document inside the denied folder',
    area: 'errordoc',
    tree: [
      htaccess('den', 'Require all denied', 'ErrorDocument 403 {URL}/den/403.html'),
      ...errorPages('den', [403]),
      file('den/f.txt'),
    ],
    requests: [
      req('@/den/f.txt', { expect: 403 }),
      req('@/den/', { expect: 403 }),
      req('@/den/missing', { expect: 403 }),
    ],
  },
  {
    name: '403 from Files with the error page not matching that Files',
    area: 'errordoc',
    tree: [
      htaccess('', '<Files x.txt>', 'Require all denied', '</Files>', 'ErrorDocument 403 {URL}/403.html'),
      ...errorPages('', [403]),
      file('x.txt'),
    ],
    requests: [req('@/x.txt', { expect: 403 })],
  },
  {
    name: '403 document for Options -Indexes',
    area: 'errordoc',
    tree: [
      htaccess('', 'Options -Indexes', 'ErrorDocument 403 {URL}/errors/403.html'),
      ...errorPages('errors', [403]),
      file('lst/a.txt'),
    ],
    requests: [req('@/lst/', { expect: 403 })],
  },
  {
    name: 'error document inside a protected folder (404)',
    area: 'errordoc',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/prot/404.html'),
      htaccess('prot', AUTH, 'Require valid-user'),
      ...errorPages('prot', [404]),
      file('f.txt'),
    ],
    requests: [req('@/missing', { expect: 404 }), req('@/missing', { as: 'bob', expect: 404 })],
    declared: {
      fields: ['www-authenticate'],
      reason: 'an error document from a protected folder never adds WWW-Authenticate to a non-401 (Apache leaks it)',
    },
  },
  {
    name: 'error document inside a denied folder',
    area: 'errordoc',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/den/404.html'),
      htaccess('den', 'Require all denied'),
      ...errorPages('den', [404]),
      file('f.txt'),
    ],
    requests: [req('@/missing', { expect: 404 })],
  },
  {
    name: 'missing error document falls back to the built-in page',
    area: 'errordoc',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/errors/nope.html', 'ErrorDocument 403 //example.com/x'),
      file('f.txt'),
      htaccess('den', 'Require all denied'),
      file('den/f.txt'),
    ],
    requests: [
      req('@/missing', { expect: 404 }),
      req('@/den/f.txt', { expect: 403, note: '//host/path is a local path' }),
    ],
  },
  {
    name: 'inheritance and ErrorDocument default',
    area: 'errordoc',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/errors/404.html', 'ErrorDocument 403 {URL}/errors/403.html'),
      ...errorPages('errors', [403, 404]),
      htaccess('child', 'ErrorDocument 404 default', '<Files den.txt>', 'Require all denied', '</Files>'),
      htaccess(
        'other',
        'ErrorDocument 403 "child text CHILD403-MARKER"',
        '<Files den.txt>',
        'Require all denied',
        '</Files>',
      ),
      file('child/den.txt'),
      file('other/den.txt'),
      file('inherit/f.txt'),
    ],
    requests: [
      req('@/inherit/missing', { expect: 404, note: 'inherited 404 document' }),
      req('@/child/missing', { expect: 404, note: 'default restores the built-in page' }),
      req('@/child/den.txt', { expect: 403, note: '403 still inherited' }),
      req('@/other/den.txt', { expect: 403 }),
      req('@/other/missing', { expect: 404 }),
    ],
  },
  {
    name: 'ErrorDocument 500 for a broken child .htaccess',
    area: 'errordoc',
    tree: [
      htaccess('', 'ErrorDocument 500 {URL}/errors/500.html'),
      ...errorPages('errors', [500]),
      htaccess('broken', 'Bogus directive'),
      file('broken/f.txt'),
    ],
    requests: [req('@/broken/f.txt', { expect: 500 })],
  },
  {
    name: 'POST to a missing URL with a local error document',
    area: 'errordoc',
    tree: [htaccess('', 'ErrorDocument 404 {URL}/errors/404.html'), ...errorPages('errors', [404])],
    requests: [req('POST @/missing', { expect: 404 })],
  },
  {
    name: 'error document ignores conditional headers',
    area: 'errordoc',
    tree: [htaccess('', 'ErrorDocument 404 {URL}/errors/404.html'), ...errorPages('errors', [404])],
    requests: [
      req('@/missing', { headers: [['If-None-Match', '*']], expect: 404 }),
      req('@/missing', { headers: [['If-Modified-Since', 'Tue, 02 Jan 2024 03:04:05 GMT']], expect: 404 }),
    ],
  },
  {
    name: 'unreadable error document and a directory as error document',
    area: 'errordoc',
    tree: [
      htaccess(
        '',
        'ErrorDocument 404 {URL}/errors/',
        'ErrorDocument 403 {URL}/errors/403.html',
        '<Files den.txt>',
        'Require all denied',
        '</Files>',
      ),
      file('errors/index.html', '<p>ERRDIR-MARKER</p>\n'),
      { kind: 'file', path: 'errors/403.html', content: 'ED-403-MARKER\n', mode: 0o600 },
      file('den.txt'),
    ],
    requests: [req('@/missing', { expect: 404 }), req('@/den.txt', { expect: 403 })],
  },
  {
    name: 'ErrorDocument 401 as text',
    area: 'errordoc',
    tree: [htaccess('', AUTH, 'Require valid-user', 'ErrorDocument 401 "Please log in TXT401-MARKER"'), file('f.txt')],
    requests: [
      req('@/f.txt', { expect: 401 }),
      req('@/f.txt', { as: 'bob:wrong', expect: 401 }),
      req('HEAD @/f.txt', { expect: 401 }),
    ],
  },
];
