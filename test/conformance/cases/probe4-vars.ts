// Fourth-round probes: expression variables and functions less often used, quoting of the
// expression itself, regex back-references.

import { file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

function exprDir(name: string, line: string): ReturnType<typeof htaccess>[] {
  return [htaccess(name, line), file(`${name}/a.txt`)];
}

export const PROBE4_VARS_CASES: Case[] = [
  {
    name: 'p4 expression variables and functions',
    area: 'authz',
    tree: [
      ...exprDir('fname', 'Require expr "%{REQUEST_FILENAME} == \'{CASE}/fname/a.txt\'"'),
      ...exprDir('docroot', 'Require expr "%{DOCUMENT_ROOT} == \'{ROOT}\'"'),
      ...exprDir('ctx', 'Require expr "-n %{CONTEXT_PREFIX} || -z %{CONTEXT_PREFIX}"'),
      ...exprDir('therq', 'Require expr "%{THE_REQUEST} =~ /^GET .*fast HTTP\\/1\\.1$/"'),
      ...exprDir('sname', 'Require expr "%{SERVER_NAME} == \'127.0.0.1\'"'),
      ...exprDir('year', 'Require expr "%{TIME_YEAR} -ge 2020"'),
      ...exprDir('md5', 'Require expr "md5(%{QUERY_STRING}) == \'c4ca4238a0b923820dcc509a6f75849b\'"'),
      ...exprDir('sha1', 'Require expr "sha1(%{QUERY_STRING}) == \'356a192b7913b04c54574d18c28d46e6395428ab\'"'),
      ...exprDir('upper', 'Require expr "toupper(%{QUERY_STRING}) == \'AB\'"'),
      ...exprDir('esc', 'Require expr "escape(%{HTTP:X-A}) == \'a%20b\'"'),
      ...exprDir('backref', 'Require expr "%{QUERY_STRING} =~ /^id=(\\d+)$/ && $1 -gt 5"'),
      ...exprDir('squote', 'Require expr \'%{QUERY_STRING} == "ok"\''),
      ...exprDir('hipm', 'Require expr "%{HTTP:X-Fwd} -ipmatch \'10.0.0.0/8\'"'),
      ...exprDir('rbare', 'Require expr "-R \'127.0.0.2\'"'),
      ...exprDir('fsize', 'Require expr "filesize(\'{CASE}/fsize/a.txt\') -gt 5"'),
      ...exprDir('pathinfo', 'Require expr "-z %{PATH_INFO}"'),
      ...exprDir('ipv6', 'Require expr "%{IPV6} == \'off\'"'),
      ...exprDir('remaddr', "Require expr \"%{REMOTE_ADDR} == '127.0.0.3' || %{CONN_REMOTE_ADDR} == '127.0.0.4'\""),
      ...exprDir('ifsp', '<If "%{QUERY_STRING} == \'x\'" >\n  Require all denied\n</If>'),
      ...exprDir('ifnot', '<If "! (%{QUERY_STRING} == \'x\')">\n  Require all denied\n</If>'),
    ],
    requests: [
      req('@/fname/a.txt'),
      req('@/docroot/a.txt'),
      req('@/ctx/a.txt'),
      req('@/therq/a.txt?fast'),
      req('@/therq/a.txt?slow'),
      req('@/sname/a.txt'),
      req('@/year/a.txt'),
      req('@/md5/a.txt?1'),
      req('@/sha1/a.txt?1'),
      req('@/upper/a.txt?ab'),
      req('@/esc/a.txt', { headers: [['X-A', 'a b']] }),
      req('@/backref/a.txt?id=7'),
      req('@/backref/a.txt?id=3'),
      req('@/squote/a.txt?ok'),
      req('@/hipm/a.txt', { headers: [['X-Fwd', '10.1.2.3']] }),
      req('@/hipm/a.txt', { headers: [['X-Fwd', '11.1.2.3']] }),
      req('@/hipm/a.txt'),
      req('@/rbare/a.txt', { from: '127.0.0.2' }),
      req('@/rbare/a.txt'),
      req('@/fsize/a.txt'),
      req('@/pathinfo/a.txt'),
      req('@/ipv6/a.txt'),
      req('@/remaddr/a.txt', { from: '127.0.0.3' }),
      req('@/remaddr/a.txt', { from: '127.0.0.4' }),
      req('@/remaddr/a.txt'),
      req('@/ifsp/a.txt?x'),
      req('@/ifsp/a.txt'),
      req('@/ifnot/a.txt?x'),
      req('@/ifnot/a.txt'),
    ],
  },
];
