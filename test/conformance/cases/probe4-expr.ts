// Fourth-round probes: the expression language as real sites write it in Require expr and <If>
// (list membership, string operators, functions, variables after authentication, file tests).

import { AUTH, file, htaccess, link, req } from '../dsl.js';
import type { Case } from '../types.js';

/** One folder per expression: `Require expr <e>` in front of a.txt. */
function exprDir(name: string, expr: string): ReturnType<typeof htaccess>[] {
  return [htaccess(name, `Require expr ${expr}`), file(`${name}/a.txt`)];
}

export const PROBE4_EXPR_CASES: Case[] = [
  {
    name: 'p4 expression operators and functions',
    area: 'authz',
    tree: [
      ...exprDir('inlist', '"%{REQUEST_METHOD} in { \'GET\', \'POST\' }"'),
      ...exprDir('dashin', '"%{REQUEST_METHOD} -in {\'GET\',\'HEAD\'}"'),
      ...exprDir('strmatch', '"%{QUERY_STRING} -strmatch \'k=*\'"'),
      ...exprDir('strcmatch', '"%{QUERY_STRING} -strcmatch \'K=*\'"'),
      ...exprDir('fnmatch', '"%{REQUEST_URI} -fnmatch \'*/a.txt\'"'),
      ...exprDir('lower', '"tolower(%{HTTP:X-Role}) == \'admin\'"'),
      ...exprDir('concat', '"%{HTTP:X-A} . \'-\' . %{HTTP:X-B} == \'1-2\'"'),
      ...exprDir('numeric', '"%{QUERY_STRING} -gt 10"'),
      ...exprDir('strlt', '"%{QUERY_STRING} < \'m\'"'),
      ...exprDir('regexi', '"%{HTTP_USER_AGENT} =~ m#^curl/#i"'),
      ...exprDir('notre', '"%{QUERY_STRING} !~ /secret/"'),
      ...exprDir('prec', '"true || false && false"'),
      ...exprDir('notprec', '"!-z %{HTTP:X-A} && %{HTTP:X-A} != \'0\'"'),
      ...exprDir('reqfn', '"req(\'X-A\') == \'1\' || http(\'x-b\') == \'2\'"'),
      ...exprDir('b64', '"base64(%{HTTP:X-A}) == \'MQ==\'"'),
      ...exprDir('unesc', '"unescape(%{QUERY_STRING}) == \'a b\'"'),
      ...exprDir('uri', '"%{REQUEST_URI} =~ /%20/"'),
      ...exprDir('proto', '"%{SERVER_PROTOCOL} == \'HTTP/1.0\'"'),
      ...exprDir('scheme', '"%{REQUEST_SCHEME} == \'http\' && %{HTTPS} == \'off\'"'),
    ],
    requests: [
      ...['GET', 'HEAD', 'POST', 'OPTIONS'].map((m) => req(`${m} @/inlist/a.txt`)),
      ...['GET', 'HEAD'].map((m) => req(`${m} @/dashin/a.txt`)),
      req('@/strmatch/a.txt?k=1'), req('@/strmatch/a.txt?K=1'),
      req('@/strcmatch/a.txt?k=1'), req('@/strcmatch/a.txt?x=1'),
      req('@/fnmatch/a.txt'),
      req('@/lower/a.txt', { headers: [['X-Role', 'AdMiN']] }), req('@/lower/a.txt'),
      req('@/concat/a.txt', { headers: [['X-A', '1'], ['X-B', '2']] }), req('@/concat/a.txt', { headers: [['X-A', '1']] }),
      req('@/numeric/a.txt?11'), req('@/numeric/a.txt?9'), req('@/numeric/a.txt?abc'),
      req('@/strlt/a.txt?a'), req('@/strlt/a.txt?z'),
      req('@/regexi/a.txt', { headers: [['User-Agent', 'CURL/8']] }), req('@/regexi/a.txt', { headers: [['User-Agent', 'wget']] }),
      req('@/notre/a.txt?x'), req('@/notre/a.txt?mysecret'),
      req('@/prec/a.txt'),
      req('@/notprec/a.txt', { headers: [['X-A', '0']] }), req('@/notprec/a.txt', { headers: [['X-A', '5']] }), req('@/notprec/a.txt'),
      req('@/reqfn/a.txt', { headers: [['X-B', '2']] }), req('@/reqfn/a.txt'),
      req('@/b64/a.txt', { headers: [['X-A', '1']] }),
      req('@/unesc/a.txt?a%20b'),
      req('@/uri/a.txt'),
      req('@/proto/a.txt', { version: '1.0' }), req('@/proto/a.txt'),
      req('@/scheme/a.txt'),
    ],
  },
  {
    name: 'p4 expressions after authentication and on files',
    area: 'authz',
    tree: [
      htaccess('u', AUTH, 'Require expr "%{REMOTE_USER} == \'bob\' || %{REMOTE_USER} -in {\'sam\'}"'),
      file('u/a.txt'),
      htaccess('at', AUTH, '<RequireAll>', '  Require valid-user', '  Require expr "%{AUTH_TYPE} == \'Basic\'"', '</RequireAll>'),
      file('at/a.txt'),
      htaccess('ifu', AUTH, 'Require valid-user', '<If "%{REMOTE_USER} == \'bob\'">', '  ErrorDocument 404 "BOB-404-MARKER', '</If>'),
      htaccess('ff', '<If "-f %{REQUEST_FILENAME}">', '  ErrorDocument 403 "IS-FILE-MARKER', '  Require all denied', '</If>', '<ElseIf "-d %{REQUEST_FILENAME}">', '  ErrorDocument 404 "IS-DIR-MARKER', '</ElseIf>'),
      file('ff/a.txt'),
      file('ff/sub/b.txt'),
      htaccess('sz', '<If "-s %{REQUEST_FILENAME}">', '  Require all denied', '</If>'),
      file('sz/full.txt'),
      file('sz/empty.txt', ''),
      htaccess('ln', '<If "-L %{REQUEST_FILENAME}">', '  Require all denied', '</If>'),
      file('ln/real.txt'),
      link('ln/alias.txt', 'real.txt'),
    ],
    requests: [
      req('@/u/a.txt', { as: 'bob' }), req('@/u/a.txt', { as: 'sam' }), req('@/u/a.txt', { as: 'alice' }), req('@/u/a.txt'),
      req('@/at/a.txt', { as: 'alice' }), req('@/at/a.txt'),
      req('@/ifu/nope', { as: 'bob' }), req('@/ifu/nope', { as: 'sam' }), req('@/ifu/nope'),
      req('@/ff/a.txt'), req('@/ff/sub/'), req('@/ff/sub'), req('@/ff/nope'),
      req('@/sz/full.txt'), req('@/sz/empty.txt'),
      req('@/ln/real.txt'), req('@/ln/alias.txt'),
    ],
  },
];
