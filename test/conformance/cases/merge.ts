// §3 Merging across directory levels: auth settings inherited one by one, Require replaced unless
// AuthMerging says otherwise (not inherited itself), Options +/-, walk stopping at missing parts.

import { AUTH, file, htaccess, passwd, req } from '../dsl.js';
import type { Case } from '../types.js';

export const MERGE_CASES: Case[] = [
  {
    name: 'auth settings are inherited and overridden one by one',
    area: 'merge',
    tree: [
      htaccess('', AUTH, 'Require valid-user'),
      htaccess('realm', 'AuthName "Child"'),
      htaccess('users', 'AuthUserFile {CASE}/users/.htpasswd'),
      passwd('users/.htpasswd', [{ user: 'zed', password: 'zedpw', format: 'md5' }]),
      file('f.txt'),
      file('realm/f.txt'),
      file('users/f.txt'),
    ],
    requests: [
      req('@/f.txt', { expect: 401 }),
      req('@/realm/f.txt', { expect: 401, note: 'realm="Child"' }),
      req('@/realm/f.txt', { as: 'bob', expect: 200, note: 'still the parent user file' }),
      req('@/users/f.txt', { as: 'bob', expect: 401, note: 'parent users no longer accepted' }),
      req('@/users/f.txt', { as: 'zed:zedpw', expect: 200 }),
    ],
  },
  {
    name: 'Require replaced by default (AuthMerging Off)',
    area: 'merge',
    tree: [
      htaccess('', AUTH, 'Require group admins'),
      htaccess('open', 'Require all granted'),
      htaccess('wider', 'Require valid-user'),
      htaccess('inherit', 'Options -Indexes'),
      file('f.txt'),
      file('open/f.txt'),
      file('wider/f.txt'),
      file('inherit/f.txt'),
      file('inherit/deeper/f.txt'),
    ],
    requests: [
      req('@/f.txt', { as: 'sam', expect: 403 }),
      req('@/open/f.txt', { expect: 200 }),
      req('@/wider/f.txt', { as: 'sam', expect: 200 }),
      req('@/inherit/f.txt', { expect: 401 }),
      req('@/inherit/f.txt', { as: 'sam', expect: 403 }),
      req('@/inherit/deeper/f.txt', { as: 'bob', expect: 200 }),
    ],
  },
  {
    name: 'AuthMerging And / Or and its non-inheritance',
    area: 'merge',
    tree: [
      htaccess('', AUTH, 'Require group admins'),
      htaccess('and', 'AuthMerging And', 'Require user sam'),
      htaccess('and/grand', 'Require valid-user'),
      htaccess('and/norules', 'Options -Indexes'),
      htaccess('or', 'AuthMerging Or', 'Require ip 127.0.0.1'),
      htaccess('or-empty', 'AuthMerging Or'),
      htaccess('and-bob', 'AuthMerging And', 'Require user bob'),
      ...['and', 'and/grand', 'and/norules', 'or', 'or-empty', 'and-bob'].map((d) => file(`${d}/f.txt`)),
    ],
    requests: [
      req('@/and/f.txt', { expect: 401 }),
      req('@/and/f.txt', { as: 'bob', expect: 403 }),
      req('@/and/f.txt', { as: 'sam', expect: 403 }),
      req('@/and-bob/f.txt', { as: 'bob', expect: 200 }),
      req('@/and-bob/f.txt', { as: 'alice', expect: 403 }),
      req('@/and/grand/f.txt', { as: 'sam', expect: 200, note: 'AuthMerging is not inherited' }),
      req('@/and/norules/f.txt', { as: 'sam', expect: 403, note: 'no Require: inherits the merged rules' }),
      req('@/or/f.txt', { expect: 200 }),
      req('@/or/f.txt', { from: '127.0.0.2', expect: 401 }),
      req('@/or/f.txt', { from: '127.0.0.2', as: 'bob', expect: 200 }),
      req('@/or-empty/f.txt', { expect: 401 }),
    ],
  },
  {
    name: 'three levels: deny, grant, inherit',
    area: 'merge',
    tree: [htaccess('a', 'Require all denied'), htaccess('a/b', 'Require all granted'), file('a/f.txt'), file('a/b/f.txt'), file('a/b/c/f.txt'), file('a/x/f.txt')],
    requests: [req('@/a/f.txt', { expect: 403 }), req('@/a/b/f.txt', { expect: 200 }), req('@/a/b/c/f.txt', { expect: 200 }), req('@/a/x/f.txt', { expect: 403 })],
  },
  {
    name: 'walk stops at the first missing component',
    area: 'merge',
    tree: [htaccess('a/b', 'Require all denied'), file('a/f.txt'), file('a/b/f.txt')],
    requests: [req('@/a/b/missing/deeper', { expect: 403 }), req('@/a/missing/deeper', { expect: 404 }), req('@/a/f.txt/extra', { expect: 404 })],
  },
  {
    name: 'AuthType None in a child with inherited Require valid-user',
    area: 'merge',
    tree: [htaccess('', AUTH, 'Require valid-user'), htaccess('none', 'AuthType None'), htaccess('none-open', 'AuthType None', 'Require all granted'), file('none/f.txt'), file('none-open/f.txt')],
    requests: [req('@/none/f.txt', { expect: 500 }), req('@/none-open/f.txt', { expect: 200 })],
  },
  {
    name: 'Options merge across levels',
    area: 'merge',
    tree: [
      htaccess('', 'Options -Indexes'),
      htaccess('plus', 'Options +Indexes'),
      file('plus/deeper/a.txt'),
      file('plus/a.txt'),
      htaccess('reset', 'Options FollowSymLinks'),
      file('reset/a.txt'),
      htaccess('none-plus', 'Options None +Indexes'),
      file('none-plus/a.txt'),
      file('a.txt'),
    ],
    requests: [
      req('@/', { expect: 403 }),
      req('@/plus/', { expect: 200 }),
      req('@/plus/deeper/', { expect: 200, note: 'inherits +Indexes' }),
      req('@/reset/', { expect: 403, note: 'unsigned list replaces the set' }),
      req('@/none-plus/', { expect: 200 }),
    ],
  },
  {
    name: 'AuthzSendForbiddenOnFailure inherited independently of Require',
    area: 'merge',
    tree: [htaccess('', 'AuthzSendForbiddenOnFailure Off'), htaccess('child', AUTH, 'Require user bob'), file('child/f.txt')],
    requests: [req('@/child/f.txt', { as: 'sam', expect: 401 }), req('@/child/f.txt', { as: 'bob', expect: 200 })],
  },
];
