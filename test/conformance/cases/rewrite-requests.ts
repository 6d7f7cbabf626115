// mod_rewrite and the requests around it, against Apache with mod_rewrite loaded: a substitution
// naming this server's own URL, ErrorDocument targets under rules, rules inside <Files>/<If>,
// RewriteOptions InheritDown/InheritDownBefore/IgnoreInherit.

import { file, htaccess, req } from '../dsl.js';
import type { Case, RequestSpec } from '../types.js';

const ON = 'RewriteEngine On';
const mark = (name: string): string => `<html>${name}-MARKER</html>\n`;
const page = (path: string, name: string): ReturnType<typeof file> => file(path, mark(name));
const gets = (...paths: string[]): RequestSpec[] => paths.map((p) => req(p));

export const REWRITE_REQUEST_CASES: Case[] = [
  {
    name: 'A substitution naming this server is reduced to a local path',
    area: 'rewrite',
    tree: [
      htaccess(
        '',
        ON,
        'RewriteRule ^own$ http://%{HTTP_HOST}{URL}/t.html [L]',
        'RewriteRule ^upper$ HTTP://%{HTTP_HOST}{URL}/t.html [L]',
        'RewriteRule ^query$ http://%{HTTP_HOST}{URL}/q.html?a=1 [L]',
        'RewriteRule ^forced$ http://%{HTTP_HOST}{URL}/t.html [R,L]',
        'RewriteRule ^noport$ http://127.0.0.1{URL}/t.html [L]',
        'RewriteRule ^byname$ http://%{SERVER_NAME}:%{SERVER_PORT}{URL}/t.html [L]',
        'RewriteRule ^https$ https://%{HTTP_HOST}{URL}/t.html [L]',
        'RewriteRule ^bare$ http://%{HTTP_HOST} [R,L]',
        'RewriteRule ^slashes$ http://%{HTTP_HOST}//{URL}/t.html [L]',
        'RewriteCond %{QUERY_STRING} ^a=1$',
        'RewriteRule ^q\\.html$ t.html [L]',
      ),
      page('t.html', 'T'),
    ],
    requests: [
      ...gets('@/own', '@/upper', '@/query', '@/forced', '@/noport', '@/byname', '@/https', '@/bare'),
      ...gets('@/slashes'),
    ],
  },
  {
    name: 'Rules apply to the ErrorDocument target',
    area: 'rewrite',
    tree: [
      htaccess('', 'ErrorDocument 404 {URL}/errors/404.html', 'ErrorDocument 403 {URL}/errors/403.html'),
      htaccess('errors', ON, 'RewriteRule ^404\\.html$ custom.html [L]', 'RewriteRule ^403\\.html$ - [F]'),
      page('errors/404.html', 'ED404'),
      page('errors/custom.html', 'CUSTOM404'),
      page('errors/403.html', 'ED403'),
      htaccess('closed', 'Require all denied'),
      page('closed/x.html', 'CLOSED'),
      htaccess(
        'front',
        'ErrorDocument 404 {URL}/front/missing.html',
        ON,
        'RewriteCond %{REQUEST_FILENAME} !-f',
        'RewriteRule ^ index.html [L]',
      ),
      page('front/index.html', 'FRONT'),
    ],
    requests: gets('@/nothing', '@/closed/x.html', '@/errors/404.html', '@/front/x', '@/front/index.html'),
  },
  {
    name: 'Rules inside Files and If sections',
    area: 'rewrite',
    tree: [
      htaccess('files', ON, '<Files "a.html">', 'RewriteRule ^ b.html [L]', '</Files>'),
      htaccess('if', ON, '<If "true">', 'RewriteRule ^a\\.html$ b.html [L]', '</If>'),
      htaccess('filesdash', ON, '<Files "a.html">', 'RewriteRule ^ - [F]', '</Files>'),
      htaccess('files2', ON, '<Files "a.html">', 'RewriteRule a\\.html$ {URL}/files2/b.html [L]', '</Files>'),
      htaccess('files3', ON, '<Files "a.html">', 'RewriteRule ^a\\.html$ - [F]', '</Files>'),
      htaccess('if2', ON, '<If "true">', 'RewriteRule a\\.html$ {URL}/if2/b.html [L]', '</If>'),
      htaccess('if3', ON, 'RewriteRule ^a\\.html$ b.html [L]', '<If "true">', 'RewriteRule ^zzz$ - [F]', '</If>'),
      htaccess('if4', ON, 'RewriteRule ^a\\.html$ b.html [L]', '<If "false">', 'RewriteRule ^zzz$ - [F]', '</If>'),
      htaccess('if5', '<If "true">', ON, 'RewriteRule a\\.html$ {URL}/if5/b.html [L]', '</If>'),
      htaccess(
        'files4',
        ON,
        'RewriteRule ^a\\.html$ b.html [L]',
        '<Files "other.html">',
        'RewriteRule ^zzz$ - [F]',
        '</Files>',
      ),
      htaccess(
        'files5',
        ON,
        'RewriteRule ^a\\.html$ b.html [L]',
        '<Files "a.html">',
        'RewriteRule ^zzz$ - [F]',
        '</Files>',
      ),
      htaccess('files6', '<Files "a.html">', ON, 'RewriteRule a\\.html$ {URL}/files6/b.html [L]', '</Files>'),
      ...[
        'files',
        'if',
        'filesdash',
        'files2',
        'files3',
        'if2',
        'if3',
        'if4',
        'if5',
        'files4',
        'files5',
        'files6',
      ].flatMap((d) => [page(`${d}/a.html`, 'A'), page(`${d}/b.html`, 'B')]),
    ],
    requests: gets(
      '@/files/a.html',
      '@/files/b.html',
      '@/if/a.html',
      '@/if/b.html',
      '@/filesdash/a.html',
      '@/files2/a.html',
      '@/files3/a.html',
      '@/if2/a.html',
      '@/if3/a.html',
      '@/if4/a.html',
      '@/if5/a.html',
      '@/files4/a.html',
      '@/files5/a.html',
      '@/files6/a.html',
    ),
  },
  {
    name: 'RewriteOptions InheritDown InheritDownBefore and IgnoreInherit',
    area: 'rewrite',
    tree: [
      htaccess('down', ON, 'RewriteOptions InheritDown', 'RewriteRule ^(.*)x\\.html$ parent.html [L]'),
      htaccess('down/child', 'RewriteRule ^x\\.html$ child.html [L]', 'RewriteRule ^y\\.html$ child.html [L]'),
      htaccess('down/ignore', 'RewriteOptions IgnoreInherit', 'RewriteRule ^y\\.html$ child.html [L]'),
      htaccess('before', ON, 'RewriteOptions InheritDownBefore', 'RewriteRule ^(.*)x\\.html$ parent.html [L]'),
      htaccess('before/child', 'RewriteRule ^x\\.html$ child.html [L]'),
      ...['down', 'before'].flatMap((d) => [
        page(`${d}/parent.html`, `${d.toUpperCase()}-PARENT`),
        page(`${d}/child/parent.html`, `${d.toUpperCase()}-CHILD-PARENT`),
        page(`${d}/child/child.html`, `${d.toUpperCase()}-CHILD`),
      ]),
      page('down/ignore/parent.html', 'IGNORE-PARENT'),
      page('down/ignore/child.html', 'IGNORE-CHILD'),
      page('down/ignore/x.html', 'IGNORE-X'),
    ],
    requests: gets(
      '@/down/x.html',
      '@/down/child/x.html',
      '@/down/child/y.html',
      '@/down/child/zx.html',
      '@/down/ignore/x.html',
      '@/down/ignore/y.html',
      '@/before/child/x.html',
    ),
  },
];
