// docs/apache-behaviour.md §8 Legacy Order / Allow / Deny / Satisfy (mod_access_compat), alone and combined with Require,
// and docs/apache-behaviour.md §3.3 replacement (not merge) across directory levels.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

function gate(name: string, lines: string[], expects: Array<[from: string, status: number]>): Case {
  return {
    name,
    area: 'legacy',
    tree: [htaccess('', ...lines), file('f.txt')],
    requests: expects.map(([from, status]) => req('@/f.txt', { from, expect: status })),
  };
}

function satisfy(name: string, lines: string[], anon: number, bob: number, extra: Case['requests'] = []): Case {
  return {
    name: `Satisfy: ${name}`,
    area: 'legacy',
    tree: [htaccess('', AUTH, ...lines), file('f.txt')],
    requests: [req('@/f.txt', { expect: anon }), req('@/f.txt', { as: 'bob', expect: bob }), ...extra],
  };
}

export const LEGACY_CASES: Case[] = [
  gate('Order allow,deny alone', ['Order allow,deny'], [['127.0.0.1', 403]]),
  gate('Order deny,allow alone', ['Order deny,allow'], [['127.0.0.1', 200]]),
  gate(
    'allow,deny with Allow all and Deny all',
    ['Order allow,deny', 'Allow from all', 'Deny from all'],
    [['127.0.0.1', 403]],
  ),
  gate(
    'allow,deny: Deny wins',
    ['Order allow,deny', 'Allow from 127.0.0.1', 'Deny from 127.0.0.0/8'],
    [['127.0.0.1', 403]],
  ),
  gate(
    'deny,allow: Allow wins',
    ['Order deny,allow', 'Deny from 127.0.0.0/8', 'Allow from 127.0.0.1'],
    [
      ['127.0.0.1', 200],
      ['127.0.0.2', 403],
    ],
  ),
  gate(
    'mutual-failure',
    ['Order mutual-failure', 'Allow from 127.0.0.1', 'Deny from 10.0.0.1'],
    [
      ['127.0.0.1', 200],
      ['127.0.0.2', 403],
    ],
  ),
  gate(
    'mutual-failure with both matching',
    ['Order mutual-failure', 'Allow from 127.0.0.0/8', 'Deny from 127.0.0.2'],
    [
      ['127.0.0.1', 200],
      ['127.0.0.2', 403],
    ],
  ),
  gate('Allow from env=!FOO', ['Order allow,deny', 'Allow from env=!FOO'], [['127.0.0.1', 200]]),
  gate(
    'Allow from env= set by SetEnvIf',
    ['SetEnvIf Remote_Addr "\\.2$" GOOD', 'Order allow,deny', 'Allow from env=GOOD'],
    [
      ['127.0.0.1', 403],
      ['127.0.0.2', 200],
    ],
  ),
  gate('Deny from all without Order', ['Deny from all'], [['127.0.0.1', 403]]),
  gate('keywords are case-insensitive', ['ORDER Allow,Deny', 'allow FROM all'], [['127.0.0.1', 200]]),
  gate(
    'line order is irrelevant',
    ['Allow from 127.0.0.1', 'Deny from all', 'Order deny,allow'],
    [
      ['127.0.0.1', 200],
      ['127.0.0.2', 403],
    ],
  ),
  gate(
    'several addresses on one Allow line',
    ['Order allow,deny', 'Allow from 10.0.0.1 127.0.0.3 192.168.1.0/24'],
    [
      ['127.0.0.1', 403],
      ['127.0.0.3', 200],
    ],
  ),
  satisfy('Any + Require valid-user opens everything', ['Satisfy Any', 'Require valid-user'], 200, 200),
  satisfy('any (lower case) + Require all denied', ['Satisfy any', 'Require all denied'], 200, 200),
  satisfy('Order allow,deny + Any + valid-user', ['Order allow,deny', 'Satisfy Any', 'Require valid-user'], 401, 200),
  satisfy(
    'allow,deny + Allow 127.0.0.1 + Any + valid-user',
    ['Order allow,deny', 'Allow from 127.0.0.1', 'Satisfy Any', 'Require valid-user'],
    200,
    200,
    [req('@/f.txt', { from: '127.0.0.2', expect: 401 }), req('@/f.txt', { from: '127.0.0.2', as: 'bob', expect: 200 })],
  ),
  satisfy(
    'allow,deny + Allow 10.0.0.1 + Any + valid-user',
    ['Order allow,deny', 'Allow from 10.0.0.1', 'Satisfy Any', 'Require valid-user'],
    401,
    200,
  ),
  satisfy(
    'allow,deny + Allow 10.0.0.1 + All + valid-user',
    ['Order allow,deny', 'Allow from 10.0.0.1', 'Satisfy All', 'Require valid-user'],
    403,
    403,
  ),
  satisfy(
    'password OR ip (deny,allow + Deny all + Any)',
    ['Order deny,allow', 'Deny from all', 'Satisfy Any', 'Require valid-user'],
    401,
    200,
  ),
  satisfy(
    'deny,allow + Deny all + Any + all denied',
    ['Order deny,allow', 'Deny from all', 'Satisfy Any', 'Require all denied'],
    403,
    403,
  ),
  satisfy('Allow from all + valid-user (no Order, no Satisfy)', ['Allow from all', 'Require valid-user'], 401, 200),
  {
    name: 'parent Deny from all is not lifted by child Require all granted',
    area: 'legacy',
    tree: [
      htaccess('', 'Order deny,allow', 'Deny from all'),
      htaccess('child', 'Require all granted'),
      file('child/f.txt'),
    ],
    requests: [req('@/child/f.txt', { expect: 403 })],
  },
  {
    name: 'parent Require all denied is not lifted by child Allow from all',
    area: 'legacy',
    tree: [
      htaccess('', 'Require all denied'),
      htaccess('child', 'Order allow,deny', 'Allow from all'),
      file('child/f.txt'),
    ],
    requests: [req('@/child/f.txt', { expect: 403 })],
  },
  {
    name: 'child Allow replaces the parent legacy rules entirely',
    area: 'legacy',
    tree: [
      htaccess('', 'Order deny,allow', 'Deny from all'),
      htaccess('opened', 'Allow from 10.0.0.0/8'),
      htaccess('inherits', 'Options -Indexes'),
      file('f.txt'),
      file('opened/f.txt'),
      file('inherits/f.txt'),
    ],
    requests: [
      req('@/f.txt', { expect: 403 }),
      req('@/opened/f.txt', { expect: 200 }),
      req('@/inherits/f.txt', { expect: 403 }),
    ],
  },
  {
    name: 'child Order discards the parent Satisfy Any',
    area: 'legacy',
    tree: [
      htaccess('', AUTH, 'Require valid-user', 'Satisfy Any'),
      htaccess('child', 'Order deny,allow'),
      file('f.txt'),
      file('child/f.txt'),
    ],
    requests: [
      req('@/f.txt', { expect: 200 }),
      req('@/child/f.txt', { expect: 401 }),
      req('@/child/f.txt', { as: 'bob', expect: 200 }),
    ],
  },
];
