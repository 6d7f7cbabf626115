// <If>/<ElseIf>/<Else> in access files (core's ap_if_walk): checked against Apache 2.4.

import { AUTH, file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

const ht = (...lines: string[]) => htaccess('', ...lines);
const f = () => file('f.txt');

function c(name: string, tree: Case['tree'], requests: Case['requests'], area: Case['area'] = 'realworld'): Case {
  return { name: `If section: ${name}`, area, tree, requests };
}

export const IF_SECTION_CASES: Case[] = [
  c(
    'else after intervening directive',
    [
      ht(
        '<If "false">',
        'Require all granted',
        '</If>',
        'AddType text/x-foo .txt',
        '<Else>',
        'Require all denied',
        '</Else>',
      ),
      f(),
    ],
    [req('@/f.txt')],
  ),
  c('else without if', [ht('<Else>', 'Require all denied', '</Else>'), f()], [req('@/f.txt')], 'syntax'),
  c('elseif without if', [ht('<ElseIf "true">', 'Require all denied', '</ElseIf>'), f()], [req('@/f.txt')], 'syntax'),
  c(
    'else with argument',
    [ht('<If "false">', '</If>', '<Else "x">', 'Require all denied', '</Else>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'else after else',
    [ht('<If "false">', '</If>', '<Else>', '</Else>', '<Else>', 'Require all denied', '</Else>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c('syntax error', [ht('<If "%{QUERY_STRING} =~">', 'Require all denied', '</If>'), f()], [req('@/f.txt')], 'syntax'),
  c('no argument', [ht('<If>', 'Require all denied', '</If>'), f()], [req('@/f.txt')], 'syntax'),
  c('two arguments', [ht('<If "true" "false">', 'Require all denied', '</If>'), f()], [req('@/f.txt')], 'syntax'),
  c(
    'unknown variable',
    [ht('<If "%{NO_SUCH_VAR} == 1">', 'Require all denied', '</If>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'if inside files',
    [ht('<Files f.txt>', '<If "true">', 'Require all denied', '</If>', '</Files>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'files inside if',
    [ht('<If "true">', '<Files f.txt>', 'Require all denied', '</Files>', '</If>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'nested if',
    [ht('<If "true">', '<If "%{QUERY_STRING} == \'d\'">', 'Require all denied', '</If>', '</If>'), f()],
    [req('@/f.txt'), req('@/f.txt?d')],
  ),
  c(
    'nested else',
    [
      ht('<If "true">', '<If "%{QUERY_STRING} == \'d\'">', '</If>', '<Else>', 'Require all denied', '</Else>', '</If>'),
      f(),
    ],
    [req('@/f.txt'), req('@/f.txt?d')],
  ),
  c(
    'limit inside if',
    [ht('<If "true">', '<Limit GET>', 'Require all denied', '</Limit>', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'if inside limit',
    [ht('<Limit GET>', '<If "true">', 'Require all denied', '</If>', '</Limit>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'if inside requireall',
    [ht('<RequireAll>', '<If "true">', 'Require all denied', '</If>', '</RequireAll>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'after files',
    [ht('<If "true">', 'Require all granted', '</If>', '<Files f.txt>', 'Require all denied', '</Files>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'after child dir',
    [ht('<If "true">', 'Require all denied', '</If>'), htaccess('sub', 'Require all granted'), file('sub/f.txt')],
    [req('@/sub/f.txt')],
  ),
  c(
    'child if after parent if',
    [
      ht('<If "true">', 'Require all denied', '</If>'),
      htaccess('sub', '<If "true">', 'Require all granted', '</If>'),
      file('sub/f.txt'),
    ],
    [req('@/sub/f.txt')],
  ),
  c(
    'else across files',
    [ht('<If "false">', '</If>'), htaccess('sub', '<Else>', 'Require all denied', '</Else>'), file('sub/f.txt')],
    [req('@/sub/f.txt')],
  ),
  c(
    'remote user empty',
    [ht(AUTH, 'Require valid-user', '<If "-z %{REMOTE_USER}">', 'Require all denied', '</If>'), f()],
    [req('@/f.txt', { as: 'bob' }), req('@/f.txt')],
  ),
  c(
    'remote user set',
    [ht(AUTH, 'Require valid-user', '<If "-n %{REMOTE_USER}">', 'Require all denied', '</If>'), f()],
    [req('@/f.txt', { as: 'bob' })],
  ),
  c(
    'headers',
    [
      ht(
        '<If "%{HTTP:X-Test} == \'yes\'">',
        'Require all denied',
        '</If>',
        '<ElseIf "req(\'X-Other\') =~ /^a/">',
        'Redirect 302 / http://example.com/',
        '</ElseIf>',
        '<Else>',
        'ForceType text/x-else',
        '</Else>',
      ),
      f(),
    ],
    [
      req('@/f.txt', { headers: [['X-Test', 'yes']] }),
      req('@/f.txt', { headers: [['X-Other', 'abc']] }),
      req('@/f.txt'),
    ],
  ),
  c(
    'method and addr',
    [ht("<If \"%{REQUEST_METHOD} == 'HEAD' || -R '127.0.0.2'\">", 'Require all denied', '</If>'), f()],
    [req('@/f.txt'), req('HEAD @/f.txt'), req('@/f.txt', { from: '127.0.0.2' })],
  ),
  c(
    'request uri',
    [ht('<If "%{REQUEST_URI} =~ m#/sub/#">', 'Require all denied', '</If>'), f(), file('sub/f.txt')],
    [req('@/f.txt'), req('@/sub/f.txt')],
  ),
  c(
    'setenvif not seen',
    [ht('SetEnvIf Request_URI . SEEN=1', '<If "-n reqenv(\'SEEN\')">', 'Require all denied', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'setenvif inside',
    [ht('Require env INIF', '<If "true">', 'SetEnvIf Request_URI . INIF=1', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'redirect inside',
    [ht('<If "%{QUERY_STRING} == \'r\'">', 'Redirect 301 /', '</If>'), f()],
    [req('@/f.txt?r'), req('@/f.txt')],
  ),
  c(
    'redirect two args inside',
    [ht('<If "true">', 'Redirect 301 {URL}/f.txt http://example.com/x', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'errordocument inside',
    [ht('<If "true">', 'ErrorDocument 404 "nothing here IFED-MARKER"', '</If>'), f()],
    [req('@/missing')],
  ),
  c(
    'authmerging inside',
    [ht(AUTH, 'Require valid-user', '<If "true">', 'AuthMerging And', 'Require user alice', '</If>'), f()],
    [req('@/f.txt', { as: 'bob' }), req('@/f.txt', { as: 'alice' })],
  ),
  c('options inside', [ht('<If "true">', 'Options -Indexes', '</If>'), file('d/x.txt')], [req('@/d/')]),
  c('directoryindex inside', [ht('<If "true">', 'DirectoryIndex f.txt', '</If>'), f()], [req('@/')]),
  c('case insensitive names', [ht('<if "true">', 'Require all denied', '</if>'), f()], [req('@/f.txt')]),
  c('mismatched close', [ht('<If "true">', 'Require all denied', '</Else>'), f()], [req('@/f.txt')], 'syntax'),
  c('unquoted expr', [ht('<If true>', 'Require all denied', '</If>'), f()], [req('@/f.txt')]),
  c(
    'elseif chain',
    [
      ht(
        '<If "%{QUERY_STRING} == \'a\'">',
        'Require all denied',
        '</If>',
        '<ElseIf "%{QUERY_STRING} =~ /a|b/">',
        'ForceType text/x-b',
        '</ElseIf>',
        '<ElseIf "true">',
        'ForceType text/x-c',
        '</ElseIf>',
        '<Else>',
        'ForceType text/x-else',
        '</Else>',
      ),
      f(),
    ],
    [req('@/f.txt?a'), req('@/f.txt?b'), req('@/f.txt?c')],
  ),
  c(
    'if after else starts new chain',
    [ht('<If "true">', '</If>', '<Else>', '</Else>', '<If "true">', 'Require all denied', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'else after if in files',
    [ht('<If "false">', '</If>', '<Files f.txt>', '<Else>', 'Require all denied', '</Else>', '</Files>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'files body then if false',
    [ht('<Files f.txt>', 'Require all denied', '</Files>', '<If "false">', 'Require all granted', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'elseif with unknown var',
    [ht('<If "true">', '</If>', '<ElseIf "%{BOGUS}">', '</ElseIf>'), f()],
    [req('@/f.txt')],
    'syntax',
  ),
  c(
    'authmerging across two ifs',
    [
      ht(
        AUTH,
        'Require user bob',
        '<If "true">',
        'Require valid-user',
        '</If>',
        '<If "true">',
        'AuthMerging And',
        'Require valid-user',
        '</If>',
      ),
      f(),
    ],
    [req('@/f.txt', { as: 'alice' }), req('@/f.txt', { as: 'bob' })],
  ),
  c(
    'authmerging nested',
    [
      ht(
        AUTH,
        'Require user bob',
        '<If "true">',
        'Require valid-user',
        '<If "true">',
        'AuthMerging And',
        'Require valid-user',
        '</If>',
        '</If>',
      ),
      f(),
    ],
    [req('@/f.txt', { as: 'alice' }), req('@/f.txt', { as: 'bob' })],
  ),
  c(
    'authname inside',
    [ht(AUTH, 'Require valid-user', '<If "true">', 'AuthName "InIf"', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c('fallbackresource inside', [ht('<If "true">', 'FallbackResource {URL}/f.txt', '</If>'), f()], [req('@/nothing')]),
  c(
    'legacy access inside',
    [ht('<If "%{QUERY_STRING} == \'d\'">', 'Order deny,allow', 'Deny from all', '</If>'), f()],
    [req('@/f.txt'), req('@/f.txt?d')],
  ),
  c(
    'requireall inside',
    [
      ht('<If "true">', '<RequireAll>', 'Require all granted', 'Require not ip 127.0.0.2', '</RequireAll>', '</If>'),
      f(),
    ],
    [req('@/f.txt'), req('@/f.txt', { from: '127.0.0.2' })],
  ),
  c(
    'ifmodule inside',
    [ht('<If "true">', '<IfModule mod_mime.c>', 'ForceType text/x-mod', '</IfModule>', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'header inside',
    [ht('<If "true">', 'Header set X-If yes', 'AddType text/x-add .txt', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c('directoryslash inside', [ht('<If "true">', 'DirectorySlash Off', '</If>'), file('d/x.txt')], [req('@/d')]),
  c(
    'request filename',
    [ht('<If "-f %{REQUEST_FILENAME}">', 'Require all denied', '</If>'), f()],
    [req('@/f.txt'), req('@/nothing')],
  ),
  c('http host', [ht('<If "%{HTTP_HOST} =~ /^127/">', 'Require all denied', '</If>'), f()], [req('@/f.txt')]),
  c('env function', [ht('<If "-n env(\'X\')">', 'Require all denied', '</If>'), f()], [req('@/f.txt')]),
  c(
    'legacy deny kept through an unrelated If',
    [ht('Order deny,allow', 'Deny from all', '<If "true">', 'ForceType text/x-k', '</If>'), f()],
    [req('@/f.txt')],
  ),
  c(
    'legacy deny kept through an unrelated If in a subdir',
    [
      ht('Order deny,allow', 'Deny from all'),
      htaccess('sub', '<If "true">', 'ForceType text/x-k', '</If>'),
      file('sub/f.txt'),
    ],
    [req('@/sub/f.txt')],
  ),
  c(
    'if with setenvif and legacy allow',
    [
      ht(
        'Order deny,allow',
        'Deny from all',
        'Allow from env=OK',
        '<If "%{QUERY_STRING} == \'ok\'">',
        'SetEnvIf Request_URI . OK',
        '</If>',
      ),
      f(),
    ],
    [req('@/f.txt'), req('@/f.txt?ok')],
  ),
];
