// docs/apache-behaviour.md §9 Files that must never be served: .ht* names, and the AuthUserFile/AuthGroupFile when they
// live inside the document root.

import { AUTH, file, htaccess, passwd, req } from '../dsl.js';
import type { Case, Declared } from '../types.js';

const AUTHFILE_IN_DOCROOT: Declared = {
  fields: ['status', 'content-type', 'content-length', 'marker'],
  reason: 'htserve never serves its AuthUserFile/AuthGroupFile when they are inside the document root (403)',
};

export const HT_CASES: Case[] = [
  {
    name: '.ht names are 403',
    area: 'ht',
    tree: [
      htaccess('', 'Options +Indexes'),
      file('.htpasswd', 'x:y\n'),
      file('.htfoo'),
      file('.ht'),
      file('.htaccess '),
      file('.HTACCESS'),
    ],
    requests: [
      req('/.htaccess', { expect: 403, note: 'document root, no such file' }),
      req('@/.htaccess', { expect: 403 }),
      req('HEAD @/.htaccess', { expect: 403 }),
      req('@/.htpasswd', { expect: 403 }),
      req('@/.htfoo', { expect: 403 }),
      req('@/.ht', { expect: 403 }),
      req('@/.htnothing', { expect: 403, note: 'nonexistent .ht name' }),
      req('@/.htaccess%20', { expect: 403 }),
      req('@/%2ehtaccess', { expect: 403 }),
      req('@/.HTACCESS', { expect: 200, note: 'case-sensitive; the file exists here' }),
      req('@/.HTPASSWD', { expect: 404 }),
      req('@/sub/.htaccess', { expect: 404, note: 'missing parent: <Files> sees "sub", not .htaccess' }),
      req('@/.htpasswd.bak', { expect: 403 }),
      req('@/x.htaccess', { expect: 404 }),
      req('@/.htaccess/', { expect: 403 }),
      req('@/.htaccess/x', { expect: 403 }),
    ],
  },
  {
    name: '.ht names inside an auth realm are 403 without a challenge',
    area: 'ht',
    tree: [htaccess('realm', AUTH, 'Require valid-user'), file('realm/.htpasswd', 'x:y\n'), file('realm/f.txt')],
    requests: [
      req('@/realm/.htpasswd', { expect: 403 }),
      req('@/realm/.htaccess', { expect: 403 }),
      req('@/realm/.htaccess', { as: 'bob', expect: 403 }),
      req('@/realm/.htnothing', { expect: 403 }),
    ],
  },
  {
    name: '.htaccess granting .ht* to itself',
    area: 'ht',
    tree: [htaccess('', '<Files ".ht*">', 'Require all granted', '</Files>'), file('.htsecret', 'HTSECRET-MARKER\n')],
    requests: [req('@/.htaccess', { expect: 200 }), req('@/.htsecret', { expect: 200 })],
    declared: {
      fields: ['status', 'content-type', 'content-length', 'marker'],
      reason: 'htserve keeps .ht* at 403 even when an .htaccess grants it (Apache lets the .htaccess expose itself)',
    },
  },
  {
    name: 'AuthUserFile and AuthGroupFile inside the document root',
    area: 'ht',
    tree: [
      htaccess(
        'prot',
        'AuthType Basic',
        'AuthName "R"',
        'AuthUserFile {CASE}/users.txt',
        'AuthGroupFile {CASE}/groups.txt',
        'Require group crew',
      ),
      passwd('users.txt', [{ user: 'zed', password: 'zedpw', format: 'md5' }]),
      file('groups.txt', 'crew: zed\n'),
      file('prot/f.txt'),
    ],
    requests: [
      req('@/prot/f.txt', { as: 'zed:zedpw', expect: 200 }),
      req('@/users.txt', { expect: 200, declared: AUTHFILE_IN_DOCROOT }),
      req('@/groups.txt', { expect: 200, declared: AUTHFILE_IN_DOCROOT }),
    ],
  },
];
