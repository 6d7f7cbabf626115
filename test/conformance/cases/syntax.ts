// docs/apache-behaviour.md §4 .htaccess syntax: fatal errors (500) and lexical rules that must be accepted.

import { file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

/** A case whose .htaccess is exactly `content` (no trailing newline added), GET f.txt. */
function raw(name: string, content: string, status: number): Case {
  return {
    name,
    area: 'syntax',
    tree: [{ kind: 'file', path: '.htaccess', content }, file('f.txt')],
    requests: [req('@/f.txt', { expect: status })],
  };
}

const lines = (name: string, ls: string[], status: number): Case => raw(name, ls.join('\n') + '\n', status);

export const SYNTAX_CASES: Case[] = [
  lines('unknown directive', ['Bogus on'], 500),
  lines('wrong argument count', ['AuthName a b'], 500),
  lines('bad Require all value', ['Require all maybe'], 500),
  lines('Order with a space', ['Order allow, deny'], 500),
  lines('ErrorDocument with unknown status', ['ErrorDocument 999 oops'], 500),
  lines('unclosed RequireAll', ['<RequireAll>', 'Require all granted'], 500),
  lines('stray closing container', ['Require all granted', '</RequireAll>'], 500),
  raw('UTF-8 BOM', '\ufeffRequire all granted\n', 500),
  lines('trailing comment on Require', ['Require all denied # no comments here'], 500),
  lines('trailing comment on Allow', ['Allow from all # no comments here'], 500),
  lines('AllowOverride in .htaccess', ['AllowOverride None'], 500),
  lines('Directory section in .htaccess', ['<Directory /tmp>', 'Require all denied', '</Directory>'], 500),
  lines('Location section in .htaccess', ['<Location />', 'Require all denied', '</Location>'], 500),
  lines('provider names are case-sensitive', ['Require ALL denied'], 500),
  lines('unknown Require provider', ['Require bogus x'], 500),
  lines('Require without arguments', ['Require'], 500),
  lines('lone negative Require', ['Require not ip 10.0.0.1'], 500),
  lines('top-level RequireNone', ['<RequireNone>', 'Require ip 10.0.0.1', '</RequireNone>'], 500),
  lines('empty container', ['<RequireAny>', '</RequireAny>'], 500),
  lines('Files with two arguments', ['<Files "a.txt" "b.txt">', 'Require all denied', '</Files>'], 500),
  lines('unclosed Files', ['<Files a.txt>', 'Require all denied'], 500),
  lines('Satisfy with a bad value', ['Satisfy maybe'], 500),
  lines('Allow without from', ['Allow 127.0.0.1'], 500),
  lines('Order with a bad value', ['Order deny'], 500),
  lines('Options mixing signed and unsigned', ['Options +Indexes FollowSymLinks'], 500),
  lines('Options +None', ['Options +None'], 500),
  lines('Options with an unknown option', ['Options Bogus'], 500),
  lines('AuthMerging with a bad value', ['AuthMerging Maybe'], 500),
  lines('directive names are case-insensitive', ['REQUIRE all denied'], 403),
  lines('granted/denied are case-insensitive', ['Require all DENIED'], 403),
  raw('CRLF line endings', 'Require all denied\r\n', 403),
  raw('line continuation', 'Require \\\n  all denied\n', 403),
  raw('empty file', '', 200),
  lines('comments and blank lines only', ['# just a comment', '', '   # indented comment', ''], 200),
  lines('leading and trailing whitespace', ['   Require all denied   '], 403),
  lines(
    'false IfModule contents are not parsed',
    ['<IfModule mod_rewrite.c>', 'this is not a directive', '</IfModule>'],
    200,
  ),
  lines('negated IfModule', ['<IfModule !mod_rewrite.c>', 'Require all denied', '</IfModule>'], 403),
  lines(
    'IfModule of a loaded module (file name form)',
    ['<IfModule mod_authz_core.c>', 'Require all denied', '</IfModule>'],
    403,
  ),
  lines(
    'IfModule of a loaded module (identifier form)',
    ['<IfModule authz_core_module>', 'Require all denied', '</IfModule>'],
    403,
  ),
  lines(
    'quoted arguments with escaped quote',
    ['<RequireAll>', 'Require all granted', 'Require not user "we\\"ird"', '</RequireAll>'],
    200,
  ),
  lines('container names are case-insensitive', ['<requireall>', 'Require all denied', '</REQUIREALL>'], 403),
  {
    name: 'malformed child .htaccess below a denied parent',
    area: 'syntax',
    tree: [htaccess('', 'Require all denied'), htaccess('child', 'Bogus'), file('child/f.txt'), file('f.txt')],
    requests: [
      req('@/f.txt', { expect: 403 }),
      req('@/child/f.txt', { expect: 500 }),
      req('@/child/missing', { expect: 500 }),
    ],
  },
  {
    name: 'broken .htaccess affects the whole subtree',
    area: 'syntax',
    tree: [htaccess('b', 'Require all maybe'), file('b/f.txt'), file('b/sub/g.txt'), file('ok.txt')],
    requests: [
      req('@/b/sub/g.txt', { expect: 500 }),
      req('@/b/', { expect: 500 }),
      req('@/b', { expect: 500 }),
      req('@/ok.txt', { expect: 200 }),
    ],
  },
];
