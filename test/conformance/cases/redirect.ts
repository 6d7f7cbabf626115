// mod_alias in .htaccess: Redirect / RedirectMatch / RedirectPermanent / RedirectTemp — prefix
// matching by path segment, query strings, status keywords, ordering against access control and
// ErrorDocument.

import { AUTH, errorPages, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const REDIRECT_CASES: Case[] = [
  {
    name: 'Redirect prefix matching and query strings',
    area: 'redirect',
    tree: [
      htaccess(
        '',
        'Redirect 301 {URL}/one {URL}/two',
        'Redirect {URL}/temp http://example.com/elsewhere',
        'RedirectPermanent {URL}/perm {URL}/target/',
        'RedirectTemp {URL}/tmp2 {URL}/target/',
      ),
      file('one/x.txt'),
      file('onemore/x.txt'),
      file('two/x.txt'),
    ],
    requests: [
      req('@/one', { expect: 301 }),
      req('@/one/x.txt', { expect: 301, note: 'the rest of the path is appended' }),
      req('@/one/x.txt?a=1', { expect: 301, note: 'query string kept' }),
      req('@/onemore/x.txt', { expect: 200, note: 'prefix matches whole segments only' }),
      req('@/temp/page', { expect: 302 }),
      req('@/perm', { expect: 301 }),
      req('@/tmp2/a?b=c', { expect: 302 }),
      req('HEAD @/one/x.txt', { expect: 301 }),
    ],
  },
  {
    name: 'RedirectMatch with back-references',
    area: 'redirect',
    tree: [
      htaccess(
        '',
        'RedirectMatch 301 ^(.*)\\.htm$ $1.html',
        'RedirectMatch seeother "/old/(\\w+)$" "http://example.com/new/$1"',
      ),
      file('page.html'),
      file('old/x'),
    ],
    requests: [
      req('@/page.htm', { expect: 301 }),
      req('@/page.htm?q=1', { expect: 301 }),
      req('@/old/thing', { expect: 303 }),
      req('@/page.html', { expect: 200 }),
    ],
  },
  {
    name: 'Redirect statuses without a target',
    area: 'redirect',
    tree: [
      htaccess(
        '',
        'Redirect gone {URL}/gone',
        'Redirect 404 {URL}/hidden',
        'RedirectMatch 403 "\\.bak$"',
        'Redirect 410 {URL}/g410',
      ),
      file('hidden/a.txt'),
      file('x.bak'),
    ],
    requests: [
      req('@/gone', { expect: 410 }),
      req('@/hidden/a.txt', { expect: 404 }),
      req('@/x.bak', { expect: 403 }),
      req('@/g410/deeper', { expect: 410 }),
    ],
  },
  {
    name: 'Redirect runs after access control',
    area: 'redirect',
    tree: [
      htaccess('', AUTH, 'Require valid-user', 'Redirect 301 {URL}/moved {URL}/target'),
      htaccess('den', 'Require all denied', 'Redirect 301 {URL}/den/x {URL}/target'),
      file('target'),
    ],
    requests: [
      req('@/moved', { expect: 401 }),
      req('@/moved', { as: 'bob', expect: 301 }),
      req('@/den/x', { expect: 403 }),
    ],
  },
  {
    name: 'Redirect 404 uses the ErrorDocument',
    area: 'redirect',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/errors/404.html', 'RedirectMatch 404 /\\.git'),
      ...errorPages('errors', [404]),
      file('.git/config'),
    ],
    requests: [req('@/.git/config', { expect: 404 }), req('@/nothing', { expect: 404 })],
  },
  {
    name: 'Redirect in a child directory and inheritance',
    area: 'redirect',
    tree: [
      htaccess('', 'Redirect 301 {URL}/a/old {URL}/new'),
      htaccess('a', 'Options -Indexes'),
      file('a/x.txt'),
      htaccess('b', 'Redirect 302 {URL}/b/old {URL}/new'),
      file('b/x.txt'),
    ],
    requests: [req('@/a/old', { expect: 301 }), req('@/a/x.txt', { expect: 200 }), req('@/b/old', { expect: 302 })],
  },
  {
    name: 'Redirect syntax errors',
    area: 'redirect',
    tree: [
      htaccess('relative', 'Redirect 301 {URL}/x relative/target'),
      htaccess('extra', 'Redirect 410 {URL}/x http://example.com/'),
      htaccess('badre', 'RedirectMatch 301 "([" /x'),
      file('relative/f.txt'),
      file('extra/f.txt'),
      file('badre/f.txt'),
    ],
    requests: [
      req('@/relative/f.txt', { expect: 500 }),
      req('@/extra/f.txt', { expect: 500 }),
      req('@/badre/f.txt', { expect: 500 }),
    ],
  },
];
