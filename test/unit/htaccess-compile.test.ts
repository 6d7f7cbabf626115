// What a valid access file compiles to: every directive's effect on the DirFragment, the
// Require tree (flattening, negation, <Limit>/<LimitExcept> method sets, docs/apache-behaviour.md §6.2, §6.6),
// Options (docs/apache-behaviour.md §3.5), ErrorDocument classification (docs/apache-behaviour.md §12.1),
// redirects, headers, <Files> bodies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import { compile, FILE, ALL } from '../helpers/compile.js';
import { DIRECTIVES, findDirective } from '../../src/htaccess/directives/table.js';
import type {
  AllowOverride,
  DirFragment,
  OptionsChange,
  RequireContainer,
  RequireNode,
} from '../../src/htaccess/types.js';

const at = (line: number) => ({ file: FILE, line });
const sorted = (set: ReadonlySet<string> | null | undefined): string[] | null => (set ? [...set].sort() : null);

/** A readable picture of a Require tree: leaves as their text, containers as {kind: [...]}. */
function tree(node: RequireNode): unknown {
  if (node.kind === 'leaf') return node.text;
  return { [node.kind]: node.children.map(tree) };
}

function root(frag: DirFragment): RequireContainer {
  assert.ok(frag.authz, 'expected an authz block');
  return frag.authz.root;
}

test('AllowOverride None: the file is not even read', () => {
  const result = compileAccessFile('total garbage <<<\n</Files>', FILE, { categories: new Set(), optionsList: null });
  assert.equal(result.kind, 'ok');
  if (result.kind === 'ok') assert.deepEqual(result.fragment.warnings, []);
});

test('an empty file or one with only comments changes nothing', () => {
  for (const text of ['', '\n\n', '# nothing here\n   # really\n']) {
    const frag = compile(text);
    assert.equal(frag.authz, undefined);
    assert.equal(frag.legacy, undefined);
    assert.deepEqual(frag.options, []);
    assert.equal(frag.source, FILE);
  }
});

test('authentication settings', async (t) => {
  await t.test('the four AUTH lines', () => {
    const frag = compile('AuthType Basic\nAuthName "Members Only"\nAuthUserFile conf/users\nAuthGroupFile /etc/groups');
    assert.deepEqual(frag.authType, { value: 'Basic', loc: at(1) });
    assert.deepEqual(frag.authName, { value: 'Members Only', loc: at(2) });
    // relative paths are kept as written; the caller resolves them against the server root
    assert.deepEqual(frag.authUserFile, { value: 'conf/users', loc: at(3) });
    assert.deepEqual(frag.authGroupFile, { value: '/etc/groups', loc: at(4) });
  });
  const types: Array<[string, string, boolean]> = [
    ['basic', 'Basic', false],
    ['BASIC', 'Basic', false],
    ['none', 'None', false],
    ['Digest', 'Digest', true],
    ['Form', 'Form', true],
  ];
  for (const [written, value, warns] of types) {
    await t.test(`AuthType ${written}`, () => {
      const frag = compile(`AuthType ${written}`);
      assert.equal(frag.authType?.value, value);
      assert.equal(frag.warnings.length > 0, warns);
    });
  }
  await t.test('AuthName keeps quotes and backslash escapes resolved, nothing else', () => {
    assert.equal(compile(`AuthName 'say "hi" there'`).authName?.value, 'say "hi" there');
    assert.equal(compile('AuthName "a\\"b"').authName?.value, 'a"b');
    assert.equal(compile('AuthName Realm').authName?.value, 'Realm');
  });
  await t.test('AuthBasicProvider lines accumulate; AuthBasicAuthoritative is accepted', () => {
    const frag = compile('AuthBasicProvider file\nAuthBasicProvider file\nAuthBasicAuthoritative Off');
    assert.deepEqual(frag.authBasicProvider, { value: ['file', 'file'], loc: at(2) });
    assert.deepEqual(frag.warnings, []);
  });
  await t.test('AuthzSendForbiddenOnFailure', () => {
    assert.deepEqual(compile('AuthzSendForbiddenOnFailure on').forbiddenOnFailure, { value: true, loc: at(1) });
    assert.deepEqual(compile('AuthzSendForbiddenOnFailure Off').forbiddenOnFailure, { value: false, loc: at(1) });
  });
});

test('Require providers', async (t) => {
  const rows: Array<[string, unknown]> = [
    ['Require all granted', { type: 'all', granted: true }],
    ['Require all DENIED', { type: 'all', granted: false }],
    ['require all Granted', { type: 'all', granted: true }],
    ['Require valid-user', { type: 'valid-user' }],
    ['Require valid-user ignored words', { type: 'valid-user' }],
    ['Require user bob "Mr X"', { type: 'user', users: ['bob', 'Mr X'] }],
    ['Require group admins staff', { type: 'group', groups: ['admins', 'staff'] }],
    ['Require local', { type: 'local' }],
    ['Require forward-dns a.example b.example', { type: 'forward-dns', names: ['a.example', 'b.example'] }],
    ['Require env A B', { type: 'env', names: ['A', 'B'] }],
    ['Require method GET HEAD POST', { type: 'method', methods: ['GET', 'POST'] }],
    ['Require host example.com .example.org', { type: 'host', names: ['example.com', '.example.org'] }],
  ];
  for (const [line, provider] of rows) {
    await t.test(line, () => {
      const leaf = root(compile(line)).children[0];
      assert.equal(leaf?.kind, 'leaf');
      if (leaf?.kind !== 'leaf') return;
      assert.deepEqual(leaf.provider, provider);
      assert.equal(leaf.negated, false);
      assert.equal(leaf.methods, null);
    });
  }
  await t.test('Require ip compiles every address rule', () => {
    const leaf = root(compile('Require ip 10.1 127.0.0.0/8 ::1')).children[0];
    assert.ok(leaf?.kind === 'leaf' && leaf.provider.type === 'ip');
    if (leaf.provider.type !== 'ip') return;
    assert.deepEqual(
      leaf.provider.matchers.map((m) => [m.text, m.family]),
      [
        ['10.1', 4],
        ['127.0.0.0/8', 4],
        ['::1', 6],
      ],
    );
  });
  await t.test('Require host: text after # is ignored with a warning', () => {
    const frag = compile('Require host example.com # old');
    const leaf = root(frag).children[0];
    assert.deepEqual(leaf?.kind === 'leaf' && leaf.provider, { type: 'host', names: ['example.com'] });
    assert.equal(frag.warnings.length, 1);
  });
  await t.test('the leaf keeps the line as written, for explanations', () => {
    const leaf = root(compile('  REQUIRE   user  bob  ')).children[0];
    assert.equal(leaf?.text, 'Require user  bob');
    assert.deepEqual(leaf?.loc, at(1));
  });
});

test('the Require tree', async (t) => {
  const rows: Array<[string, string, unknown]> = [
    [
      'top-level lines form the implicit RequireAny',
      'Require ip 10.0.0.1\nRequire valid-user',
      { any: ['Require ip 10.0.0.1', 'Require valid-user'] },
    ],
    [
      '<RequireAny> at the top level is flattened into it',
      '<RequireAny>\nRequire user a\nRequire user b\n</RequireAny>\nRequire user c',
      { any: ['Require user a', 'Require user b', 'Require user c'] },
    ],
    [
      '<RequireAll> with a negation',
      '<RequireAll>\nRequire valid-user\nRequire not user sam\n</RequireAll>',
      { any: [{ all: ['Require valid-user', 'Require not user sam'] }] },
    ],
    [
      '<RequireAll> inside <RequireAll> is flattened',
      '<RequireAll>\nRequire ip 10.0.0.1\n<RequireAll>\nRequire valid-user\n</RequireAll>\n</RequireAll>',
      { any: [{ all: ['Require ip 10.0.0.1', 'Require valid-user'] }] },
    ],
    [
      '<RequireNone> inside <RequireAll> stays a container',
      '<RequireAll>\nRequire all granted\n<RequireNone>\nRequire ip 10.0.0.1\nRequire user sam\n</RequireNone>\n</RequireAll>',
      { any: [{ all: ['Require all granted', { none: ['Require ip 10.0.0.1', 'Require user sam'] }] }] },
    ],
    [
      '<RequireAny> inside <RequireNone> is flattened (both OR)',
      '<RequireAll>\nRequire all granted\n<RequireNone>\n<RequireAny>\nRequire user a\n</RequireAny>\n</RequireNone>\n</RequireAll>',
      { any: [{ all: ['Require all granted', { none: ['Require user a'] }] }] },
    ],
    [
      '<RequireAll> with only negations is accepted (docs/apache-behaviour.md §6.2)',
      '<RequireAll>\nRequire not ip 10.0.0.1\n</RequireAll>',
      { any: [{ all: ['Require not ip 10.0.0.1'] }] },
    ],
    [
      '`not` is case-insensitive',
      '<RequireAll>\nRequire NOT user sam\nRequire valid-user\n</RequireAll>',
      { any: [{ all: ['Require NOT user sam', 'Require valid-user'] }] },
    ],
  ];
  for (const [name, text, expected] of rows) {
    await t.test(name, () => assert.deepEqual(tree(root(compile(text))), expected));
  }
  await t.test('negation flags and locations', () => {
    const all = root(compile('\n<RequireAll>\nRequire valid-user\nRequire not user sam\n</RequireAll>')).children[0];
    assert.ok(all?.kind === 'all');
    assert.deepEqual(all.loc, at(2));
    assert.deepEqual(
      all.children.map((c) => c.kind === 'leaf' && c.negated),
      [false, true],
    );
  });
  await t.test('the block starts at the first authz directive; AuthMerging is recorded', () => {
    const frag = compile('Options -Indexes\nAuthMerging And\nRequire valid-user');
    assert.deepEqual(frag.authz?.loc, at(2));
    assert.equal(frag.authz?.merging, 'and');
    assert.equal(compile('Require valid-user').authz?.merging, 'off');
    assert.equal(compile('AuthMerging OR\nRequire valid-user').authz?.merging, 'or');
  });
  await t.test('AuthMerging alone gives an authz block with an empty root applying to no method', () => {
    const frag = compile('AuthMerging Off');
    assert.equal(frag.authz?.merging, 'off');
    assert.deepEqual(frag.authz?.root.children, []);
    assert.deepEqual(sorted(frag.authz?.root.methods), []);
  });
  await t.test('a file without authz directives has no block (it inherits)', () => {
    assert.equal(compile('Options -Indexes\nAuthType Basic').authz, undefined);
  });
});

test('<Limit> and <LimitExcept> set the methods of the rules inside (docs/apache-behaviour.md §6.6)', async (t) => {
  const methodsOf = (text: string, index = 0): string[] | null => sorted(root(compile(text)).children[index]?.methods);
  await t.test('<Limit POST>', () =>
    assert.deepEqual(methodsOf('<Limit POST>\nRequire valid-user\n</Limit>'), ['POST']),
  );
  await t.test('HEAD is GET', () =>
    assert.deepEqual(methodsOf('<Limit GET HEAD>\nRequire valid-user\n</Limit>'), ['GET']),
  );
  await t.test('<LimitExcept GET>: every other method', () => {
    const methods = methodsOf('<LimitExcept GET>\nRequire valid-user\n</LimitExcept>');
    assert.ok(methods !== null);
    assert.ok(!methods.includes('GET'));
    for (const m of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE']) assert.ok(methods.includes(m), m);
  });
  await t.test('nested <Limit> narrows', () => {
    assert.deepEqual(methodsOf('<Limit GET POST>\n<Limit POST>\nRequire all denied\n</Limit>\n</Limit>'), ['POST']);
  });
  await t.test('outside any <Limit>: every method (null)', () => {
    assert.equal(methodsOf('Require all granted\n<Limit POST>\nRequire all denied\n</Limit>', 0), null);
    assert.deepEqual(methodsOf('Require all granted\n<Limit POST>\nRequire all denied\n</Limit>', 1), ['POST']);
  });
  await t.test('a container applies to the union of its children', () => {
    const text =
      '<RequireAll>\n<Limit GET>\nRequire ip 10.0.0.1\n</Limit>\n<Limit POST>\nRequire valid-user\n</Limit>\n</RequireAll>';
    assert.deepEqual(methodsOf(text), ['GET', 'POST']);
    assert.deepEqual(sorted(root(compile(text)).methods), ['GET', 'POST']);
  });
  await t.test('a root with an unlimited child is unlimited', () => {
    assert.equal(root(compile('Require all granted\n<Limit POST>\nRequire all denied\n</Limit>')).methods, null);
  });
  await t.test('Allow/Deny inside <Limit> carry the methods too', () => {
    const legacy = compile('<Limit POST PUT>\nOrder deny,allow\nDeny from all\n</Limit>\nAllow from 10.0.0.1').legacy;
    assert.deepEqual(sorted(legacy?.deny[0]?.methods), ['POST', 'PUT']);
    assert.equal(legacy?.allow[0]?.methods, null);
  });
});

test('legacy access control (mod_access_compat)', async (t) => {
  await t.test('Order values, case-insensitive', () => {
    for (const [written, value] of [
      ['Allow,Deny', 'allow,deny'],
      ['deny,allow', 'deny,allow'],
      ['Mutual-Failure', 'mutual-failure'],
    ]) {
      assert.deepEqual(compile(`Order ${written}`).legacy?.order, { value, loc: at(1) });
    }
  });
  await t.test('what `from` words mean', () => {
    const legacy = compile(
      'Allow from all env=GOOD env=!BAD 10.1 192.168.0.0/16 10.0.0.0/255.0.0.0 ::1 example.com 127.*',
    ).legacy;
    assert.deepEqual(
      legacy?.allow.map((r) =>
        r.kind === 'ip'
          ? ['ip', r.matcher.text]
          : r.kind === 'env'
            ? ['env', r.name, r.negate]
            : r.kind === 'host'
              ? ['host', r.name]
              : ['all'],
      ),
      [
        ['all'],
        ['env', 'GOOD', false],
        ['env', 'BAD', true],
        ['ip', '10.1'],
        ['ip', '192.168.0.0/16'],
        ['ip', '10.0.0.0/255.0.0.0'],
        ['ip', '::1'],
        ['host', 'example.com'],
        ['host', '127.*'],
      ],
    );
    assert.equal(legacy?.allow[1]?.text, 'Allow from env=GOOD');
  });
  await t.test('`from` is case-insensitive; Deny goes to deny', () => {
    const legacy = compile('Deny FROM all').legacy;
    assert.equal(legacy?.deny.length, 1);
    assert.equal(legacy?.allow.length, 0);
  });
  await t.test('Satisfy, and the block location is the first legacy directive', () => {
    const legacy = compile('Require valid-user\nSatisfy ANY\nOrder allow,deny').legacy;
    assert.deepEqual(legacy?.satisfy, { value: 'any', loc: at(2) });
    assert.deepEqual(legacy?.loc, at(2));
  });
  await t.test('a Satisfy inside a partial <Limit> applies to those methods only (per method, like Apache)', () => {
    const frag = compile('<Limit GET POST>\nSatisfy any\n</Limit>');
    assert.equal(frag.legacy?.satisfy, null);
    assert.deepEqual([...(frag.legacy?.satisfyByMethod?.keys() ?? [])].sort(), ['GET', 'POST']);
    assert.equal(frag.warnings.length, 0);
  });
});

test('Options (docs/apache-behaviour.md §3.5)', async (t) => {
  const set = (...o: string[]) => ({ kind: 'set', options: o.sort() });
  const delta = (add: string[], remove: string[]) => ({ kind: 'delta', add: add.sort(), remove: remove.sort() });
  const rows: Array<[string, unknown[]]> = [
    ['Options Indexes', [set('Indexes')]],
    ['Options Indexes FollowSymLinks', [set('Indexes', 'FollowSymLinks')]],
    ['Options -Indexes', [delta([], ['Indexes'])]],
    ['Options +Indexes -FollowSymLinks', [delta(['Indexes'], ['FollowSymLinks'])]],
    ['Options +Indexes -Indexes', [delta([], ['Indexes'])]],
    ['Options None', [set()]],
    ['Options All', [set('Indexes', 'Includes', 'FollowSymLinks', 'ExecCGI')]],
    ['Options None +Indexes', [set(), delta(['Indexes'], [])]],
    ['Options All -Indexes', [set('Indexes', 'Includes', 'FollowSymLinks', 'ExecCGI'), delta([], ['Indexes'])]],
    ['options +indexes +MULTIVIEWS', [delta(['Indexes', 'MultiViews'], [])]],
    ['Options SymLinksIfOwnerMatch IncludesNOEXEC', [set('SymLinksIfOwnerMatch', 'IncludesNOEXEC')]],
    ['Options +RunScripts', [delta(['MultiViews', 'ExecCGI'], [])]],
    ['Options', []],
  ];
  const plain = (changes: OptionsChange[]) =>
    changes.map((c) =>
      c.kind === 'set'
        ? { kind: c.kind, options: sorted(c.options) }
        : { kind: c.kind, add: sorted(c.add), remove: sorted(c.remove) },
    );
  for (const [line, expected] of rows) {
    await t.test(line, () => assert.deepEqual(plain(compile(line).options), expected));
  }
  await t.test('each line is one change (two lines, two changes) with its location', () => {
    const options = compile('Options -Indexes\n\nOptions FollowSymLinks').options;
    assert.deepEqual(
      options.map((o) => [o.kind, o.loc.line]),
      [
        ['delta', 1],
        ['set', 3],
      ],
    );
  });
  await t.test('AllowOverride Options=Indexes,FollowSymLinks allows those', () => {
    const allow: AllowOverride = {
      categories: new Set(['Options']),
      optionsList: new Set(['Indexes', 'FollowSymLinks']),
    };
    assert.equal(compile('Options -Indexes +FollowSymLinks', allow).options.length, 1);
    assert.equal(compile('Options None', allow).options.length, 1);
  });
  await t.test('AllowOverride Options=Includes also allows IncludesNOEXEC', () => {
    const allow: AllowOverride = { categories: new Set(['Options']), optionsList: new Set(['Includes']) };
    assert.equal(compile('Options +IncludesNOEXEC', allow).options.length, 1);
  });
});

test('DirectoryIndex, DirectorySlash, IndexIgnore (docs/apache-behaviour.md §3.6, §11.2)', async (t) => {
  const rows: Array<[string, string[] | 'disabled']> = [
    ['DirectoryIndex index.html index.php', ['index.html', 'index.php']],
    ['DirectoryIndex a.html\nDirectoryIndex b.html', ['a.html', 'b.html']],
    ['DirectoryIndex disabled', 'disabled'],
    ['DirectoryIndex DISABLED', 'disabled'],
    ['DirectoryIndex a.html\nDirectoryIndex disabled', 'disabled'],
    ['DirectoryIndex disabled\nDirectoryIndex a.html', ['a.html']],
    ['DirectoryIndex disabled a.html', ['disabled', 'a.html']],
    ['DirectoryIndex', 'disabled'],
    ['DirectoryIndex /other/index.html "sp ace.html"', ['/other/index.html', 'sp ace.html']],
  ];
  for (const [text, value] of rows) {
    await t.test(JSON.stringify(text), () => assert.deepEqual(compile(text).directoryIndex?.value, value));
  }
  await t.test('DirectorySlash', () => {
    assert.deepEqual(compile('DirectorySlash Off').directorySlash, { value: false, loc: at(1) });
    assert.deepEqual(compile('DirectorySlash on').directorySlash, { value: true, loc: at(1) });
  });
  await t.test('IndexIgnore accumulates; IndexIgnoreReset', () => {
    const frag = compile('IndexIgnore .??* *~\nIndexIgnore README*\nIndexIgnoreReset On');
    assert.deepEqual(
      frag.indexIgnore.map((i) => [i.value, i.loc.line]),
      [
        ['.??*', 1],
        ['*~', 1],
        ['README*', 2],
      ],
    );
    assert.equal(frag.indexIgnoreReset, true);
    assert.equal(compile('IndexIgnoreReset Off').indexIgnoreReset, false);
  });
  await t.test('IndexStyleSheet is accepted with a warning; AddDescription is kept (mod_autoindex add_desc)', () => {
    const frag = compile('IndexStyleSheet /s.css\nAddDescription "x y" a.txt *.md\nAddDescription "z" sub/p [ab]');
    assert.equal(frag.warnings.length, 1);
    assert.deepEqual(frag.descriptions, [
      { pattern: 'a.txt', fullPath: false, wildcards: false, text: 'x y' },
      { pattern: '**.md*', fullPath: false, wildcards: true, text: 'x y' },
      { pattern: '*/sub/p*', fullPath: true, wildcards: true, text: 'z' },
      { pattern: '*[ab]*', fullPath: false, wildcards: true, text: 'z' },
    ]);
  });
  await t.test(
    'IndexOptions: plain keywords replace, +/- are increments, lines accumulate (mod_autoindex add_opts)',
    () => {
      const sets = (text: string): [string[], string[], string[]] => {
        const o = compile(text).indexOptions!;
        return [[...o.set].sort(), [...o.added].sort(), [...o.removed].sort()];
      };
      assert.deepEqual(sets('IndexOptions FancyIndexing foldersfirst'), [['FancyIndexing', 'FoldersFirst'], [], []]);
      assert.deepEqual(sets('IndexOptions +IgnoreCase -VersionSort'), [[], ['IgnoreCase'], ['VersionSort']]);
      assert.deepEqual(sets('IndexOptions +IgnoreCase\nIndexOptions -IgnoreCase'), [[], [], ['IgnoreCase']]);
      assert.deepEqual(sets('IndexOptions +IgnoreCase FancyIndexing'), [['FancyIndexing'], [], []]);
      assert.deepEqual(sets('IndexOptions None'), [['None'], [], []]);
      assert.deepEqual(sets('IndexOptions NameWidth=* DescriptionWidth=20 IconWidth=16 Charset=UTF-8'), [[], [], []]);
      assert.equal(compile('IndexOptions FancyIndexing').warnings.length, 0);
    },
  );
  await t.test("IndexOptions errors are Apache's", () => {
    const rows: Array<[string, string]> = [
      ['IndexOptions SuppressParentDirectory', 'Invalid directory indexing option'],
      ['IndexOptions +None', "Cannot combine '+' or '-' with 'None' keyword"],
      ['IndexOptions None FancyIndexing', "Cannot combine other IndexOptions keywords with 'None'"],
      ['IndexOptions NameWidth', "NameWidth with no value may only appear as '-NameWidth'"],
      ['IndexOptions NameWidth=3', 'NameWidth value must be greater than 5'],
      ['IndexOptions -IconWidth=3', "Cannot combine '-' with IconWidth=n"],
    ];
    for (const [line, message] of rows)
      assert.throws(
        () => compile(line),
        (e: Error) => e.message.includes(message),
        line,
      );
  });
  await t.test('IndexOrderDefault', () => {
    assert.deepEqual(compile('IndexOrderDefault descending size').indexOrderDefault, {
      value: { key: 'S', descending: true },
      loc: at(1),
    });
    assert.deepEqual(compile('IndexOrderDefault Ascending Date').indexOrderDefault?.value, {
      key: 'M',
      descending: false,
    });
    assert.throws(() => compile('IndexOrderDefault Up Name'), /First keyword must be 'Ascending' or 'Descending'/);
    assert.throws(
      () => compile('IndexOrderDefault Ascending Color'),
      /Second keyword must be 'Name', 'Date', 'Size', or 'Description'/,
    );
  });
});

test('ErrorDocument (docs/apache-behaviour.md §12.1)', async (t) => {
  const rows: Array<[string, number, unknown]> = [
    ['ErrorDocument 404 /errors/404.html', 404, { kind: 'local', path: '/errors/404.html' }],
    ['ErrorDocument 404 "/ed/errors/404.html"', 404, { kind: 'local', path: '/ed/errors/404.html' }],
    ['ErrorDocument 404 "/not a path"', 404, { kind: 'text', text: '/not a path' }],
    ['ErrorDocument 403 "Go away"', 403, { kind: 'text', text: 'Go away' }],
    ['ErrorDocument 404 relative.html', 404, { kind: 'text', text: 'relative.html' }],
    ['ErrorDocument 404 Nope', 404, { kind: 'text', text: 'Nope' }],
    ['ErrorDocument 404 "Oops', 404, { kind: 'text', text: 'Oops' }],
    ['ErrorDocument 404 //example.com/x', 404, { kind: 'local', path: '//example.com/x' }],
    ['ErrorDocument 500 http://example.com/oops', 500, { kind: 'external', url: 'http://example.com/oops' }],
    ['ErrorDocument 500 ftp://example.com/x', 500, { kind: 'external', url: 'ftp://example.com/x' }],
    ['ErrorDocument 404 mailto:webmaster@example.com', 404, { kind: 'external', url: 'mailto:webmaster@example.com' }],
    ['ErrorDocument 404 default', 404, { kind: 'default' }],
    ['ErrorDocument 404 DEFAULT', 404, { kind: 'default' }],
    ['ErrorDocument 200 x', 200, { kind: 'text', text: 'x' }],
    ['ErrorDocument 404abc x', 404, { kind: 'text', text: 'x' }],
    ['ErrorDocument 401 /login.html', 401, { kind: 'local', path: '/login.html' }],
    ['ErrorDocument 404 "Missing: %{REQUEST_URI}"', 404, { kind: 'text', text: 'Missing: %{REQUEST_URI}' }],
  ];
  for (const [line, code, spec] of rows) {
    await t.test(line, () => assert.deepEqual(compile(line).errorDocuments.get(code), { value: spec, loc: at(1) }));
  }
  await t.test('a full URL for 401 is ignored with a warning', () => {
    const frag = compile('ErrorDocument 401 http://example.com/login');
    assert.equal(frag.errorDocuments.size, 0);
    assert.deepEqual(frag.warnings, [
      { file: FILE, line: 1, message: 'cannot use a full URL in a 401 ErrorDocument directive --- ignoring!' },
    ]);
  });
  await t.test('a later line for the same code wins', () => {
    const frag = compile('ErrorDocument 404 /a.html\nErrorDocument 404 /b.html\nErrorDocument 403 /c.html');
    assert.deepEqual([...frag.errorDocuments.keys()].sort(), [403, 404]);
    assert.deepEqual(frag.errorDocuments.get(404)?.loc, at(2));
  });
});

test('MIME settings', async (t) => {
  await t.test('AddType: lower-cased type and extensions, dot optional', () => {
    const frag = compile('AddType Text/X-Foo .FOO bar\nAddType application/x-x .bar');
    assert.deepEqual(
      [...frag.addTypes].map(([k, v]) => [k, v.value, v.loc.line]),
      [
        ['foo', 'text/x-foo', 1],
        ['bar', 'application/x-x', 2],
      ],
    );
  });
  await t.test('ForceType', () => {
    assert.deepEqual(compile('ForceType Text/Plain').forceType, { value: 'text/plain', loc: at(1) });
    assert.deepEqual(compile('ForceType None').forceType, { value: null, loc: at(1) });
  });
  await t.test('AddDefaultCharset', () => {
    assert.equal(compile('AddDefaultCharset On').defaultCharset?.value, 'iso-8859-1');
    assert.equal(compile('AddDefaultCharset off').defaultCharset?.value, null);
    assert.equal(compile('AddDefaultCharset UTF-8').defaultCharset?.value, 'UTF-8');
  });
  await t.test('handlers, encodings and the like are accepted with a warning', () => {
    const frag = compile('AddHandler cgi-script .cgi\nAddCharset UTF-8 .txt');
    assert.equal(frag.warnings.length, 2);
    assert.equal(frag.addTypes.size, 0);
  });

  await t.test('SetHandler records the handler (None resets it); DirectoryCheckHandler its flag', () => {
    assert.equal(compile('SetHandler my-handler').handler?.value, 'my-handler');
    assert.equal(compile('SetHandler None').handler?.value, null);
    assert.equal(compile('DirectoryCheckHandler On').directoryCheckHandler?.value, true);
  });

  await t.test('RemoveType undoes the type of an extension (recorded as an empty type)', () => {
    const frag = compile('RemoveType .x HTML');
    assert.deepEqual(
      [...frag.addTypes].map(([k, v]) => [k, v.value]),
      [
        ['x', ''],
        ['html', ''],
      ],
    );
    assert.equal(frag.warnings.length, 0);
  });
});

test('Redirect, RedirectMatch, RedirectTemp, RedirectPermanent', async (t) => {
  const rows: Array<[string, unknown]> = [
    [
      'Redirect /old http://example.com/new',
      { kind: 'prefix', pattern: '/old', status: 302, target: 'http://example.com/new' },
    ],
    ['Redirect permanent /old /new', { kind: 'prefix', pattern: '/old', status: 301, target: '/new' }],
    ['Redirect TEMP /old /new', { kind: 'prefix', pattern: '/old', status: 302, target: '/new' }],
    ['Redirect seeother /old /new', { kind: 'prefix', pattern: '/old', status: 303, target: '/new' }],
    ['Redirect 308 /old /new', { kind: 'prefix', pattern: '/old', status: 308, target: '/new' }],
    ['Redirect gone /old', { kind: 'prefix', pattern: '/old', status: 410, target: null }],
    ['Redirect 410 /old', { kind: 'prefix', pattern: '/old', status: 410, target: null }],
    ['Redirect 404 /old', { kind: 'prefix', pattern: '/old', status: 404, target: null }],
    ['RedirectPermanent /a https://x/', { kind: 'prefix', pattern: '/a', status: 301, target: 'https://x/' }],
    ['RedirectTemp /a /b', { kind: 'prefix', pattern: '/a', status: 302, target: '/b' }],
    ['RedirectMatch ^/a(.*)$ /b$1', { kind: 'regex', pattern: '^/a(.*)$', status: 302, target: '/b$1' }],
    [
      'RedirectMatch 301 (?i)\\.PHP$ /gone.html',
      { kind: 'regex', pattern: '(?i)\\.PHP$', status: 301, target: '/gone.html' },
    ],
    ['RedirectMatch gone ^/old', { kind: 'regex', pattern: '^/old', status: 410, target: null }],
    // Apache in a directory context: a status and one URL redirect the whole directory
    ['Redirect 301 /elsewhere', { kind: 'regex', pattern: '', status: 301, target: '/elsewhere' }],
    ['Redirect /elsewhere', { kind: 'regex', pattern: '', status: 302, target: '/elsewhere' }],
    ['Redirect gone', { kind: 'regex', pattern: '', status: 410, target: null }],
  ];
  for (const [line, expected] of rows) {
    await t.test(line, () => {
      const [rule] = compile(line).redirects;
      assert.ok(rule);
      const { regex, loc, ...rest } = rule;
      assert.deepEqual(rest, expected);
      assert.deepEqual(loc, at(1));
      assert.equal(regex === null, rule.kind === 'prefix');
    });
  }
  await t.test('regexes are PCRE-compatible: (?i) becomes the i flag', () => {
    const [rule] = compile('RedirectMatch 301 (?i)\\.PHP$ /x').redirects;
    assert.ok(rule?.regex?.test('/index.php'));
  });
  await t.test('the whole-directory form is tried first', () => {
    const rules = compile('Redirect /a /b\nRedirect 301 /c').redirects;
    assert.deepEqual(
      rules.map((r) => r.pattern),
      ['', '/a'],
    );
  });
});

test('Header', async (t) => {
  const rows: Array<[string, unknown]> = [
    ['Header set X-Frame-Options DENY', { action: 'set', always: false, name: 'X-Frame-Options', value: 'DENY' }],
    ['Header always set X-A "b c"', { action: 'set', always: true, name: 'X-A', value: 'b c' }],
    ['header ALWAYS append Vary Accept', { action: 'append', always: true, name: 'Vary', value: 'Accept' }],
    ['Header onsuccess add X-B 1', { action: 'add', always: false, name: 'X-B', value: '1' }],
    ['Header unset Server', { action: 'unset', always: false, name: 'Server', value: null }],
    [
      'Header merge Cache-Control no-cache',
      { action: 'merge', always: false, name: 'Cache-Control', value: 'no-cache' },
    ],
    ['Header set X-Pct "100%%" early', { action: 'set', always: false, name: 'X-Pct', value: '100%' }],
    ['Header set X-Tab "a\\tb"', { action: 'set', always: false, name: 'X-Tab', value: 'a\tb' }],
    ['Header set X-Colon: v', { action: 'set', always: false, name: 'X-Colon', value: 'v' }],
    ['Header set X-Not env=!NOPE', { action: 'set', always: false, name: 'X-Not', value: 'env=!NOPE' }],
    [
      'Header set X-A 1 env=FOO',
      { action: 'set', always: false, name: 'X-A', value: '1', env: { name: 'FOO', negate: false } },
    ],
    [
      'Header unset X-A env=!FOO',
      { action: 'unset', always: false, name: 'X-A', value: null, env: { name: 'FOO', negate: true } },
    ],
    [
      'Header always set X-A 1 ENV=Foo',
      { action: 'set', always: true, name: 'X-A', value: '1', env: { name: 'Foo', negate: false } },
    ],
  ];
  for (const [line, expected] of rows) {
    await t.test(line, () => {
      const [rule] = compile(line).headers;
      assert.ok(rule);
      const { loc: _loc, ...rest } = rule;
      assert.deepEqual(rest, expected);
    });
  }
  await t.test('expr= conditions and values cannot be evaluated: the line is dropped with a warning', () => {
    for (const line of ['Header set X-A 1 "expr=%{REQUEST_URI} =~ /x/"', 'Header set X-A expr=%{REQUEST_URI}']) {
      const frag = compile(line);
      assert.equal(frag.headers.length, 0, line);
      assert.equal(frag.warnings.length, 1, line);
    }
  });
  await t.test('actions htserve does not implement are accepted with a warning', () => {
    const frag = compile('Header echo X-.*\nHeader note X y');
    assert.equal(frag.headers.length, 0);
    assert.equal(frag.warnings.length, 2);
  });

  await t.test('RequestHeader rules are kept apart from response headers; `early` is ignored in access files', () => {
    const frag = compile(
      'RequestHeader unset Range\nRequestHeader set X-A 1 early\nRequestHeader edit If-None-Match ^W/ ""',
    );
    assert.equal(frag.headers.length, 0);
    assert.deepEqual(
      frag.requestHeaders?.map((h) => [h.action, h.name, h.value]),
      [
        ['unset', 'Range', null],
        ['edit', 'If-None-Match', ''],
      ],
    );
  });

  await t.test('setifempty, edit and edit* compile to rules (edit keeps its regex)', () => {
    const frag = compile('Header setifempty X 1\nHeader edit X ^a b\nHeader always edit* Y "(\\d)" "<$1>"');
    assert.deepEqual(
      frag.headers.map((h) => [h.action, h.name, h.value, h.always, h.edit?.source ?? null]),
      [
        ['setifempty', 'X', '1', false, null],
        ['edit', 'X', 'b', false, '^a'],
        ['edit*', 'Y', '<$1>', true, '(\\d)'],
      ],
    );
    assert.equal(frag.warnings.length, 0);
  });
});

test('<Files> and <FilesMatch>', async (t) => {
  await t.test('a glob section has its own fragment', () => {
    const frag = compile(
      'Require all granted\n<Files "secret.txt">\nRequire all denied\nErrorDocument 403 /no.html\n</Files>',
    );
    assert.equal(frag.files.length, 1);
    const [section] = frag.files;
    assert.deepEqual(section?.matcher, { kind: 'glob', pattern: 'secret.txt' });
    assert.deepEqual(section?.loc, at(2));
    assert.deepEqual(tree(section.body.authz!.root), { any: ['Require all denied'] });
    assert.equal(section?.body.errorDocuments.get(403)?.value.kind, 'local');
    assert.deepEqual(tree(root(frag)), { any: ['Require all granted'] });
  });
  await t.test('<Files ~ "re"> and <FilesMatch> are regexes; (?i) is honoured', () => {
    const frag = compile(
      '<Files ~ "\\.bak$">\nRequire all denied\n</Files>\n<FilesMatch "(?i)\\.(INI|LOG)$">\nRequire all denied\n</FilesMatch>',
    );
    const [tilde, match] = frag.files;
    assert.equal(tilde?.matcher.kind, 'regex');
    assert.equal(match?.matcher.kind, 'regex');
    if (tilde?.matcher.kind !== 'regex' || match?.matcher.kind !== 'regex') return;
    assert.equal(tilde.matcher.pattern, '\\.bak$');
    assert.ok(tilde.matcher.regex.test('x.bak'));
    assert.ok(!tilde.matcher.regex.test('x.BAK'));
    assert.ok(match.matcher.regex.test('app.log'));
    assert.ok(match.matcher.regex.test('APP.INI'));
  });
  await t.test('legacy rules and Options inside a <Files> body', () => {
    const [section] = compile('<Files ".ht*">\nOrder allow,deny\nDeny from all\nOptions -Indexes\n</Files>').files;
    assert.equal(section?.body.legacy?.order?.value, 'allow,deny');
    assert.equal(section?.body.options.length, 1);
  });
  await t.test('warnings from inside a section are collected on the file', () => {
    const frag = compile('<Files a>\nIndexStyleSheet /s.css\n</Files>');
    assert.equal(frag.warnings.length, 1);
    assert.equal(frag.files[0]?.body.warnings.length, 0);
  });
  await t.test('a <Files> inside <Files> is kept in the body', () => {
    const [outer] = compile('<Files a*>\n<Files ab>\nRequire all denied\n</Files>\n</Files>').files;
    assert.equal(outer?.body.files.length, 1);
  });
});

test('conditional sections', async (t) => {
  await t.test('<IfModule> of a module that is not loaded: garbage inside ignored', () => {
    const frag = compile(
      '<IfModule mod_cache.c>\nCacheEnable disk /\nCacheDefaultExpire x\n<<garbage x\n</<garbage>\n</IfModule>\nOptions -Indexes',
    );
    assert.equal(frag.options.length, 1);
  });
  await t.test('loaded modules in both spellings', () => {
    for (const name of [
      'mod_authz_core.c',
      'authz_core_module',
      'mod_mime.c',
      'mime_module',
      'mod_headers.c',
      'core.c',
      'mod_version.c',
      'mod_setenvif.c',
      'mod_rewrite.c',
      'rewrite_module',
      'mod_expires.c',
      'mod_deflate.c',
      'filter_module',
    ]) {
      assert.equal(compile(`<IfModule ${name}>\nOptions -Indexes\n</IfModule>`).options.length, 1, name);
    }
    for (const name of ['mod_php7.c', 'mod_cache.c', 'MOD_MIME.C', 'mod_rewrite', 'rewrite']) {
      assert.equal(compile(`<IfModule ${name}>\nOptions -Indexes\n</IfModule>`).options.length, 0, name);
    }
  });
  await t.test('<IfVersion> as Apache 2.4.71', () => {
    const text =
      '<IfVersion < 2.4>\nOrder allow,deny\nDeny from all\n</IfVersion>\n<IfVersion >= 2.4>\nRequire all denied\n</IfVersion>';
    const frag = compile(text);
    assert.equal(frag.legacy, undefined);
    assert.deepEqual(tree(root(frag)), { any: ['Require all denied'] });
    assert.equal(compile('<IfVersion 2.4>\nOptions -Indexes\n</IfVersion>').options.length, 0); // = 2.4.0
    assert.equal(compile('<IfVersion ~ ^2\\.4>\nOptions -Indexes\n</IfVersion>').options.length, 1);
  });
  await t.test('<IfDefine> sees no defines unless told', () => {
    assert.equal(compile('<IfDefine SSL>\nOptions -Indexes\n</IfDefine>').options.length, 0);
    const result = compileAccessFile('<IfDefine SSL>\nOptions -Indexes\n</IfDefine>', FILE, ALL, {
      defines: new Set(['SSL']),
    });
    assert.equal(result.kind === 'ok' && result.fragment.options.length, 1);
  });
  await t.test('<IfFile> asks the caller', () => {
    const result = compileAccessFile('<IfFile /x>\nOptions -Indexes\n</IfFile>', FILE, ALL, {
      fileExists: (p) => p === '/x',
    });
    assert.equal(result.kind === 'ok' && result.fragment.options.length, 1);
    assert.equal(compile('<IfFile /x>\nOptions -Indexes\n</IfFile>').options.length, 0);
  });
});

test('SetEnv and UnsetEnv are recorded in order (for Header env=)', () => {
  const frag = compile('SetEnv A b\nSetEnv FLAG\nUnsetEnv A C');
  assert.deepEqual(
    frag.setEnv?.map((r) => [r.name, r.value, r.loc.line]),
    [
      ['A', 'b', 1],
      ['FLAG', '', 2],
      ['A', null, 3],
      ['C', null, 3],
    ],
  );
  assert.equal(frag.warnings.length, 0);
});

test('accepted-but-ignored directives warn and change nothing', () => {
  const frag = compile('PassEnv A\nFileETag MTime Size\nServerSignature Off\nDefaultIcon /i.png\nLimitRequestBody 100');
  assert.equal(frag.warnings.length, 5);
  assert.deepEqual(
    frag.warnings.map((w) => w.line),
    [1, 2, 3, 4, 5],
  );
  assert.equal(frag.authz, undefined);
  assert.equal(frag.setEnvIf, undefined);
});

test('SetEnvIf, SetEnvIfNoCase, BrowserMatch[NoCase]', async (t) => {
  const rows: Array<[string, unknown]> = [
    [
      'SetEnvIf Remote_Addr "^127\\.0\\.0\\.2$" LETIN',
      { attribute: 'Remote_Addr', pattern: '^127\\.0\\.0\\.2$', flags: '', set: [{ name: 'LETIN', value: '1' }] },
    ],
    [
      'SetEnvIf Request_URI \\.gif$ object_is_image=gif !cache',
      {
        attribute: 'Request_URI',
        pattern: '\\.gif$',
        flags: '',
        set: [
          { name: 'object_is_image', value: 'gif' },
          { name: 'cache', value: null },
        ],
      },
    ],
    [
      'SetEnvIfNoCase Referer example\\.com local_ref',
      { attribute: 'Referer', pattern: 'example\\.com', flags: 'i', set: [{ name: 'local_ref', value: '1' }] },
    ],
    [
      'BrowserMatch ^Mozilla/4 nokeepalive',
      { attribute: 'User-Agent', pattern: '^Mozilla/4', flags: '', set: [{ name: 'nokeepalive', value: '1' }] },
    ],
    [
      'BrowserMatchNoCase bot is_bot=yes',
      { attribute: 'User-Agent', pattern: 'bot', flags: 'i', set: [{ name: 'is_bot', value: 'yes' }] },
    ],
    // Apache keeps assignments in a table: `VAR=` sets "1", a later one for the same name wins
    [
      'SetEnvIf Host x A= B=1 B=2',
      {
        attribute: 'Host',
        pattern: 'x',
        flags: '',
        set: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
    ],
  ];
  for (const [line, expected] of rows) {
    await t.test(line, () => {
      const [rule] = compile(line).setEnvIf ?? [];
      assert.ok(rule);
      assert.deepEqual(
        { attribute: rule.attribute, pattern: rule.pattern, flags: rule.regex.flags, set: rule.set },
        expected,
      );
      assert.deepEqual(rule.loc, at(1));
    });
  }
  await t.test('rules keep file order, also inside <Files>', () => {
    const frag = compile('SetEnvIf A a x\nSetEnvIf B b y\n<Files f>\nSetEnvIf C c z\n</Files>');
    assert.deepEqual(
      frag.setEnvIf?.map((r) => r.attribute),
      ['A', 'B'],
    );
    assert.deepEqual(
      frag.files[0]?.body.setEnvIf?.map((r) => r.attribute),
      ['C'],
    );
  });
});

test('FallbackResource and AcceptPathInfo', () => {
  assert.deepEqual(compile('FallbackResource /index.php').fallbackResource, { value: '/index.php', loc: at(1) });
  assert.deepEqual(compile('FallbackResource disabled').fallbackResource, { value: null, loc: at(1) });
  assert.deepEqual(compile('AcceptPathInfo On').acceptPathInfo, { value: 'on', loc: at(1) });
  assert.deepEqual(compile('AcceptPathInfo DEFAULT').acceptPathInfo, { value: 'default', loc: at(1) });
});

test('PCRE patterns JavaScript cannot spell are translated', async (t) => {
  const rows: Array<[string, string[], string[]]> = [
    ['\\.(?i:php|phtml)$', ['x.php', 'X.PHP', 'x.PhTmL'], ['x.txt', 'php.x']],
    ['(?i)\\.TXT$', ['a.txt', 'A.TXT'], ['a.tx']],
    ['^a(?i)B$', ['aB', 'ab'], ['AB']],
    ['(?i:[a-c]\\.x)', ['B.X', 'a.x'], ['d.x']],
    ['^[[:alpha:]]+[[:digit:]]$', ['ab1'], ['a-1']],
    ['^(?P<n>a)(?P=n)$', ['aa'], ['ab']],
    ['\\Aab\\z', ['ab'], ['xab']],
    ['^[]x]$', [']', 'x'], ['y']],
  ];
  for (const [pattern, matching, other] of rows) {
    await t.test(pattern, () => {
      const [section] = compile(
        `<FilesMatch "${pattern.replace(/"/g, '\\"')}">\nRequire all denied\n</FilesMatch>`,
      ).files;
      assert.ok(section?.matcher.kind === 'regex');
      if (section.matcher.kind !== 'regex') return;
      for (const name of matching) assert.ok(section.matcher.regex.test(name), `${pattern} should match ${name}`);
      for (const name of other) assert.ok(!section.matcher.regex.test(name), `${pattern} should not match ${name}`);
    });
  }
});

test('the directive table', async (t) => {
  await t.test('names are unique (case-insensitively) and every row has help text', () => {
    const names = DIRECTIVES.map((d) => d.name.toLowerCase());
    assert.equal(new Set(names).size, names.length);
    for (const d of DIRECTIVES) assert.ok(d.help.length > 0, d.name);
  });
  await t.test('lookups are case-insensitive and sections are named with <', () => {
    assert.equal(findDirective('REQUIRE')?.name, 'Require');
    assert.equal(findDirective('<files')?.name, '<Files');
    assert.equal(findDirective('Files'), undefined);
    assert.equal(findDirective('rewriteengine')?.name, 'RewriteEngine');
    assert.equal(findDirective('expiresactive')?.name, 'ExpiresActive');
    assert.equal(findDirective('CacheEnable'), undefined);
  });
  await t.test('AllowOverride classes of docs/apache-behaviour.md §4.1', () => {
    const classOf = (name: string) => findDirective(name)?.override;
    assert.deepEqual(classOf('Require'), ['AuthConfig']);
    assert.deepEqual(classOf('Satisfy'), ['AuthConfig']);
    assert.deepEqual(classOf('order'), ['Limit']);
    assert.deepEqual(classOf('<Limit'), ['Limit', 'AuthConfig']);
    assert.deepEqual(classOf('DirectoryIndex'), ['Indexes']);
    assert.deepEqual(classOf('Options'), ['Options']);
    assert.deepEqual(classOf('Header'), ['FileInfo']);
    assert.equal(classOf('<Files'), 'any');
    assert.equal(classOf('AllowOverride'), 'never');
  });
});
