// Access files Apache refuses (a 500 for the whole subtree), with the exact line and the exact
// message Apache logs. Every message here was checked against Apache 2.4.71 with the modules of
// Apache (docs/apache-behaviour.md §0), except the rows named "htserve refuses": constructs Apache
// accepts but htserve cannot honour, refused rather than ignored. Covered: the table of
// docs/apache-behaviour.md §4.2, the static Require rules of docs/apache-behaviour.md §6.2, the
// address forms of docs/apache-behaviour.md §6.3, Options (docs/apache-behaviour.md §3.5), legacy
// syntax (docs/apache-behaviour.md §8.1), sections and AllowOverride
// (docs/apache-behaviour.md §4.1).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAccessFile } from '../../src/htaccess/compile.js';
import type { AllowOverride, OptionName, OverrideCategory } from '../../src/htaccess/types.js';

const FILE = '/srv/www/d/.htaccess';

function allow(categories: OverrideCategory[], optionsList: OptionName[] | null = null): AllowOverride {
  return { categories: new Set(categories), optionsList: optionsList === null ? null : new Set(optionsList) };
}

const ALL = allow(['AuthConfig', 'Limit', 'Indexes', 'Options', 'FileInfo']);
const INVALID = (name: string) =>
  `Invalid command '${name}', perhaps misspelled or defined by a module not included in the server configuration`;

type Row = [name: string, text: string, line: number, message: string, allow?: AllowOverride];

function check(rows: Row[]) {
  return async (t: test.TestContext) => {
    for (const [name, text, line, message, override] of rows) {
      await t.test(name, () => {
        const result = compileAccessFile(text, FILE, override ?? ALL);
        assert.equal(result.kind, 'error', `expected an error for ${JSON.stringify(text)}`);
        if (result.kind !== 'error') return;
        assert.deepEqual(result.error, { file: FILE, line, message });
      });
    }
  };
}

test(
  'docs/apache-behaviour.md §4.2 failure modes',
  check([
    ['category not allowed', 'Require all granted', 1, 'Require not allowed here', allow(['Limit'])],
    ['unknown directive', 'Bogus', 1, INVALID('Bogus')],
    [
      'wrong argument count',
      'AuthName',
      1,
      'AuthName takes one argument, the authentication realm (e.g. "Members Only")',
    ],
    ['bad value: Require all', 'Require all maybe', 1, "Argument for 'Require all' must be 'granted' or 'denied'"],
    ['bad value: Order', 'Order foo', 1, 'unknown order'],
    ['bad value: ErrorDocument code', 'ErrorDocument 999 x', 1, 'Unsupported HTTP response code 999'],
    ['unclosed container', '<RequireAll>\nRequire all granted', 1, '<RequireAll> was not closed.'],
    ['stray container end', '</RequireAll>', 1, '</RequireAll> without matching <RequireAll> section'],
    ['UTF-8 BOM before the first directive', '\ufeffRequire all granted', 1, INVALID('\\xef\\xbb\\xbfRequire')],
    ['trailing comment on Require ip', 'Require ip 10.0.0.1 # c', 1, "ip address '#' appears to be invalid"],
    ['trailing comment on Allow', 'Allow from 10.0.0.1 # c', 1, 'No comments are allowed here'],
    [
      'trailing comment on Require all',
      'Require all granted # c',
      1,
      "Argument for 'Require all' must be 'granted' or 'denied'",
    ],
    [
      'trailing comment after signed Options',
      'Options -Indexes # c',
      1,
      'Either all Options must start with + or -, or no Option may.',
    ],
  ]),
);

test(
  'line numbers: the line of the offending directive',
  check([
    ['after comments and blank lines', '# header\n\nOptions -Indexes\n\nBogus', 5, INVALID('Bogus')],
    [
      'a continued line reports its first line',
      'Options \\\n  -Indexes\nRequire all \\\n  maybe',
      3,
      "Argument for 'Require all' must be 'granted' or 'denied'",
    ],
    ['CRLF line endings', 'Options -Indexes\r\nRequire all granted\r\nBogus\r\n', 3, INVALID('Bogus')],
    ['CRLF continuation', 'Require all \\\r\n granted\r\nBogus\r\n', 3, INVALID('Bogus')],
    ['inside a section: the inner line', '<Files a>\nRequire all granted\nBogus\n</Files>', 3, INVALID('Bogus')],
    [
      'container checks: the container line',
      'Options -Indexes\n<RequireAny>\n</RequireAny>',
      2,
      '<RequireAny> directive contains no authorization directives',
    ],
    [
      'a negation: the Require line',
      '<RequireAny>\nRequire all granted\nRequire not user x\n</RequireAny>',
      3,
      'negative Require directive has no effect in <RequireAny> directive',
    ],
    [
      '"Multiple" is checked after the body',
      '<Files a b>\nRequire all granted\n</Files>',
      1,
      'Multiple <Files> arguments not (yet) supported.',
    ],
    ['a body error comes before "Multiple"', '<Files a b>\nBogus\n</Files>', 2, INVALID('Bogus')],
    ['the first error wins', 'Bogus1\nBogus2', 1, INVALID('Bogus1')],
    [
      'nesting errors win over earlier directive errors',
      'Bogus\n<Files a>\n</RequireAll>',
      3,
      'Expected </Files> but saw </RequireAll>',
    ],
  ]),
);

test(
  'Require (docs/apache-behaviour.md §6.1, §6.2, §6.3)',
  check([
    [
      'lone negation',
      'Require not ip 10.0.0.1',
      1,
      'negative Require directive has no effect in <RequireAny> directive',
    ],
    [
      'negation directly in <RequireAny>',
      '<RequireAny>\nRequire not ip 10.0.0.1\n</RequireAny>',
      2,
      'negative Require directive has no effect in <RequireAny> directive',
    ],
    [
      'negation directly in <RequireNone>',
      '<RequireAll>\n<RequireNone>\nRequire not user sam\n</RequireNone>\n</RequireAll>',
      3,
      'negative Require directive has no effect in <RequireNone> directive',
    ],
    [
      'negation inside <Limit> at the top',
      '<Limit GET>\nRequire not ip 1.2.3.4\n</Limit>',
      2,
      'negative Require directive has no effect in <RequireAny> directive',
    ],
    [
      'top-level <RequireNone>',
      '<RequireNone>\nRequire ip 10.0.0.1\n</RequireNone>',
      1,
      '<RequireNone> directive has no effect in <RequireAny> directive',
    ],
    [
      '<RequireNone> in <RequireNone>',
      '<RequireAll>\n<RequireNone>\n<RequireNone>\nRequire user sam\n</RequireNone>\n</RequireNone>\n</RequireAll>',
      3,
      '<RequireNone> directive has no effect in <RequireNone> directive',
    ],
    [
      'empty <RequireAll>',
      '<RequireAll>\n</RequireAll>',
      1,
      '<RequireAll> directive contains no authorization directives',
    ],
    [
      'empty <RequireNone>',
      '<RequireAll>\nRequire all granted\n<RequireNone>\n</RequireNone>\n</RequireAll>',
      3,
      '<RequireNone> directive contains no authorization directives',
    ],
    [
      'container with arguments',
      '<RequireAll foo>\nRequire all granted\n</RequireAll>',
      1,
      "<RequireAll> directive doesn't take additional arguments",
    ],
    ['provider names are case-sensitive', 'Require ALL granted', 1, 'Unknown Authz provider: ALL'],
    ['unknown provider', 'Require foo', 1, 'Unknown Authz provider: foo'],
    ['no provider', 'Require', 1, 'Unknown Authz provider: '],
    ['`not` without a provider', 'Require not', 1, 'Unknown Authz provider: '],
    ['Require all without argument', 'Require all', 1, "Argument for 'Require all' must be 'granted' or 'denied'"],
    [
      'Require all "granted" (raw argument keeps the quotes)',
      'Require all "granted"',
      1,
      "Argument for 'Require all' must be 'granted' or 'denied'",
    ],
    ['Require ip without argument', 'Require ip', 1, "'require ip' requires an argument"],
    ['Require ip 127.*', 'Require ip 127.*', 1, "ip address '127.*' appears to be invalid"],
    ['Require ip foo', 'Require ip foo', 1, "ip address 'foo' appears to be invalid"],
    [
      'Require ip 300.1.1.1',
      'Require ip 300.1.1.1',
      1,
      "ip address '300.1.1.1' appears to be invalid: The specified IP address is invalid.",
    ],
    [
      'Require ip /33',
      'Require ip 127.0.0.1/33',
      1,
      "ip address '127.0.0.1/33' appears to be invalid: The specified network mask is invalid.",
    ],
    [
      'Require ip /0',
      'Require ip 0.0.0.0/0',
      1,
      "ip address '0.0.0.0/0' appears to be invalid: The specified network mask is invalid.",
    ],
    [
      'Require ip ::/0',
      'Require ip ::/0',
      1,
      "ip address '::/0' appears to be invalid: The specified network mask is invalid.",
    ],
    [
      'Require ip ::1/129',
      'Require ip ::1/129',
      1,
      "ip address '::1/129' appears to be invalid: The specified network mask is invalid.",
    ],
    [
      'Require ip [::1]',
      'Require ip [::1]',
      1,
      "ip address '[::1]' appears to be invalid: The specified IP address is invalid.",
    ],
    [
      'Require ip 127/8',
      'Require ip 127/8',
      1,
      "ip address '127/8' appears to be invalid: The specified IP address is invalid.",
    ],
    [
      'Require ip ::ffff:127.0.0.1',
      'Require ip ::ffff:127.0.0.1',
      1,
      "ip address '::ffff:127.0.0.1' appears to be invalid: The specified IP address is invalid.",
    ],
    ['one bad address among good ones', 'Require ip 10.1 foo 127.0.0.1', 1, "ip address 'foo' appears to be invalid"],
    ['Require method: unknown', 'Require method GET FOO', 1, "Invalid Method 'FOO'"],
    ['Require method: case-sensitive', 'Require method get', 1, "Invalid Method 'get'"],
    [
      'Require expr: syntax error',
      'Require expr "%{REMOTE_ADDR} =="',
      1,
      'Cannot parse expression in require line: syntax error, unexpected end of file',
    ],
    [
      'Require expr: unknown variable',
      'Require expr "%{NOPE} == \'x\'"',
      1,
      "Cannot parse expression in require line: Variable 'NOPE' does not exist",
    ],
    [
      "Require expr: outside htserve's subset",
      "Require expr -F '/etc/passwd'",
      1,
      "Cannot parse expression in require line: unary operator '-F' is not supported by htserve (it checks access through a sub-request)",
    ],
    [
      'Require user with an unknown variable',
      'Require user %{FOO}',
      1,
      "Cannot parse expression in require line: Variable 'FOO' does not exist",
    ],
    ['AuthMerging bad value', 'AuthMerging foo', 1, 'AuthMerging must be one of: Off | And | Or'],
    [
      'AuthzSendForbiddenOnFailure bad value',
      'AuthzSendForbiddenOnFailure maybe',
      1,
      'AuthzSendForbiddenOnFailure must be On or Off',
    ],
  ]),
);

test(
  'authentication directives',
  check([
    [
      'AuthType without argument',
      'AuthType',
      1,
      'AuthType takes one argument, an HTTP authorization type (e.g., "Basic")',
    ],
    [
      'AuthName with two words',
      'AuthName Members Only',
      1,
      'AuthName takes one argument, the authentication realm (e.g. "Members Only")',
    ],
    [
      'htserve refuses an AuthName with a control character (Apache: 500 per request)',
      'AuthName "a\tb"',
      1,
      'AuthName contains invalid characters',
    ],
    [
      'AuthName with an unknown variable',
      'AuthName "%{FOO}"',
      1,
      "Cannot parse expression '%{FOO}' in AuthName: Variable 'FOO' does not exist",
    ],
    [
      'AuthUserFile takes one argument',
      'AuthUserFile a b',
      1,
      'AuthUserFile takes one argument, text file containing user IDs and passwords',
    ],
    [
      'AuthGroupFile without argument',
      'AuthGroupFile',
      1,
      'AuthGroupFile takes one argument, text file containing group names and member user IDs',
    ],
    ['AuthBasicProvider other than file', 'AuthBasicProvider dbm', 1, 'Unknown Authn provider: dbm'],
    ['AuthBasicProvider names are case-sensitive', 'AuthBasicProvider File', 1, 'Unknown Authn provider: File'],
    [
      'AuthBasicProvider without argument',
      'AuthBasicProvider',
      1,
      'AuthBasicProvider requires at least one argument, specify the auth providers for a directory or location',
    ],
    ['AuthBasicAuthoritative not a flag', 'AuthBasicAuthoritative foo', 1, 'AuthBasicAuthoritative must be On or Off'],
  ]),
);

test(
  'legacy access control (docs/apache-behaviour.md §8.1); Apache registers order/allow/deny in lower case',
  check([
    [
      'Order with a space',
      'Order allow, deny',
      1,
      "order takes one argument, 'allow,deny', 'deny,allow', or 'mutual-failure'",
    ],
    ['Order without argument', 'Order', 1, "order takes one argument, 'allow,deny', 'deny,allow', or 'mutual-failure'"],
    ['Order unknown', 'Order allow-deny', 1, 'unknown order'],
    [
      'Allow without from',
      'Allow 127.0.0.1',
      1,
      "allow requires at least two arguments, 'from' followed by hostnames or IP-address wildcards",
    ],
    ['Allow with a wrong word for from', 'Allow to 127.0.0.1', 1, "allow and deny must be followed by 'from'"],
    [
      'Deny from nothing',
      'Deny from',
      1,
      "deny requires at least two arguments, 'from' followed by hostnames or IP-address wildcards",
    ],
    ['# anywhere', 'Deny from evil#host', 1, 'No comments are allowed here'],
    ['bad address', 'Allow from 300.1.1.1', 1, 'The specified IP address is invalid.'],
    ['bad mask', 'Allow from 10.0.0.0/33', 1, 'The specified network mask is invalid.'],
    ['not an address before a mask', 'Allow from foo/8', 1, 'An IP address was expected'],
    ['partial address with a mask', 'Allow from 127/8', 1, 'The specified IP address is invalid.'],
    ['Satisfy bad value', 'Satisfy some', 1, "Satisfy either 'any' or 'all'."],
    [
      'Satisfy without argument',
      'Satisfy',
      1,
      "Satisfy takes one argument, access policy if both allow and require used ('all' or 'any')",
    ],
  ]),
);

test(
  'Options (docs/apache-behaviour.md §3.5)',
  check([
    [
      'mixing unsigned then signed',
      'Options Indexes -FollowSymLinks',
      1,
      'Either all Options must start with + or -, or no Option may.',
    ],
    [
      'mixing signed then unsigned',
      'Options -Indexes FollowSymLinks',
      1,
      'Either all Options must start with + or -, or no Option may.',
    ],
    ['+None', 'Options +None', 1, "You may not use 'Options +None' or 'Options -None'."],
    ['-All', 'Options -All', 1, "You may not use 'Options +All' or 'Options -All'."],
    ['None not first', 'Options Indexes None', 1, "'Options None' must be the first Option given."],
    ['All not first', 'Options Indexes All', 1, "'Options All' must be the first option given."],
    ['unknown option', 'Options Foo', 1, 'Illegal option Foo'],
    ['unknown signed option', 'Options +Foo', 1, 'Illegal option Foo'],
    ['an empty word', 'Options ""', 1, 'Illegal option '],
    [
      'outside AllowOverride Options=list',
      'Options +MultiViews',
      1,
      'Option MultiViews not allowed here',
      allow(['Options'], ['Indexes', 'FollowSymLinks']),
    ],
    [
      'All outside the list',
      'Options All',
      1,
      'Option All not allowed here',
      allow(['Options'], ['Indexes', 'FollowSymLinks']),
    ],
    [
      'IncludesNOEXEC does not allow Includes',
      'Options +Includes',
      1,
      'Option Includes not allowed here',
      allow(['Options'], ['IncludesNOEXEC']),
    ],
  ]),
);

test(
  'ErrorDocument, AddType, ForceType, AddDefaultCharset',
  check([
    ['one argument', 'ErrorDocument 404', 1, 'ErrorDocument takes two arguments, Change responses for HTTP errors'],
    [
      'three arguments',
      'ErrorDocument 404 a b',
      1,
      'ErrorDocument takes two arguments, Change responses for HTTP errors',
    ],
    ['not a number', 'ErrorDocument abc x', 1, 'Unsupported HTTP response code abc'],
    ['unknown code 600', 'ErrorDocument 600 x', 1, 'Unsupported HTTP response code 600'],
    ['a code Apache does not know (418)', 'ErrorDocument 418 x', 1, 'Unsupported HTTP response code 418'],
    ['a code Apache does not know (509)', 'ErrorDocument 509 x', 1, 'Unsupported HTTP response code 509'],
    [
      'unknown variable in the text',
      'ErrorDocument 404 "Missing %{FOO}"',
      1,
      "Cannot parse expression in ErrorDocument: Variable 'FOO' does not exist",
    ],
    [
      'unterminated %{',
      'ErrorDocument 404 "%{REQUEST_URI"',
      1,
      'Cannot parse expression in ErrorDocument: syntax error, unexpected T_ERROR, ' +
        "expecting T_VAR_END or ':': Unterminated string or variable",
    ],
    [
      'unknown function',
      'ErrorDocument 404 /x/%{foo:bar}',
      1,
      "Cannot parse expression in ErrorDocument: Function 'foo' does not exist",
    ],
    [
      'AddType with a type only',
      'AddType text/x-foo',
      1,
      'AddType requires at least two arguments, a mime type followed by one or more file extensions',
    ],
    [
      'ForceType without argument',
      'ForceType',
      1,
      'ForceType takes one argument, a mime type that overrides other configured type',
    ],
    [
      'AddDefaultCharset with two words',
      'AddDefaultCharset utf-8 x',
      1,
      "AddDefaultCharset takes one argument, The name of the default charset to add to any Content-Type without one or 'Off' to disable",
    ],
  ]),
);

test(
  'Redirect family (mod_alias)',
  check([
    [
      'no argument',
      'Redirect',
      1,
      'Redirect takes one, two or three arguments, an optional status, then document to be redirected and destination URL',
    ],
    [
      'four arguments',
      'Redirect /a /b /c /d',
      1,
      'Redirect takes one, two or three arguments, an optional status, then document to be redirected and destination URL',
    ],
    ['3xx without URL', 'Redirect 301', 1, 'URL to redirect to is missing'],
    ['relative target', 'Redirect 301 /a rel', 1, 'Redirect to non-URL'],
    ['relative target, default status', 'Redirect /a rel', 1, 'Redirect to non-URL'],
    ['gone with a URL', 'Redirect gone /a http://x', 1, 'Redirect URL not valid for this status'],
    ['404 with a URL', 'Redirect 404 /a /b', 1, 'Redirect URL not valid for this status'],
    ['unknown first of three', 'Redirect foo /a http://x', 1, 'Redirect: invalid first argument (of three)'],
    [
      'RedirectMatch one argument',
      'RedirectMatch ^/a',
      1,
      'RedirectMatch takes two or three arguments, an optional status, then a regular expression and destination URL',
    ],
    ['RedirectMatch bad regex', 'RedirectMatch (a /b', 1, 'Regular expression could not be compiled.'],
    [
      'RedirectPermanent one argument',
      'RedirectPermanent /a',
      1,
      'RedirectPermanent takes two arguments, a document to be redirected, then the destination URL',
    ],
    ['RedirectTemp relative', 'RedirectTemp /a rel', 1, 'Redirect to non-URL'],
    [
      'whole-directory form with an unknown variable',
      'Redirect 301 /x/%{FOO}',
      1,
      "Cannot parse redirect expression '/x/%{FOO}': Variable 'FOO' does not exist",
    ],
  ]),
);

test(
  'Header (mod_headers)',
  check([
    [
      'no action',
      'Header',
      1,
      "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.",
    ],
    [
      'unknown action',
      'Header foo X y',
      1,
      "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.",
    ],
    [
      'always alone',
      'Header always',
      1,
      "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.",
    ],
    ['no value', 'Header set X', 1, 'Header requires three arguments'],
    ['too many', 'Header set X y z w', 1, 'Too many arguments to directive'],
    ['far too many', 'Header set X y z w v', 1, 'Header has too many arguments'],
    ['unset with two more', 'Header unset X y z', 1, 'header unset takes two arguments'],
    [
      'empty env=',
      'Header set X y env=',
      1,
      'error: missing environment variable name. envclause should be in the form env=envar ',
    ],
    ['unknown clause', 'Header set X y foo', 1, 'Unknown parameter: foo'],
    ['unknown format tag', 'Header set X "%x"', 1, 'Unrecognized header format %x'],
    ['edit without substitution', 'Header edit X a', 1, 'Header edit requires a match and a substitution'],
  ]),
);

test(
  'sections',
  check([
    ['<Files> without argument', '<Files>\n</Files>', 1, '<Files> directive requires additional arguments'],
    ['<Files> without >', '<Files a.txt\n</Files>', 1, "<Files> directive missing closing '>'"],
    ['bad <FilesMatch> regex', '<FilesMatch (a>\n</FilesMatch>', 1, 'Regex could not be compiled'],
    ['bad <Files ~> regex', '<Files ~ (a>\n</Files>', 1, 'Regex could not be compiled'],
    [
      '<Files> inside <Limit>',
      '<Limit GET>\n<Files a>\n</Files>\n</Limit>',
      2,
      '<Files> cannot occur within <Limit> or <LimitExcept> section',
    ],
    [
      '<Files> inside <RequireAll>',
      '<RequireAll>\n<Files a>\n</Files>\n</RequireAll>',
      2,
      '<Files> cannot occur within <Limit> or <LimitExcept> section',
    ],
    ['<Limit> without methods', '<Limit>\n</Limit>', 1, '<Limit> directive requires additional arguments'],
    [
      '<Limit> with a lower-case method',
      '<Limit get>\nRequire all denied\n</Limit>',
      1,
      "Could not register method 'get' for <Limit from .htaccess configuration",
    ],
    [
      '<Limit> with an unknown method',
      '<LimitExcept BREW>\n</LimitExcept>',
      1,
      "Could not register method 'BREW' for <LimitExcept from .htaccess configuration",
    ],
    ['<Limit TRACE>', '<Limit TRACE>\n</Limit>', 1, 'TRACE cannot be controlled by <Limit>, see TraceEnable'],
    [
      'nested <Limit> excluding everything',
      '<Limit GET>\n<Limit POST>\n</Limit>\n</Limit>',
      2,
      '<Limit> directive excludes all methods',
    ],
    [
      'nested <Limit> widening',
      '<Limit GET>\n<Limit GET POST>\n</Limit>\n</Limit>',
      2,
      '<Limit> directive specifies methods already excluded',
    ],
    [
      '<LimitExcept> of the same method inside <Limit>',
      '<Limit GET>\n<LimitExcept GET>\n</LimitExcept>\n</Limit>',
      2,
      '<LimitExcept> directive excludes all methods',
    ],
    ['<Directory> in an access file', '<Directory />\n</Directory>', 1, '<Directory not allowed here'],
    ['<DirectoryMatch>', '<DirectoryMatch x>\n</DirectoryMatch>', 1, '<DirectoryMatch not allowed here'],
    ['<Location>', '<Location />\n</Location>', 1, '<Location not allowed here'],
    [
      '<Directory> inside <Files>',
      '<Files a>\n<Directory />\n</Directory>\n</Files>',
      2,
      '<Directory not allowed in <Files> context',
    ],
    ['an unknown section', '<Foo bar>\n</Foo>', 1, INVALID('<Foo')],
    [
      '<Else> without <If>',
      '<Else>\n</Else>',
      1,
      '<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope',
    ],
    ['<IfModule> without >', '<IfModule mod_mime.c\n</IfModule>', 1, "<IfModule> directive missing closing '>'"],
    ['<IfModule> without name', '<IfModule>\n</IfModule>', 1, '<IfModule> directive requires additional arguments'],
    [
      'false <IfModule> left open',
      '<IfModule mod_cache.c>\nCacheEnable disk /\n',
      1,
      'Expected </IfModule> before end of configuration',
    ],
    [
      'bad nesting inside a false <IfModule>',
      '<IfModule mod_cache.c>\n<Foo>\n</Bar>\n</IfModule>',
      3,
      'Expected </Foo> but saw </Bar>',
    ],
    ['a true <IfModule> body is checked', '<IfModule mod_mime.c>\nBogus\n</IfModule>', 2, INVALID('Bogus')],
    [
      '<IfVersion> with a bad version',
      '<IfVersion >= x>\n</IfVersion>',
      1,
      'Version appears to be invalid. It must have the format major[.minor[.patch]] where major, minor and patch are numbers.',
    ],
    ['<IfVersion> with a bad operator', '<IfVersion foo 2.4>\n</IfVersion>', 1, "unrecognized operator 'foo'"],
    ['<IfVersion> without >', '<IfVersion >= 2.4\n</IfVersion>', 1, "<IfVersion> directive missing closing '>'"],
    [
      '<IfVersion> regex without closing /',
      '<IfVersion /2.4>\n</IfVersion>',
      1,
      'Missing delimiting / of regular expression.',
    ],
  ]),
);

test(
  'AllowOverride categories (docs/apache-behaviour.md §4.1)',
  check([
    ['AuthConfig rejects Order', 'Order deny,allow', 1, 'order not allowed here', allow(['AuthConfig'])],
    ['AuthConfig rejects Allow', 'Allow from all', 1, 'allow not allowed here', allow(['AuthConfig'])],
    ['Limit rejects Satisfy', 'Satisfy any', 1, 'Satisfy not allowed here', allow(['Limit'])],
    ['Limit rejects Require', 'Require all granted', 1, 'Require not allowed here', allow(['Limit'])],
    [
      'Limit rejects <RequireAll>',
      '<RequireAll>\nRequire all granted\n</RequireAll>',
      1,
      '<RequireAll not allowed here',
      allow(['Limit']),
    ],
    [
      'Limit + <Files> Require',
      '<Files a.txt>\nRequire all denied\n</Files>',
      2,
      'Require not allowed in <Files> context',
      allow(['Limit']),
    ],
    [
      'Limit + <Limit> Require',
      '<Limit GET>\nRequire all denied\n</Limit>',
      2,
      'Require not allowed in <Limit> context',
      allow(['Limit']),
    ],
    ['Options rejects <Limit>', '<Limit GET>\n</Limit>', 1, '<Limit not allowed here', allow(['Options'])],
    ['Options rejects DirectoryIndex', 'DirectoryIndex a', 1, 'DirectoryIndex not allowed here', allow(['Options'])],
    ['FileInfo rejects Options', 'Options -Indexes', 1, 'Options not allowed here', allow(['FileInfo'])],
    ['Indexes rejects ErrorDocument', 'ErrorDocument 404 /x', 1, 'ErrorDocument not allowed here', allow(['Indexes'])],
    ['AuthConfig rejects Header', 'Header set X y', 1, 'Header not allowed here', allow(['AuthConfig'])],
    [
      'a true <IfModule> is transparent: "here", not "in context"',
      '<IfModule mod_mime.c>\nRequire all denied\n</IfModule>',
      2,
      'Require not allowed here',
      allow(['Limit']),
    ],
    [
      'only AuthConfig inside <RequireAll>',
      '<RequireAll>\nOrder deny,allow\n</RequireAll>',
      2,
      'order not allowed in <RequireAll> context',
    ],
    [
      'Options inside <RequireAll>',
      '<RequireAll>\nOptions -Indexes\n</RequireAll>',
      2,
      'Options not allowed in <RequireAll> context',
    ],
    ['never: AllowOverride', 'AllowOverride None', 1, 'AllowOverride not allowed here'],
    ['never: AccessFileName', 'AccessFileName .acl', 1, 'AccessFileName not allowed here'],
    ['never: DocumentRoot', 'DocumentRoot /', 1, 'DocumentRoot not allowed here'],
    ['never: Alias', 'Alias /x /y', 1, 'Alias not allowed here'],
    ['never, read-time: Include', 'Include /etc/passwd', 1, 'Include not allowed here'],
    ['a module that is not loaded', 'CacheEnable disk /', 1, INVALID('CacheEnable')],
  ]),
);

test(
  'other directives Apache checks',
  check([
    ['Error', 'Error "stop here"', 1, 'stop here'],
    ['Error without message', 'Error', 1, 'The Error directive was used with no message.'],
    [
      'FancyIndexing',
      'FancyIndexing on',
      1,
      'The FancyIndexing directive is no longer supported. Use IndexOptions FancyIndexing.',
    ],
    ['SetEnvIf without header', 'SetEnvIf', 1, 'Missing header-field name for SetEnvIf'],
    ['SetEnvIf without regex', 'SetEnvIf User-Agent', 1, 'Missing regular expression for SetEnvIf'],
    ['SetEnvIf without variable', 'SetEnvIf User-Agent bot', 1, 'Missing envariable expression for SetEnvIf'],
    ['BrowserMatch without regex', 'BrowserMatch', 1, 'Missing regular expression for BrowserMatch'],
    ['SetEnvIfExpr without expression', 'SetEnvIfExpr', 1, 'Missing expression for SetEnvIfExpr'],
    [
      'SetEnvIfExpr without variable',
      'SetEnvIfExpr "-R \'10.0.0.0/8\'"',
      1,
      'Missing envariable expression for SetEnvIfExpr',
    ],
    ['BrowserMatch bad regex', 'BrowserMatch (bot x', 1, 'BrowserMatch regex could not be compiled.'],
    ['FileETag unknown keyword', 'FileETag Foo', 1, "Unknown keyword 'Foo' for FileETag directive"],
    ['FileETag +None', 'FileETag +None', 1, "FileETag keyword 'None' cannot be used with '+' or '-'"],
    ['EnableMMAP', 'EnableMMAP maybe', 1, "parameter must be 'on' or 'off'"],
    ['AcceptPathInfo', 'AcceptPathInfo maybe', 1, 'AcceptPathInfo must be set to on, off or default'],
    [
      'FallbackResource without argument',
      'FallbackResource',
      1,
      'FallbackResource takes one argument, Set a default handler',
    ],
    ['ServerSignature', 'ServerSignature maybe', 1, 'ServerSignature: use one of: off | on | email'],
    ['DirectorySlash not a flag', 'DirectorySlash maybe', 1, 'DirectorySlash must be On or Off'],
    [
      'IndexIgnore without argument',
      'IndexIgnore',
      1,
      'IndexIgnore requires at least one argument, one or more file extensions',
    ],
    [
      'DirectoryIndexRedirect',
      'DirectoryIndexRedirect 200',
      1,
      'DirectoryIndexRedirect only accepts values between 300 and 399',
    ],
  ]),
);
