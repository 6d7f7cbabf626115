// Adversarial Authorization headers: repeated headers, lenient base64, empty names and passwords,
// non-ASCII user names, bcrypt's 72-byte limit, colons and spaces.

import { file, htaccess, passwd, req } from '../dsl.js';
import type { Case } from '../types.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const b64latin1 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');

const LONG = 'L'.repeat(72);
const LOCAL_AUTH = ['AuthType Basic', 'AuthName "L"', 'AuthUserFile {CASE}/.htpasswd', 'Require valid-user'];

export const PROBE_AUTHN_CASES: Case[] = [
  {
    name: 'Authorization header oddities',
    area: 'authn',
    tree: [htaccess('', 'AuthType Basic', 'AuthName "R"', 'AuthUserFile {USERS}', 'Require valid-user'), file('f.txt')],
    requests: [
      req('@/f.txt', {
        headers: [
          ['Authorization', `Basic ${b64('bob:bobpw')}`],
          ['Authorization', 'Basic Zm9vOmJhcg=='],
        ],
        expect: 200,
        note: 'two headers are joined with a comma',
      }),
      req('@/f.txt', {
        headers: [
          ['Authorization', 'Basic Zm9vOmJhcg=='],
          ['Authorization', `Basic ${b64('bob:bobpw')}`],
        ],
        expect: 401,
      }),
      req('@/f.txt', {
        authorization: `basic ${b64('alice:alicepw')}`,
        expect: 200,
        note: 'scheme is case-insensitive',
      }),
      req('@/f.txt', { authorization: `BASIC ${b64('alice:alicepw')}`, expect: 200 }),
      req('@/f.txt', { authorization: `Basic    ${b64('alice:alicepw')}`, expect: 200, note: 'several spaces' }),
      req('@/f.txt', {
        authorization: `Basic\t${b64('alice:alicepw')}`,
        expect: 401,
        note: 'a tab is not a separator',
      }),
      req('@/f.txt', {
        authorization: `Basic ${b64('alice:alicepw')}!!junk`,
        expect: 200,
        note: 'base64 decoding stops at junk',
      }),
      req('@/f.txt', {
        authorization: `Basic ${b64('alice:alicepw').replace(/=+$/, '')}`,
        expect: 200,
        note: 'no padding',
      }),
      req('@/f.txt', { authorization: `Basic ${b64('alice:alicepw')} extra`, expect: 200 }),
      req('@/f.txt', { authorization: 'Basic', expect: 401 }),
      req('@/f.txt', { authorization: 'Basic ', expect: 401 }),
      req('@/f.txt', { authorization: `Basic ${b64('alice')}`, expect: 401, note: 'no colon' }),
      req('@/f.txt', { authorization: `Basic ${b64(':alicepw')}`, expect: 401, note: 'empty user' }),
      req('@/f.txt', { authorization: `Basic ${b64('alice:')}`, expect: 401, note: 'empty password' }),
      req('@/f.txt', { authorization: `Basic ${b64(':')}`, expect: 401 }),
      req('@/f.txt', { authorization: `Basic${b64('alice:alicepw')}`, expect: 401, note: 'no space after the scheme' }),
      req('@/f.txt', { authorization: `Bearer ${b64('alice:alicepw')}`, expect: 401 }),
      req('@/f.txt', { authorization: `Digest username="alice"`, expect: 401 }),
      req('@/f.txt', {
        authorization: ` Basic ${b64('alice:alicepw')}`,
        expect: 200,
        note: 'leading space (trimmed by the parser)',
      }),
      req('@/f.txt', { authorization: `Basic ${b64('alice:alicepw')}`.replace('Basic ', 'Basic =='), expect: 401 }),
      req('@/f.txt', {
        authorization: `Basic ${b64('alice:alicepw\n')}`,
        expect: 401,
        note: 'newline in the password',
      }),
      req('HEAD @/f.txt', { authorization: `Basic ${b64(':')}`, expect: 401 }),
    ],
  },
  {
    name: 'user names and passwords with odd characters',
    area: 'authn',
    tree: [
      htaccess('', ...LOCAL_AUTH),
      passwd('.htpasswd', [
        { user: 'jürgen', password: 'jpw', format: 'md5' },
        { user: 'colon', password: 'a:b:c', format: 'md5' },
        { user: 'spacepw', password: ' lead and trail ', format: 'md5' },
        { user: 'long', password: LONG + 'TAIL-ONE', format: 'bcrypt' },
        { user: 'long71', password: 'M'.repeat(71) + 'Z', format: 'bcrypt' },
        { user: 'utf8pw', password: 'pässwörd', format: 'bcrypt' },
        { user: 'Case', password: 'cpw', format: 'sha1' },
        { user: 'dup', password: 'first', format: 'md5' },
        { user: 'dup', password: 'second', format: 'md5' },
        { raw: '   indented:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=' },
        { raw: 'trailing:plainpw   ' },
      ]),
      file('f.txt'),
    ],
    requests: [
      req('@/f.txt', { authorization: `Basic ${b64('jürgen:jpw')}`, expect: 200, note: 'UTF-8 user name' }),
      req('@/f.txt', { authorization: `Basic ${b64latin1('jürgen:jpw')}`, expect: 401, note: 'same name in Latin-1' }),
      req('@/f.txt', { as: 'colon:a:b:c', expect: 200, note: 'split at the first colon' }),
      req('@/f.txt', { as: 'spacepw: lead and trail ', expect: 200 }),
      req('@/f.txt', { as: 'spacepw:lead and trail', expect: 401 }),
      req('@/f.txt', { as: `long:${LONG}TAIL-ONE`, expect: 200 }),
      req('@/f.txt', { as: `long:${LONG}OTHER`, expect: 200, note: 'bcrypt ignores bytes after 72' }),
      req('@/f.txt', { as: `long:${LONG}`, expect: 200 }),
      req('@/f.txt', { as: `long:${LONG.slice(1)}`, expect: 401 }),
      req('@/f.txt', { as: `long71:${'M'.repeat(71)}Y`, expect: 401, note: 'the 72nd byte counts' }),
      req('@/f.txt', { authorization: `Basic ${b64('utf8pw:pässwörd')}`, expect: 200 }),
      req('@/f.txt', { authorization: `Basic ${b64latin1('utf8pw:pässwörd')}`, expect: 401 }),
      req('@/f.txt', { as: 'case:cpw', expect: 401, note: 'user names are case-sensitive' }),
      req('@/f.txt', { as: 'Case:cpw', expect: 200 }),
      req('@/f.txt', { as: 'dup:first', expect: 200, note: 'first entry wins' }),
      req('@/f.txt', { as: 'dup:second', expect: 401 }),
      req('@/f.txt', { as: '   indented:x', expect: 401 }),
      req('@/f.txt', { as: 'trailing:plainpw', expect: 401 }),
      req('@/f.txt', { as: 'trailing:plainpw   ', expect: 401 }),
    ],
  },
  {
    name: 'user file edge cases',
    area: 'authn',
    tree: [
      htaccess('missing', 'AuthType Basic', 'AuthName "M"', 'AuthUserFile {CASE}/nope', 'Require valid-user'),
      htaccess('dir', 'AuthType Basic', 'AuthName "D"', 'AuthUserFile {CASE}', 'Require valid-user'),
      htaccess('unreadable', 'AuthType Basic', 'AuthName "U"', 'AuthUserFile {CASE}/mode600', 'Require valid-user'),
      htaccess('relative', 'AuthType Basic', 'AuthName "Rel"', 'AuthUserFile relative/.htpasswd', 'Require valid-user'),
      htaccess('nofile', 'AuthType Basic', 'AuthName "N"', 'Require valid-user'),
      htaccess('notype', 'AuthName "T"', 'AuthUserFile {USERS}', 'Require valid-user'),
      { kind: 'file', path: 'mode600', content: 'bob:bobpw\n', mode: 0o600 },
      ...['missing', 'dir', 'unreadable', 'relative', 'nofile', 'notype'].map((d) => file(`${d}/f.txt`)),
    ],
    requests: [
      req('@/missing/f.txt', { expect: 401 }),
      req('@/missing/f.txt', { as: 'bob', expect: 500 }),
      req('@/dir/f.txt', { as: 'bob', expect: 500 }),
      req('@/unreadable/f.txt', { as: 'bob', expect: 500 }),
      req('@/relative/f.txt', { as: 'bob', expect: 500 }),
      req('@/nofile/f.txt', { expect: 401 }),
      req('@/nofile/f.txt', { as: 'bob', expect: 500 }),
      req('@/notype/f.txt', { expect: 500 }),
      req('@/notype/f.txt', { as: 'bob', expect: 500 }),
      req('@/', {
        note: 'the case directory is named as an AuthUserFile by dir/',
        declared: {
          fields: ['status', 'listing'],
          reason:
            'htserve never serves its AuthUserFile/AuthGroupFile when they are inside the document root (403) ' +
            '— here the "file" is this directory',
        },
      }),
      req('@/mode600', { note: 'a user file inside the document root, unreadable anyway' }),
    ],
  },
];
