// docs/apache-behaviour.md §6 Authorization with Require: the docs/apache-behaviour.md §6.5 matrix
// (with AuthzSendForbiddenOnFailure On, so an authenticated user who fails a user/group requirement
// gets 403), containers, group files, <Limit>/<LimitExcept>, Require env/local/method.

import { AUTH, MATRIX_USERS, asUsers, file, htaccess, passwd, req } from '../dsl.js';
import type { Case } from '../types.js';

/** One row of the docs/apache-behaviour.md §6.5 matrix: a Require block and the statuses for anon / bob / sam / bad pw. */
function row(name: string, lines: string[], expects: [number, number, number, number]): Case {
  return {
    name: `matrix: ${name}`,
    area: 'authz',
    tree: [htaccess('', AUTH, ...lines), file('f.txt')],
    requests: asUsers('@/f.txt', MATRIX_USERS, expects),
  };
}

export const AUTHZ_CASES: Case[] = [
  row('Require valid-user', ['Require valid-user'], [401, 200, 200, 401]),
  row('Require user bob', ['Require user bob'], [401, 200, 403, 401]),
  row('Require group admins', ['Require group admins'], [401, 200, 403, 401]),
  row('Require user Bob (case)', ['Require user Bob'], [401, 403, 403, 401]),
  row('ip 10.0.0.1 or valid-user', ['Require ip 10.0.0.1', 'Require valid-user'], [401, 200, 200, 401]),
  row('ip 127.0.0.1 or valid-user', ['Require ip 127.0.0.1', 'Require valid-user'], [200, 200, 200, 200]),
  row('all denied or valid-user', ['Require all denied', 'Require valid-user'], [401, 200, 200, 401]),
  row('all granted or valid-user', ['Require all granted', 'Require valid-user'], [200, 200, 200, 200]),
  row(
    'RequireAll ip 10.0.0.1 + valid-user',
    ['<RequireAll>', 'Require ip 10.0.0.1', 'Require valid-user', '</RequireAll>'],
    [403, 403, 403, 403],
  ),
  row(
    'RequireAll ip 127.0.0.1 + valid-user',
    ['<RequireAll>', 'Require ip 127.0.0.1', 'Require valid-user', '</RequireAll>'],
    [401, 200, 200, 401],
  ),
  row(
    'RequireAll not ip 127.0.0.1 + valid-user',
    ['<RequireAll>', 'Require not ip 127.0.0.1', 'Require valid-user', '</RequireAll>'],
    [403, 403, 403, 403],
  ),
  row(
    'RequireAll valid-user + not user sam',
    ['<RequireAll>', 'Require valid-user', 'Require not user sam', '</RequireAll>'],
    [401, 200, 403, 401],
  ),
  row(
    'RequireAll valid-user + not group admins',
    ['<RequireAll>', 'Require valid-user', 'Require not group admins', '</RequireAll>'],
    [401, 403, 200, 401],
  ),
  row(
    'RequireAll all granted + not user sam',
    ['<RequireAll>', 'Require all granted', 'Require not user sam', '</RequireAll>'],
    [200, 200, 200, 200],
  ),
  row(
    'RequireAll all granted + RequireNone(ip, user sam)',
    [
      '<RequireAll>',
      'Require all granted',
      '<RequireNone>',
      'Require ip 10.0.0.1',
      'Require user sam',
      '</RequireNone>',
      '</RequireAll>',
    ],
    [200, 200, 200, 200],
  ),
  row('Require all denied', ['Require all denied'], [403, 403, 403, 403]),
  row('Require method POST (GET request)', ['Require method POST'], [403, 403, 403, 403]),
  row(
    'AuthzSendForbiddenOnFailure Off + Require user bob',
    ['AuthzSendForbiddenOnFailure Off', 'Require user bob'],
    [401, 200, 401, 401],
  ),
  {
    name: 'group file details',
    area: 'authz',
    tree: [
      htaccess('ci', AUTH, 'Require group Admins'),
      htaccess('multi', AUTH, 'Require group multi'),
      htaccess('comma', AUTH, 'Require group comma'),
      htaccess('spaced', AUTH, 'Require group spaced'),
      htaccess('staff', AUTH, 'Require group staff'),
      htaccess('list', AUTH, 'Require group nosuch staff'),
      ...['ci', 'multi', 'comma', 'spaced', 'staff', 'list'].map((d) => file(`${d}/f.txt`)),
    ],
    requests: [
      req('@/ci/f.txt', { as: 'bob', expect: 200, note: 'group names match case-insensitively' }),
      req('@/multi/f.txt', { as: 'eve', expect: 200, note: 'group spread over several lines' }),
      req('@/multi/f.txt', { as: 'fay', expect: 200 }),
      req('@/comma/f.txt', { as: 'carl', expect: 403, note: 'commas do not separate members' }),
      req('@/spaced/f.txt', { as: 'dan', expect: 200, note: '"spaced : dan" trims the group name' }),
      req('@/staff/f.txt', { as: 'carl', expect: 200, note: 'members separated by two spaces' }),
      req('@/staff/f.txt', { as: 'sam', expect: 200 }),
      req('@/staff/f.txt', { as: 'alice', expect: 403 }),
      req('@/list/f.txt', { as: 'carl', expect: 200, note: 'any listed group' }),
    ],
  },
  {
    name: 'Require user with several names',
    area: 'authz',
    tree: [htaccess('', AUTH, 'Require user alice bob'), file('f.txt')],
    requests: asUsers('@/f.txt', ['anon', 'alice', 'bob', 'carl'], [401, 200, 200, 403]),
  },
  {
    name: 'Require user with a quoted name',
    area: 'authz',
    tree: [
      htaccess('', 'AuthType Basic', 'AuthName "Q"', 'AuthUserFile {CASE}/.htpasswd', 'Require user "john doe" alice'),
      passwd('.htpasswd', [
        { user: 'john doe', password: 'jdpw', format: 'md5' },
        { user: 'john', password: 'jpw', format: 'md5' },
      ]),
      file('f.txt'),
    ],
    requests: [req('@/f.txt', { as: 'john doe:jdpw', expect: 200 }), req('@/f.txt', { as: 'john:jpw', expect: 403 })],
  },
  {
    name: 'nested containers',
    area: 'authz',
    tree: [
      htaccess(
        '',
        AUTH,
        '<RequireAny>',
        '  <RequireAll>',
        '    Require group admins',
        '    Require ip 127.0.0.1',
        '  </RequireAll>',
        '  Require user sam',
        '</RequireAny>',
      ),
      file('f.txt'),
    ],
    requests: [
      ...asUsers('@/f.txt', ['anon', 'bob', 'sam', 'alice', 'carl'], [401, 200, 200, 200, 403]),
      req('@/f.txt', { as: 'bob', from: '127.0.0.2', expect: 403 }),
      req('@/f.txt', { as: 'sam', from: '127.0.0.2', expect: 200 }),
    ],
  },
  {
    name: 'RequireAll with only negations',
    area: 'authz',
    tree: [
      htaccess('', '<RequireAll>', 'Require not ip 10.0.0.1', 'Require not ip 10.0.0.2', '</RequireAll>'),
      file('f.txt'),
    ],
    requests: [req('@/f.txt', { expect: 403 })],
  },
  {
    name: 'Require local',
    area: 'authz',
    tree: [htaccess('', 'Require local'), file('f.txt')],
    requests: [
      req('@/f.txt', { expect: 200 }),
      req('@/f.txt', { from: '127.0.0.2', expect: 200 }),
      req('@/f.txt', { from: '127.0.3.4', expect: 200 }),
    ],
  },
  {
    name: 'Require env set by SetEnvIf',
    area: 'authz',
    tree: [htaccess('', 'SetEnvIf Remote_Addr "^127\\.0\\.0\\.2$" LETIN', 'Require env LETIN'), file('f.txt')],
    requests: [req('@/f.txt', { expect: 403 }), req('@/f.txt', { from: '127.0.0.2', expect: 200 })],
  },
  {
    name: 'Limit POST requires a user',
    area: 'authz',
    tree: [htaccess('', AUTH, '<Limit POST>', 'Require valid-user', '</Limit>'), file('f.txt')],
    requests: [
      req('GET @/f.txt', { expect: 200 }),
      req('HEAD @/f.txt', { expect: 200 }),
      req('POST @/f.txt', { expect: 401 }),
      req('OPTIONS @/f.txt', { expect: 200 }),
      req('PUT @/f.txt', { expect: 405 }),
    ],
  },
  {
    name: 'LimitExcept GET requires a user',
    area: 'authz',
    tree: [htaccess('', AUTH, '<LimitExcept GET>', 'Require valid-user', '</LimitExcept>'), file('f.txt')],
    requests: [
      req('GET @/f.txt', { expect: 200 }),
      req('HEAD @/f.txt', { expect: 200 }),
      req('POST @/f.txt', { expect: 401 }),
      req('OPTIONS @/f.txt', { expect: 401 }),
      req('PUT @/f.txt', { expect: 401 }),
    ],
  },
  {
    name: 'Limit GET requires a user',
    area: 'authz',
    tree: [htaccess('', AUTH, '<Limit GET>', 'Require valid-user', '</Limit>'), file('f.txt')],
    requests: [
      req('GET @/f.txt', { expect: 401 }),
      req('HEAD @/f.txt', { expect: 401 }),
      req('GET @/f.txt', { as: 'bob', expect: 200 }),
      req('POST @/f.txt', { expect: 200 }),
      req('OPTIONS @/f.txt', { expect: 200 }),
    ],
  },
  {
    name: 'Limit GET denies',
    area: 'authz',
    tree: [htaccess('', '<Limit GET>', 'Require all denied', '</Limit>'), file('f.txt')],
    requests: [
      req('GET @/f.txt', { expect: 403 }),
      req('HEAD @/f.txt', { expect: 403 }),
      req('OPTIONS @/f.txt', { expect: 200 }),
    ],
  },
  {
    name: 'all granted plus Limit POST denied',
    area: 'authz',
    tree: [htaccess('', 'Require all granted', '<Limit POST>', 'Require all denied', '</Limit>'), file('f.txt')],
    requests: [req('GET @/f.txt', { expect: 200 }), req('POST @/f.txt', { expect: 200 })],
  },
];
