// docs/apache-behaviour.md §5 Authentication: every hash format, htpasswd file syntax, malformed Authorization headers,
// configuration errors, realm quoting.

import { AUTH, asUsers, file, htaccess, passwd, req } from '../dsl.js';
import { createHash } from 'node:crypto';
import type { Case } from '../types.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const sha1b64 = (s: string): string => createHash('sha1').update(s).digest('base64');
const LONG72 = 'x'.repeat(72);

const protectedDir = [htaccess('', AUTH, 'Require valid-user'), file('ok.txt')];

export const AUTHN_CASES: Case[] = [
  {
    name: 'every hash format with the right password',
    area: 'authn',
    tree: protectedDir,
    requests: [
      req('@/ok.txt', { expect: 401 }),
      req('@/ok.txt', { as: 'bob', expect: 200, note: 'bcrypt $2y$ (htpasswd -B -C 5)' }),
      req('@/ok.txt', { as: 'alice', expect: 200, note: 'MD5 $apr1$ (htpasswd -m)' }),
      req('@/ok.txt', { as: 'sam', expect: 200, note: '{SHA} (htpasswd -s)' }),
      req('@/ok.txt', { as: 'carl', expect: 200, note: 'DES crypt (htpasswd -d)' }),
      req('@/ok.txt', { as: 'pete', expect: 401, note: 'plaintext (htpasswd -p) never matches on Unix' }),
      req('@/ok.txt', { as: 'dan', expect: 200, note: 'SHA-256 $5$ (htpasswd -2)' }),
      req('@/ok.txt', { as: 'eve', expect: 200, note: 'SHA-512 $6$ (htpasswd -5)' }),
      req('@/ok.txt', { as: 'fay', expect: 200, note: 'md5crypt $1$ (openssl passwd -1)' }),
      req('@/ok.txt', { as: 'gus', expect: 200, note: 'bcrypt $2a$' }),
      req('@/ok.txt', { as: 'hal', expect: 200, note: 'bcrypt $2b$' }),
    ],
  },
  {
    name: 'every hash format with a wrong password',
    area: 'authn',
    tree: protectedDir,
    requests: [
      ...asUsers(
        '@/ok.txt',
        ['bob:x', 'alice:x', 'sam:x', 'carl:x', 'dan:x', 'eve:x', 'fay:x', 'gus:x', 'hal:x'],
        Array(9).fill(401),
      ),
      req('@/ok.txt', { as: 'bob:BOBPW', expect: 401, note: 'passwords are case-sensitive' }),
      req('@/ok.txt', { as: 'nobody:nobodypw', expect: 401, note: 'unknown user' }),
      req('@/missing.txt', { as: 'bob:x', expect: 401, note: 'auth before existence' }),
      req('@/missing.txt', { as: 'bob', expect: 404 }),
    ],
  },
  {
    name: 'DES crypt uses only the first 8 password characters',
    area: 'authn',
    tree: protectedDir,
    requests: [
      req('@/ok.txt', { as: 'ivan:abcdefghXYZ', expect: 200 }),
      req('@/ok.txt', { as: 'ivan:abcdefgh', expect: 200 }),
      req('@/ok.txt', { as: 'ivan:abcdefghQQQ', expect: 200 }),
      req('@/ok.txt', { as: 'ivan:abcdefg', expect: 401 }),
    ],
  },
  {
    name: 'htpasswd file syntax (comments, whitespace, duplicates, colons)',
    area: 'authn',
    tree: [
      htaccess('', 'AuthType Basic', 'AuthName "Local"', 'AuthUserFile {CASE}/.htpasswd', 'Require valid-user'),
      passwd('.htpasswd', [
        { raw: '# a comment line' },
        { raw: '' },
        { raw: '   lee:{HASH:md5:leepw}   ' },
        { raw: 'dup:{HASH:md5:firstpw}' },
        { raw: 'dup:{HASH:md5:secondpw}' },
        { raw: 'mia:{sha}' + sha1b64('miapw') },
        { raw: 'mia2:{HASH:sha1:miapw}' },
        { raw: 'ned:' },
        { raw: 'spaced :{HASH:md5:sppw}' },
        { raw: 'ola:{HASH:md5:olapw}:trailing:fields' },
        { raw: 'pat:{HASH:md5:patpw}\r' },
        { raw: 'jürgen:{HASH:md5:jpw}' },
        { user: 'Bob', password: 'upperpw', format: 'md5' },
        { user: 'nopw', password: '', format: 'md5' },
        { user: 'long', password: LONG72 + 'A', format: 'bcrypt' },
        { user: 'john doe', password: 'jdpw', format: 'sha1' },
      ]),
      file('ok.txt'),
    ],
    requests: [
      req('@/ok.txt', { as: 'lee:leepw', expect: 200, note: 'surrounding whitespace stripped' }),
      req('@/ok.txt', { as: 'dup:firstpw', expect: 200, note: 'first matching line wins' }),
      req('@/ok.txt', { as: 'dup:secondpw', expect: 401 }),
      req('@/ok.txt', { as: 'mia2:miapw', expect: 200 }),
      req('@/ok.txt', { as: 'ned:', expect: 401, note: 'empty hash never matches' }),
      req('@/ok.txt', { as: 'spaced :sppw', expect: 200, note: 'user name "spaced " (space kept)' }),
      req('@/ok.txt', { as: 'spaced:sppw', expect: 401 }),
      req('@/ok.txt', { as: 'ola:olapw', expect: 200, note: 'text after a second colon ignored' }),
      req('@/ok.txt', { as: 'pat:patpw', expect: 200, note: 'CRLF line' }),
      req('@/ok.txt', { as: 'jürgen:jpw', expect: 200, note: 'UTF-8 user name' }),
      req('@/ok.txt', { as: 'Bob:upperpw', expect: 200, note: 'user names are case-sensitive' }),
      req('@/ok.txt', { as: 'bob:upperpw', expect: 401 }),
      req('@/ok.txt', { as: 'mia:miapw', expect: 401, note: '{sha} prefix is case-sensitive' }),
      req('@/ok.txt', { as: 'nopw:', expect: 200, note: 'empty password hashed by htpasswd' }),
      req('@/ok.txt', { as: 'nopw:x', expect: 401 }),
      req('@/ok.txt', { as: `long:${LONG72}B`, expect: 200, note: 'bcrypt looks at 72 bytes only' }),
      req('@/ok.txt', { as: `long:${LONG72.slice(1)}`, expect: 401 }),
      req('@/ok.txt', { as: 'john doe:jdpw', expect: 200, note: 'space in a user name' }),
    ],
  },
  {
    name: 'malformed Authorization headers',
    area: 'authn',
    tree: protectedDir,
    requests: [
      req('@/ok.txt', { authorization: 'Bearer abc', expect: 401 }),
      req('@/ok.txt', { authorization: 'Digest username="bob", realm="R"', expect: 401 }),
      req('@/ok.txt', { authorization: 'Basic', expect: 401 }),
      req('@/ok.txt', { authorization: 'Basic ', expect: 401 }),
      req('@/ok.txt', { authorization: `basic ${b64('bob:bobpw')}`, expect: 200, note: 'scheme case-insensitive' }),
      req('@/ok.txt', { authorization: `BASIC ${b64('bob:bobpw')}`, expect: 200 }),
      req('@/ok.txt', { authorization: `Basic    ${b64('bob:bobpw')}`, expect: 200, note: 'several spaces' }),
      req('@/ok.txt', { authorization: `Basic\t${b64('bob:bobpw')}`, expect: 401, note: 'tab after scheme' }),
      req('@/ok.txt', { authorization: `Basic ${b64('bob:bobpw')} trailing-junk`, expect: 200 }),
      req('@/ok.txt', {
        authorization: `Basic ${b64('alice:alicepw').replace(/=+$/, '')}`,
        expect: 200,
        note: 'missing padding',
      }),
      req('@/ok.txt', { authorization: `Basic ${b64('alice:alicepw')}==`, expect: 200, note: 'extra padding' }),
      req('@/ok.txt', { authorization: 'Basic !!!!', expect: 401 }),
      req('@/ok.txt', { authorization: `Basic ${b64('bob')}`, expect: 401, note: 'no colon' }),
      req('@/ok.txt', { authorization: `Basic ${b64('bob:bobpw:extra')}`, expect: 401 }),
      req('@/ok.txt', { authorization: `Basic ${b64(':bobpw')}`, expect: 401 }),
      req('@/ok.txt', { authorization: `Basic ${b64('Bob:bobpw')}`, expect: 401, note: 'user case-sensitive' }),
      req('@/ok.txt', {
        authorization: `Basic ${b64('sam:sampw')},Basic ${b64('bob:bobpw')}`,
        expect: 200,
        note: 'decoder stops at ","',
      }),
      req('@/ok.txt', {
        authorization: `Basic ${b64('bob:bobpw').slice(0, 4)} ${b64('bob:bobpw').slice(4)}`,
        expect: 401,
        note: 'space inside the credentials',
      }),
      req('@/ok.txt', {
        headers: [
          ['Authorization', `Basic ${b64('bob:bobpw')}`],
          ['Authorization', 'Basic !!!!'],
        ],
        expect: 200,
        note: 'two Authorization headers',
      }),
    ],
  },
  {
    name: 'credentials are ignored when not needed',
    area: 'authn',
    tree: [htaccess('', AUTH, 'Require all granted'), file('ok.txt')],
    requests: [
      req('@/ok.txt', { expect: 200, note: 'AuthType without user-requiring Require: no challenge' }),
      req('@/ok.txt', { as: 'bob:wrong', expect: 200 }),
      req('@/ok.txt', { authorization: 'Basic !!!!', expect: 200 }),
    ],
  },
  {
    name: 'AuthType Basic without AuthName',
    area: 'authn',
    tree: [htaccess('', 'AuthType Basic', 'AuthUserFile {USERS}', 'Require valid-user'), file('ok.txt')],
    requests: [req('@/ok.txt', { expect: 500 }), req('@/ok.txt', { as: 'bob', expect: 500 })],
  },
  {
    name: 'Require valid-user without AuthType',
    area: 'authn',
    tree: [htaccess('', 'AuthName "R"', 'AuthUserFile {USERS}', 'Require valid-user'), file('ok.txt')],
    requests: [req('@/ok.txt', { expect: 500 }), req('@/ok.txt', { as: 'bob', expect: 500 })],
  },
  {
    name: 'AuthType basic in lower case',
    area: 'authn',
    tree: [
      htaccess('', 'AuthType basic', 'AuthName "lower"', 'AuthUserFile {USERS}', 'Require valid-user'),
      file('ok.txt'),
    ],
    requests: [req('@/ok.txt', { expect: 401 }), req('@/ok.txt', { as: 'bob', expect: 200 })],
  },
  {
    name: 'AuthType Digest without mod_auth_digest',
    area: 'authn',
    tree: [
      htaccess('', 'AuthType Digest', 'AuthName "D"', 'AuthUserFile {USERS}', 'Require valid-user'),
      file('ok.txt'),
    ],
    requests: [req('@/ok.txt', { expect: 500 })],
  },
  {
    name: 'no AuthUserFile configured',
    area: 'authn',
    tree: [htaccess('', 'AuthType Basic', 'AuthName "R"', 'Require valid-user'), file('ok.txt')],
    requests: [req('@/ok.txt', { expect: 401 }), req('@/ok.txt', { as: 'bob', expect: 500 })],
  },
  {
    name: 'AuthUserFile that does not exist',
    area: 'authn',
    tree: [
      htaccess('', 'AuthType Basic', 'AuthName "R"', 'AuthUserFile {CASE}/no-such-file', 'Require valid-user'),
      file('ok.txt'),
    ],
    requests: [req('@/ok.txt', { expect: 401 }), req('@/ok.txt', { as: 'bob', expect: 500 })],
  },
  {
    name: 'AuthUserFile unreadable by the server user',
    area: 'authn',
    tree: [
      htaccess('', 'AuthType Basic', 'AuthName "R"', 'AuthUserFile {CASE}/.htusers', 'Require valid-user'),
      { kind: 'file', path: '.htusers', content: 'bob:$apr1$abc$abcdefghijklmnopqrstu.\n', mode: 0o600 },
      file('ok.txt'),
    ],
    requests: [req('@/ok.txt', { expect: 401 }), req('@/ok.txt', { as: 'bob', expect: 500 })],
  },
  {
    name: 'Require group with a missing AuthGroupFile',
    area: 'authn',
    tree: [
      htaccess(
        '',
        'AuthType Basic',
        'AuthName "R"',
        'AuthUserFile {USERS}',
        'AuthGroupFile {CASE}/no-groups',
        'Require group admins',
      ),
      file('ok.txt'),
    ],
    requests: [
      req('@/ok.txt', { expect: 401 }),
      req('@/ok.txt', {
        as: 'bob',
        expect: 403,
        note: 'authz failure (403 with AuthzSendForbiddenOnFailure On), not 500',
      }),
    ],
  },
  {
    name: 'realm quoting',
    area: 'authn',
    tree: [
      htaccess('dq', 'AuthType Basic', `AuthName 'say "hi" there'`, 'AuthUserFile {USERS}', 'Require valid-user'),
      htaccess('bare', 'AuthType Basic', 'AuthName Members', 'AuthUserFile {USERS}', 'Require valid-user'),
      htaccess('sq', 'AuthType Basic', "AuthName 'Single quoted realm'", 'AuthUserFile {USERS}', 'Require valid-user'),
      htaccess('utf8', 'AuthType Basic', 'AuthName "Zoë’s area"', 'AuthUserFile {USERS}', 'Require valid-user'),
      file('dq/ok.txt'),
      file('bare/ok.txt'),
      file('sq/ok.txt'),
      file('utf8/ok.txt'),
    ],
    requests: [
      req('@/dq/ok.txt', { expect: 401 }),
      req('@/bare/ok.txt', { expect: 401 }),
      req('@/sq/ok.txt', { expect: 401 }),
      req('@/utf8/ok.txt', { expect: 401 }),
    ],
  },
];
