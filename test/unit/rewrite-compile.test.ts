// mod_rewrite directives compiled from access-file text: what is accepted, Apache's messages with
// file:line for what is not, the merge across directories, and server.modules as <IfModule> sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { parseModuleList, isModuleLoaded } from '../../src/htaccess/directives/modules.js';
import { mergeRewrite } from '../../src/rewrite/merge.js';
import type { AllowOverride, DirFragment, OverrideCategory } from '../../src/htaccess/types.js';

const FILE = '/srv/www/a/.htaccess';
const ALL: AllowOverride = {
  categories: new Set<OverrideCategory>(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']),
  optionsList: null,
};

function ok(text: string, modules?: ReadonlySet<string>): DirFragment {
  const r = compileAccessFile(text, FILE, ALL, modules ? { modules } : {});
  if (r.kind === 'error') assert.fail(`${r.error.line}: ${r.error.message}`);
  return r.fragment;
}

test('rules, conditions and flags compile into the fragment', () => {
  const frag = ok(
    'RewriteEngine On\nRewriteBase /a/\nRewriteCond %{HTTP_HOST} ^www\\.(.+)$ [NC,OR]\n' +
      'RewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^(.*)$ http://%1/$1 [R=301,L,QSA]\nRewriteRule ^x$ - [F]',
  );
  const rw = frag.rewrite!;
  assert.equal(rw.directory, '/srv/www/a/');
  assert.equal(rw.engine?.on, true);
  assert.equal(rw.base?.value, '/a/');
  assert.equal(rw.rules.length, 2);
  const [first, second] = rw.rules;
  assert.equal(first!.conds.length, 2);
  assert.deepEqual([first!.conds[0]!.nocase, first!.conds[0]!.ornext], [true, true]);
  assert.deepEqual(first!.conds[1]!.test, { kind: 'file', op: '-f' });
  assert.equal(first!.conds[1]!.negate, true);
  assert.deepEqual([first!.flags.redirect, first!.flags.last, first!.flags.qsa], [301, true, true]);
  assert.equal(second!.substitution, null);
  assert.equal(second!.flags.status, 403);
  assert.equal(second!.conds.length, 0);
});

test('errors are Apache messages at the right line', () => {
  const rows: Array<[string, number, RegExp]> = [
    ['RewriteEngine On\nRewriteRule ^a$ b [L,BOGUS]', 2, /^RewriteRule: unknown flag 'BOGUS'$/],
    ['RewriteRule ^(a$ b', 1, /^RewriteRule: cannot compile regular expression/],
    ['RewriteRule ^a$', 1, /^RewriteRule: bad argument line/],
    ['RewriteRule ^a$ b L', 1, /^RewriteRule: bad flag delimiters$/],
    ['RewriteCond x y [XYZ]', 1, /^RewriteCond: unknown flag 'XYZ'$/],
    ['RewriteBase relative/', 1, /^RewriteBase: argument is not a valid URL$/],
    ['RewriteOptions Bogus', 1, /^RewriteOptions: unknown option 'Bogus'$/],
    ['RewriteRule ^a$ b [R=299]', 1, /invalid HTTP response code '299' for flag 'R'/],
    ['RewriteMap m txt:/x', 1, /^RewriteMap not allowed here$/],
    ['RewriteRule ^a$ b [B,BNE=]', 1, /^RewriteRule: flag 'BNE' wants a list of characters \(i\.e\. \[BNE=\.\.\.\]\)$/],
    ['RewriteCond %{LA-U:REQUEST_FILENAME} x\nRewriteRule ^ -', 1, /^%\{LA-U:REQUEST_FILENAME\} is not supported/],
    ['RewriteCond expr "%{QUERY_STRING} =="\nRewriteRule ^ -', 1, /^RewriteCond: cannot compile expression "/],
  ];
  for (const [text, line, message] of rows) {
    const r = compileAccessFile(text, FILE, ALL);
    assert.equal(r.kind, 'error', text);
    if (r.kind !== 'error') continue;
    assert.equal(r.error.line, line, text);
    assert.match(r.error.message, message, text);
  }
});

test('inside <Files> and <If> the per-directory prefix is the section path, as Apache sets it', () => {
  const files = ok('<Files "a.html">\nRewriteRule ^ -\n</Files>');
  assert.equal(files.rewrite, undefined);
  assert.equal(files.files[0]!.body.rewrite?.directory, 'a.html/');
  const matched = ok('<FilesMatch "\\.txt$">\nRewriteRule ^ -\n</FilesMatch>');
  assert.equal(matched.files[0]!.body.rewrite?.directory, '\\.txt$/');
  const cond = ok('<If "true">\nRewriteRule ^ -\n</If>');
  assert.equal(cond.ifSections?.[0]?.body.rewrite?.directory, '*If/');
});

test('without FileInfo the directives are not allowed', () => {
  const r = compileAccessFile('RewriteEngine On', FILE, { categories: new Set(['AuthConfig']), optionsList: null });
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.equal(r.error.message, 'RewriteEngine not allowed here');
});

test('server.modules: parsing, <IfModule> in both spellings and unknown directives', () => {
  assert.deepEqual(
    [...parseModuleList(' rewrite, ,headers  mod_expires.c,setenvif_module ')],
    ['rewrite', 'headers', 'expires', 'setenvif'],
  );
  assert.throws(() => parseModuleList('re/write'));
  const mods = new Set(['mime', 'expires']);
  assert.equal(isModuleLoaded('mod_expires.c', mods), true);
  assert.equal(isModuleLoaded('expires_module', mods), true);
  assert.equal(isModuleLoaded('mod_rewrite.c', mods), false);
  assert.equal(isModuleLoaded('core.c', mods), true);
  assert.equal(ok('<IfModule !mod_rewrite.c>\nOptions -Indexes\n</IfModule>', mods).options.length, 1);
  assert.equal(ok('<IfModule mod_rewrite.c>\nOptions -Indexes\n</IfModule>').options.length, 1);
  const r = compileAccessFile('Header set X y', FILE, ALL, { modules: mods });
  assert.equal(r.kind, 'error');
  if (r.kind === 'error') assert.match(r.error.message, /^Invalid command 'Header'/);
});

test('merge: the child replaces the rules unless Inherit; state and base inherit', () => {
  const parent = mergeRewrite(undefined, ok('RewriteEngine On\nRewriteBase /p/\nRewriteRule ^a$ b').rewrite!);
  const child = mergeRewrite(parent, { ...ok('RewriteRule ^c$ d').rewrite!, directory: '/srv/www/a/b/' });
  assert.equal(child.engineOn, true);
  assert.equal(child.base, '/p/');
  assert.equal(child.directory, '/srv/www/a/b/');
  assert.deepEqual(
    child.rules.map((r) => r.pattern.source),
    ['^c$'],
  );
  const inherit = mergeRewrite(parent, ok('RewriteOptions Inherit\nRewriteRule ^c$ d').rewrite!);
  assert.deepEqual(
    inherit.rules.map((r) => r.pattern.source),
    ['^c$', '^a$'],
  );
  const before = mergeRewrite(parent, ok('RewriteOptions InheritBefore\nRewriteRule ^c$ d').rewrite!);
  assert.deepEqual(
    before.rules.map((r) => r.pattern.source),
    ['^a$', '^c$'],
  );
});
