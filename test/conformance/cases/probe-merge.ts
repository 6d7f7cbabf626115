// Adversarial merging: <Files> sections with AuthMerging over three levels, Satisfy inherited
// without legacy lines, auth settings without Require, error documents for protected listings.

import { AUTH, asUsers, errorPages, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

export const PROBE_MERGE_CASES: Case[] = [
  {
    name: 'Files sections with AuthMerging over three levels',
    area: 'merge',
    tree: [
      htaccess('', AUTH, 'Require valid-user', '<Files "*.pdf">', 'Require group admins', '</Files>'),
      htaccess(
        'sub',
        'AuthMerging And',
        'Require user bob alice sam',
        '<Files "x.pdf">',
        'AuthMerging Or',
        'Require user carl',
        '</Files>',
      ),
      htaccess('sub/deep', '<Files "*.txt">', 'AuthMerging And', 'Require not user alice', '</Files>'),
      file('sub/a.pdf'),
      file('sub/x.pdf'),
      file('sub/a.txt'),
      file('sub/deep/a.txt'),
      file('sub/deep/x.pdf'),
    ],
    requests: [
      ...asUsers('@/sub/a.pdf', ['anon', 'bob', 'sam', 'carl'], [401, 200, 403, 403]),
      ...asUsers('@/sub/x.pdf', ['bob', 'sam', 'carl'], [200, 200, 200]),
      ...asUsers('@/sub/a.txt', ['sam', 'carl'], [200, 403]),
      ...asUsers('@/sub/deep/a.txt', ['anon', 'alice', 'sam', 'carl']),
      ...asUsers('@/sub/deep/x.pdf', ['alice', 'carl', 'sam']),
    ],
  },
  {
    name: 'Satisfy and auth settings inherited without their partners',
    area: 'merge',
    tree: [
      htaccess(
        '',
        AUTH,
        'Require valid-user',
        'Order deny,allow',
        'Deny from all',
        'Allow from 127.0.0.2',
        'Satisfy Any',
      ),
      htaccess('req', 'Require user bob'),
      htaccess('authonly', 'AuthName "Other"'),
      htaccess('open', 'Require all granted'),
      htaccess('opts', 'Options -Indexes'),
      htaccess('granted-parent', 'Require all granted'),
      htaccess('granted-parent/child', 'AuthType Basic', 'AuthName "C"', 'AuthUserFile {USERS}'),
      ...['req', 'authonly', 'open', 'opts', 'granted-parent/child'].map((d) => file(`${d}/f.txt`)),
    ],
    requests: [
      req('@/req/f.txt'),
      req('@/req/f.txt', { from: '127.0.0.2' }),
      req('@/req/f.txt', { as: 'sam' }),
      req('@/req/f.txt', { as: 'bob' }),
      req('@/authonly/f.txt'),
      req('@/authonly/f.txt', { from: '127.0.0.2' }),
      req('@/open/f.txt'),
      req('@/opts/f.txt', { as: 'sam' }),
      req('@/opts/f.txt', { from: '127.0.0.2' }),
      req('@/granted-parent/child/f.txt'),
    ],
  },
  {
    name: 'error documents for protected listings and indexes',
    area: 'errordoc',
    tree: [
      htaccess(
        '',
        'ErrorDocument 401 {URL}/errors/401.html',
        'ErrorDocument 403 {URL}/errors/403.html',
        'ErrorDocument 404 {URL}/errors/404.html',
      ),
      ...errorPages('errors', [401, 403, 404]),
      htaccess('prot', AUTH, 'Require valid-user', 'Options -Indexes'),
      file('prot/a.txt'),
      htaccess('protidx', AUTH, 'Require user bob'),
      file('protidx/index.html', '<p>PIDX-MARKER</p>\n'),
      htaccess('list', AUTH, 'Require valid-user', 'Options +Indexes'),
      file('list/a.txt'),
    ],
    requests: [
      req('@/prot/'),
      req('@/prot/', { as: 'bob' }),
      req('HEAD @/prot/', { as: 'bob' }),
      req('@/prot'),
      req('@/prot', { as: 'bob' }),
      req('@/protidx/'),
      req('@/protidx/', { as: 'sam' }),
      req('@/protidx/', { as: 'bob' }),
      req('@/protidx/missing', { as: 'sam' }),
      req('@/list/', { as: 'sam' }),
      req('@/list/?C=S;O=D', { as: 'sam' }),
      req('@/list/', { as: 'sam:bad' }),
    ],
  },
];
