// Adversarial access-file lines as people paste them: odd argument forms, containers with bad
// arguments, method names in <Limit>, comments and commas in lists; and .ht* look-alike names.

import { file, htaccess, req } from '../dsl.js';
import type { Case, FixtureNode, RequestSpec } from '../types.js';

/** One sub-directory per access file; each gets f.txt, requested once. */
const LINES: ReadonlyArray<readonly [slug: string, lines: readonly string[]]> = [
  ['opt-minus-all', ['Options -All']],
  ['opt-plus-minus', ['Options +Indexes -Indexes']],
  ['opt-twice', ['Options Indexes Indexes']],
  ['opt-lower', ['options -indexes']],
  ['opt-equals', ['Options =Indexes']],
  ['opt-multiviews', ['Options +MultiViews']],
  ['opt-includes', ['Options +IncludesNOEXEC +ExecCGI']],
  ['req-ip-empty', ['Require ip']],
  ['req-ip-comma', ['Require ip 127.0.0.1,127.0.0.2']],
  ['req-ip-two', ['Require ip 10.0.0.1 127.0.0.1']],
  ['req-ip-cidr0', ['Require ip 0.0.0.0/0']],
  ['req-ip-slash32', ['Require ip 127.0.0.1/32']],
  ['req-ip-host', ['Require ip localhost']],
  ['req-granted-twice', ['Require all granted', 'Require all granted']],
  ['req-not-all', ['<RequireAll>', 'Require all granted', 'Require not all denied', '</RequireAll>']],
  ['req-env-missing', ['Require env']],
  ['req-method-get', ['Require method GET']],
  ['req-method-lower', ['Require method get']],
  ['allow-comma', ['Order allow,deny', 'Allow from 127.0.0.1, 127.0.0.2']],
  ['allow-mask', ['Order allow,deny', 'Allow from 127.0.0.1/255.255.255.255']],
  ['allow-v4mapped', ['Order allow,deny', 'Allow from ::ffff:127.0.0.1']],
  ['allow-env-empty', ['Order allow,deny', 'Allow from env=']],
  ['allow-partial-dot', ['Order allow,deny', 'Allow from 127.0.0.']],
  ['order-three', ['Order Deny,Allow,Mutual-failure']],
  ['order-lower', ['order deny,allow', 'deny from all']],
  ['satisfy-two', ['Satisfy Any All']],
  ['files-noarg', ['<Files>', 'Require all denied', '</Files>']],
  ['filesmatch-bad', ['<FilesMatch "[">', 'Require all denied', '</FilesMatch>']],
  ['files-tilde-bad', ['<Files ~ "(">', 'Require all denied', '</Files>']],
  ['files-nested', ['<Files f.txt>', '<Files f.txt>', 'Require all denied', '</Files>', '</Files>']],
  ['files-mismatch', ['<Files f.txt>', 'Require all denied', '</FilesMatch>']],
  ['limit-noarg', ['<Limit>', 'Require all denied', '</Limit>']],
  ['limit-unknown', ['<Limit FOO>', 'Require all denied', '</Limit>']],
  ['limit-lower', ['<Limit get>', 'Require all denied', '</Limit>']],
  ['limit-nested', ['<Limit GET>', '<LimitExcept POST>', 'Require all denied', '</LimitExcept>', '</Limit>']],
  ['limit-in-files', ['<Files f.txt>', '<Limit GET>', 'Require all denied', '</Limit>', '</Files>']],
  ['files-in-limit', ['<Limit GET>', '<Files f.txt>', 'Require all denied', '</Files>', '</Limit>']],
  ['ifmodule-noarg', ['<IfModule>', 'Require all denied', '</IfModule>']],
  ['ifdefine', ['<IfDefine NOPE>', 'Require all denied', '</IfDefine>']],
  ['ifdefine-not', ['<IfDefine !NOPE>', 'Require all denied', '</IfDefine>']],
  ['elseif-alone', ['<ElseIf "true">', 'Require all denied', '</ElseIf>']],
  ['header-novalue', ['Header set X-A']],
  ['header-unset-extra', ['Header unset X-A extra']],
  ['errordoc-empty', ['ErrorDocument 404 ""']],
  ['dirindex-noarg', ['DirectoryIndex']],
  ['dirslash-bad', ['DirectorySlash maybe']],
  ['indexignore-noarg', ['IndexIgnore']],
  ['addtype-onearg', ['AddType text/plain']],
  ['forcetype-two', ['ForceType text/plain text/html']],
  ['charset-off', ['AddDefaultCharset Off']],
  ['setenvif-badre', ['SetEnvIf Request_URI "(" X']],
  ['redirect-four', ['Redirect 301 /a /b /c']],
  ['authmerging-lower', ['AuthMerging and']],
  ['satisfy-in-limit', ['<Limit GET>', 'Satisfy Any', '</Limit>']],
  ['authgroup-only', ['AuthGroupFile /dev/null']],
  ['continuation-eof', ['Require all denied \\']],
  ['tab-indented', ['\tRequire\tall\tdenied']],
  ['quoted-directive', ['"Require" all denied']],
  ['unicode-space', ['Require\u00a0all denied']],
  ['allow-hash', ['Order deny,allow', 'Deny from all', 'Allow from #comment']],
];

function linesTree(): FixtureNode[] {
  return LINES.flatMap(([slug, lines]) => [htaccess(slug, ...lines), file(`${slug}/f.txt`)]);
}

function linesRequests(): RequestSpec[] {
  return LINES.map(([slug]) => req(`@/${slug}/f.txt`));
}

/** Names that look like .htaccess / .htpasswd, in a plain directory. */
const HT_NAMES = ['.HTACCESS', '.Htpasswd', '.htaccess.bak', '.htpasswd~', '.ht', '.htx', 'x.htaccess', 'htaccess'];

export const PROBE_SYNTAX_CASES: Case[] = [
  {
    name: 'odd directive lines',
    area: 'syntax',
    tree: linesTree(),
    requests: [
      ...linesRequests(),
      req('POST @/limit-unknown/f.txt'),
      req('FOO @/limit-unknown/f.txt', {
        declared: {
          fields: ['status', 'allow'],
          reason:
            "node's HTTP parser refuses unknown method tokens (501) before any access file is read; " +
            'Apache reads the <Limit FOO> file first and fails on it (500)',
        },
      }),
      req('OPTIONS @/req-method-get/f.txt'),
    ],
  },
  {
    name: '.ht look-alike names and encodings',
    area: 'ht',
    tree: [
      ...HT_NAMES.map((n) => file(n, `${n} FILE-MARKER\n`)),
      htaccess('', 'Options +Indexes'),
      htaccess('sub', 'Require all granted'),
      file('sub/.htpasswd', 'x:y\n'),
      file('dir.htaccess/x.txt'),
    ],
    requests: [
      ...HT_NAMES.map((n) => req(`@/${n}`)),
      req('@/.htaccess'),
      req('@/.htaccess/'),
      req('@/.htaccess/x'),
      req('@/%2ehtaccess'),
      req('@/.ht%61ccess'),
      req('@/.htaccess%00'),
      req('@/.htaccess.'),
      req('@/sub/.htpasswd'),
      req('@/sub/.htpasswd/'),
      req('@/sub/.HTPASSWD'),
      req('@/dir.htaccess/x.txt'),
      req('HEAD @/.htaccess'),
      req('OPTIONS @/.htaccess'),
      req('@/'),
    ],
  },
];
