// <If>/<ElseIf>/<Else> in access files: compile errors (Apache 2.4's messages, checked on a real
// Apache by test/conformance/cases/if-sections.ts) and the per-request walk (ap_if_walk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { applyIfSections } from '../../src/htaccess/if-walk.js';
import { baseConfig, fragmentBodies, mergeFragment, applyFilesSections } from '../../src/htaccess/merge.js';
import type { EffectiveConfig } from '../../src/htaccess/effective-config.js';
import type { ExprRequest } from '../../src/expr/types.js';
import type { AllowOverride, DirFragment, OverrideCategory } from '../../src/htaccess/types.js';

const FILE = '/srv/www/d/.htaccess';
const allow = (categories: OverrideCategory[]): AllowOverride => ({
  categories: new Set(categories),
  optionsList: null,
});
const ALL = allow(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']);

function compile(text: string, file = FILE, override = ALL): DirFragment {
  const r = compileAccessFile(text, file, override);
  if (r.kind === 'error') assert.fail(`unexpected error ${r.error.line}: ${r.error.message}`);
  return r.fragment;
}

function request(over: Partial<ExprRequest> = {}): ExprRequest {
  return {
    method: 'GET',
    clientIp: '127.0.0.1',
    uri: '/d/f.txt',
    query: '',
    headers: {},
    user: null,
    serverName: 'localhost',
    serverPort: '',
    protocol: 'HTTP/1.1',
    env: new Map(),
    ...over,
  };
}

const base = (): EffectiveConfig =>
  baseConfig({ options: new Set(), directoryIndex: ['index.html'], forbiddenOnFailure: false, defaultCharset: null });

/** The config for one request: access files in order, then <Files> for `name`, then <If>. */
function configFor(files: readonly string[], req: ExprRequest, name = 'f.txt'): ReturnType<typeof applyIfSections> {
  let cfg = base();
  files.forEach((text, i) => {
    cfg = mergeFragment(cfg, compile(text, `/srv/www/${'d/'.repeat(i)}.htaccess`));
  });
  return applyIfSections(applyFilesSections(cfg, name), req);
}

const forceType = (r: ReturnType<typeof applyIfSections>): string | null => r.config.forceType;

test("compile errors: file:line and Apache's message", async (t) => {
  const rows: Array<[string, string, number, string, AllowOverride?]> = [
    [
      '<Else> without <If>',
      '<Else>\n</Else>',
      1,
      '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope',
    ],
    [
      '<ElseIf> without <If>',
      'Require all granted\n<ElseIf "true">\n</ElseIf>',
      2,
      '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope',
    ],
    [
      '<Else> after <Else>',
      '<If "true">\n</If>\n<Else>\n</Else>\n<Else>\n</Else>',
      5,
      '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope',
    ],
    [
      '<Else> in <Files> after an outer <If>',
      '<If "true">\n</If>\n<Files a>\n<Else>\n</Else>\n</Files>',
      4,
      '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope',
    ],
    ['<Else> with an argument', '<If "true">\n</If>\n<Else "x">\n</Else>', 3, '<Else> does not take an argument'],
    ['<If> without a condition', '<If>\n</If>', 1, '<If> directive requires additional arguments'],
    [
      '<ElseIf> without a condition',
      '<If "true">\n</If>\n<ElseIf>\n</ElseIf>',
      3,
      '<ElseIf> directive requires additional arguments',
    ],
    ['two conditions', '<If "true" "false">\n</If>', 1, 'Multiple <If> arguments not supported.'],
    [
      '<If> inside <Limit>',
      '<Limit GET>\n<If "true">\n</If>\n</Limit>',
      2,
      '<If> cannot occur within <Limit> or <LimitExcept> section',
    ],
    [
      '<If> inside <RequireAll>',
      '<RequireAll>\n<If "true">\n</If>\n</RequireAll>',
      2,
      '<If> cannot occur within <Limit> or <LimitExcept> section',
    ],
    [
      'a body error comes before the chain error',
      '<Else>\nBogus\n</Else>',
      2,
      "Invalid command 'Bogus', perhaps misspelled or defined by a module not included in the server configuration",
    ],
    [
      'AllowOverride is checked inside',
      '<If "true">\nOptions -Indexes\n</If>',
      2,
      'Options not allowed in <If> context',
      allow(['AuthConfig']),
    ],
    ['wrong closing tag', '<If "true">\n</Else>', 2, 'Expected </If> but saw </Else>'],
  ];
  for (const [name, text, line, message, override] of rows) {
    await t.test(name, () => {
      const r = compileAccessFile(text, FILE, override ?? ALL);
      assert.equal(r.kind, 'error');
      if (r.kind === 'error') assert.deepEqual(r.error, { file: FILE, line, message });
    });
  }
  await t.test('an expression syntax error names the line', () => {
    for (const text of [
      '<If "%{QUERY_STRING} =~">\n</If>',
      '<If "true">\n</If>\n\n<ElseIf "%{NO_SUCH_VAR} == 1">\n</ElseIf>',
    ]) {
      const r = compileAccessFile(text, FILE, ALL);
      assert.equal(r.kind, 'error');
      if (r.kind !== 'error') continue;
      assert.equal(r.error.line, text.startsWith('<If "true">') ? 4 : 1);
      assert.match(r.error.message, /^Cannot parse condition clause: /);
    }
  });
});

test("compiled form: the chain is the section's list, whatever lies between", () => {
  const frag = compile(
    '<If "true">\nRequire all denied\n</If>\nAddType text/x-a .a\n<ElseIf "false">\n</ElseIf>\n' +
      '<Else>\nForceType text/x-e\n</Else>\n<If "true">\n</If>',
  );
  assert.deepEqual(
    frag.ifSections?.map((s) => [s.kind, s.expr?.text ?? null, s.loc.line]),
    [
      ['if', 'true', 1],
      ['elseif', 'false', 5],
      ['else', null, 7],
      ['if', 'true', 10],
    ],
  );
  assert.equal(frag.ifSections?.[2]?.body.forceType?.value, 'text/x-e');
  assert.equal(frag.authz, undefined, "the If body's Require stays in the body");
});

test('<Files> inside <If> is ignored with a warning; <If> inside <Files> is kept', () => {
  const frag = compile(
    '<If "true">\n<Files f.txt>\nRequire all denied\n</Files>\n</If>\n<Files g>\n<If "true">\nForceType text/x-g\n</If>\n</Files>',
  );
  assert.deepEqual(frag.ifSections?.[0]?.body.files, []);
  assert.match(frag.warnings[0]?.message ?? '', /<Files f\.txt> inside <If> has no effect/);
  assert.equal(frag.files[0]?.body.ifSections?.length, 1);
  assert.equal(fragmentBodies(frag).length, 4);
});

test('which body applies', async (t) => {
  const chain =
    '<If "%{QUERY_STRING} == \'a\'">\nForceType text/x-a\n</If>\n' +
    '<ElseIf "%{QUERY_STRING} =~ /a|b/">\nForceType text/x-b\n</ElseIf>\n' +
    '<ElseIf "-n %{QUERY_STRING}">\nForceType text/x-c\n</ElseIf>\n' +
    '<Else>\nForceType text/x-else\n</Else>';
  const rows: Array<[string, string[], Partial<ExprRequest>, string | null]> = [
    ['If true', [chain], { query: 'a' }, 'text/x-a'],
    ['first true ElseIf ends the chain', [chain], { query: 'b' }, 'text/x-b'],
    ['later ElseIf', [chain], { query: 'c' }, 'text/x-c'],
    ['Else', [chain], {}, 'text/x-else'],
    [
      'a new If after Else starts a new chain',
      ['<If "true">\n</If>\n<Else>\n</Else>\n<If "true">\nForceType text/x-2\n</If>'],
      {},
      'text/x-2',
    ],
    [
      "child file's If merges after the parent's",
      ['<If "true">\nForceType text/x-p\n</If>', '<If "true">\nForceType text/x-c\n</If>'],
      {},
      'text/x-c',
    ],
    [
      'parent If merges after the child directory',
      ['<If "true">\nForceType text/x-p\n</If>', 'ForceType text/x-c'],
      {},
      'text/x-p',
    ],
    [
      'If merges after <Files>',
      ['<If "true">\nForceType text/x-if\n</If>\n<Files f.txt>\nForceType text/x-files\n</Files>'],
      {},
      'text/x-if',
    ],
    [
      'If inside a matching <Files>',
      ['<Files f.txt>\n<If "true">\nForceType text/x-in\n</If>\n</Files>'],
      {},
      'text/x-in',
    ],
    [
      'If inside another <Files> is not applied',
      ['<Files g.txt>\n<If "true">\nForceType text/x-in\n</If>\n</Files>'],
      {},
      null,
    ],
    [
      'nested If',
      [
        '<If "true">\n<If "%{REQUEST_METHOD} == \'HEAD\'">\nForceType text/x-head\n</If>\n<Else>\nForceType text/x-get\n</Else>\n</If>',
      ],
      { method: 'HEAD' },
      'text/x-head',
    ],
    [
      'nested Else',
      [
        '<If "true">\n<If "%{REQUEST_METHOD} == \'HEAD\'">\nForceType text/x-head\n</If>\n<Else>\nForceType text/x-get\n</Else>\n</If>',
      ],
      {},
      'text/x-get',
    ],
    [
      'headers via %{HTTP:X} and req()',
      ["<If \"%{HTTP:X-Test} == 'yes' && req('x-other') =~ /^a/\">\nForceType text/x-h\n</If>"],
      { headers: { 'x-test': 'yes', 'x-other': 'abc' } },
      'text/x-h',
    ],
    ['REMOTE_ADDR', ['<If "-R \'10.0.0.0/8\'">\nForceType text/x-net\n</If>'], { clientIp: '10.1.2.3' }, 'text/x-net'],
    ['REQUEST_URI', ['<If "%{REQUEST_URI} =~ m#^/d/#">\nForceType text/x-uri\n</If>'], {}, 'text/x-uri'],
  ];
  for (const [name, files, req, expected] of rows) {
    await t.test(name, () => assert.equal(forceType(configFor(files, request(req))), expected));
  }
});

test('evaluations are reported in order with file:line', () => {
  const r = configFor(
    ['<If "false">\n</If>\n<ElseIf "true">\n</ElseIf>\n<Else>\n</Else>', '<If "false">\n</If>\n<Else>\n</Else>'],
    request(),
  );
  assert.deepEqual(
    r.evaluated.map((e) => [e.section.loc.file, e.section.loc.line, e.result]),
    [
      ['/srv/www/.htaccess', 1, false],
      ['/srv/www/.htaccess', 3, true],
      ['/srv/www/d/.htaccess', 1, false],
      ['/srv/www/d/.htaccess', 3, 'else'],
    ],
  );
  assert.equal(r.config.appliedIf?.length, 2);
  const none = configFor(['<If "false">\n</If>'], request());
  assert.equal(none.config.appliedIf, undefined, 'nothing applied: the same config object');
});

test('Require inside <If>: bodies are combined among themselves, then merged (checked on Apache)', () => {
  const kinds = (cfg: EffectiveConfig): string =>
    JSON.stringify(cfg.authz, (k, v: unknown) => (k === 'loc' || k === 'text' || k === 'methods' ? undefined : v));
  // Two sibling Ifs, the second with AuthMerging And: bob AND valid AND valid (alice refused on Apache).
  const siblings = configFor(
    [
      'Require user bob\n<If "true">\nRequire valid-user\n</If>\n<If "true">\nAuthMerging And\nRequire valid-user\n</If>',
    ],
    request(),
  );
  assert.match(kinds(siblings.config), /"users":\["bob"\]/);
  // Nested: the inner If is a later round merged onto the outer result: valid AND valid (alice allowed).
  const nested = configFor(
    [
      'Require user bob\n<If "true">\nRequire valid-user\n<If "true">\nAuthMerging And\nRequire valid-user\n</If>\n</If>',
    ],
    request(),
  );
  assert.doesNotMatch(kinds(nested.config), /"users":\["bob"\]/);
});

test('REMOTE_USER and SetEnvIf variables are not visible to the condition', () => {
  // The pipeline builds the request without a user and without environment; the expression
  // language itself reads them, so this documents what the walk is given.
  const r = configFor(['<If "-z %{REMOTE_USER} && -z reqenv(\'SEEN\')">\nForceType text/x-anon\n</If>'], request());
  assert.equal(forceType(r), 'text/x-anon');
});
