// <Files> sections from several directory levels: Apache combines the matching sections among
// themselves first, then merges the result onto the directory's rules once (ap_file_walk).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { applyFilesSections, baseConfig, mergeFragment } from '../../src/htaccess/merge.js';
import { evaluateRequire } from '../../src/authz/require-eval.js';
import type { AllowOverride, DirFragment, OverrideCategory } from '../../src/htaccess/types.js';
import type { AuthzRequest } from '../../src/authz/types.js';

const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

function fragment(file: string, lines: string[]): DirFragment {
  const r = compileAccessFile(lines.join('\n'), file, ALL);
  if (r.kind === 'error') assert.fail(r.error.message);
  return r.fragment;
}

const AUTH = ['AuthType Basic', 'AuthName "R"', 'AuthUserFile /x/users'];
const ROOT = fragment('/www/.htaccess', [
  ...AUTH,
  'Require valid-user',
  '<Files "*.pdf">',
  'Require group admins',
  '</Files>',
]);
const SUB = fragment('/www/sub/.htaccess', [
  'AuthMerging And',
  'Require user bob alice sam',
  '<Files "x.pdf">',
  'AuthMerging Or',
  'Require user carl',
  '</Files>',
]);
const GROUPS: Record<string, string[]> = { bob: ['admins'], sam: [], carl: [] };

function status(name: string, user: string): 200 | 403 {
  const base = baseConfig({
    options: new Set(),
    directoryIndex: ['index.html'],
    forbiddenOnFailure: false,
    defaultCharset: null,
  });
  const cfg = applyFilesSections(mergeFragment(mergeFragment(base, ROOT), SUB), name);
  const req: AuthzRequest = {
    method: 'GET',
    clientIp: '127.0.0.1',
    localIp: '127.0.0.1',
    user,
    groups: new Set(GROUPS[user] ?? []),
    clientHostName: null,
    forwardDns: new Map(),
    env: new Map(),
  };
  return evaluateRequire(cfg.authz, req).result === 'granted' ? 200 : 403;
}

test('matching <Files> sections combine first, then merge onto the directory (Apache 2.4)', () => {
  const rows: [string, string, number][] = [
    // a.pdf: only the parent's <Files *.pdf> (AuthMerging Off) matches: group admins replaces
    ['a.pdf', 'bob', 200],
    ['a.pdf', 'sam', 403],
    ['a.pdf', 'carl', 403],
    // x.pdf: (valid-user AND user bob alice sam) OR (group admins OR user carl)
    ['x.pdf', 'bob', 200],
    ['x.pdf', 'sam', 200],
    ['x.pdf', 'carl', 200],
    // a.txt: no <Files>: valid-user AND user bob alice sam
    ['a.txt', 'sam', 200],
    ['a.txt', 'carl', 403],
  ];
  for (const [name, user, want] of rows) assert.equal(status(name, user), want, `${name} as ${user}`);
});
