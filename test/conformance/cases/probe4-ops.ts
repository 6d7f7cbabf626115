// Fourth-round probes: the rest of the expression operators and functions (comparison spellings,
// -T, env lookups, regex delimiters, numbers with signs and zeros).

import { file, htaccess, req } from '../dsl.js';
import type { Case } from '../types.js';

function exprDir(name: string, ...lines: string[]): ReturnType<typeof htaccess>[] {
  return [htaccess(name, ...lines), file(`${name}/a.txt`)];
}

export const PROBE4_OPS_CASES: Case[] = [
  {
    name: 'p4 expression comparison spellings and functions',
    area: 'authz',
    tree: [
      ...exprDir('eq1', 'Require expr "%{QUERY_STRING} = \'x\'"'),
      ...exprDir('ne', 'Require expr "%{QUERY_STRING} -ne 0"'),
      ...exprDir('le', 'Require expr "%{QUERY_STRING} -le -3"'),
      ...exprDir('lz', 'Require expr "%{QUERY_STRING} -eq 7"'),
      ...exprDir('sge', 'Require expr "%{QUERY_STRING} >= \'b\'"'),
      ...exprDir('tt', 'Require expr "-T %{HTTP:X-A}"'),
      ...exprDir('envf', 'SetEnvIf X-A (.+) seen=$1', "Require expr \"env('seen') == 'yes'\""),
      ...exprDir('osenv', 'Require expr "-z osenv(\'NO_SUCH_VAR_P4\')"'),
      ...exprDir('delim', 'Require expr "%{QUERY_STRING} =~ m!^a/b$!"'),
      ...exprDir('alt', 'Require expr "%{QUERY_STRING} =~ /^(red|blue)$/ && $0 == \'red\'"'),
      ...exprDir('truecase', 'Require expr "TRUE"'),
      ...exprDir('cookie', 'Require expr "%{HTTP_COOKIE} =~ /(^|; )sid=ok(;|$)/"'),
      ...exprDir('handler', 'Require expr "-z %{HANDLER}"'),
      ...exprDir('dq', 'Require expr "%{QUERY_STRING} == \\"dq\\""'),
      ...exprDir('ifT', '<If "-T %{HTTP:X-Deny}">', '  Require all denied', '</If>'),
    ],
    requests: [
      req('@/eq1/a.txt?x'),
      req('@/eq1/a.txt?y'),
      req('@/ne/a.txt?1'),
      req('@/ne/a.txt?0'),
      req('@/ne/a.txt?00'),
      req('@/le/a.txt?-5'),
      req('@/le/a.txt?5'),
      req('@/lz/a.txt?007'),
      req('@/lz/a.txt?+7'),
      req('@/sge/a.txt?c'),
      req('@/sge/a.txt?a'),
      ...['1', '0', 'off', 'no', 'false', 'On', ''].map((v) => req('@/tt/a.txt', { headers: v ? [['X-A', v]] : [] })),
      req('@/envf/a.txt', { headers: [['X-A', 'yes']] }),
      req('@/envf/a.txt'),
      req('@/osenv/a.txt'),
      req('@/delim/a.txt?a/b'),
      req('@/alt/a.txt?red'),
      req('@/alt/a.txt?blue'),
      req('@/truecase/a.txt'),
      req('@/cookie/a.txt', { headers: [['Cookie', 'x=1; sid=ok']] }),
      req('@/cookie/a.txt', { headers: [['Cookie', 'sid=okay']] }),
      req('@/handler/a.txt'),
      req('@/dq/a.txt?dq'),
      req('@/ifT/a.txt', { headers: [['X-Deny', 'yes']] }),
      req('@/ifT/a.txt', { headers: [['X-Deny', '0']] }),
    ],
  },
];
