// mod_env and mod_setenvif (both loaded in the reference server, AllowOverride FileInfo).
// Their syntax is checked like Apache's, but htserve sets no environment variables: a warning
// says so, because `Require env` / `Allow from env=` rules then never see these variables.

import { getWord } from '../lexer.js';
import { ignored } from './define.js';
import { compileApacheRegex } from './regex.js';
import type { DirectiveCall, DirectiveContext } from './spec.js';

const FILEINFO = ['FileInfo'] as const;

/** add_setenvif_core: a regex, then at least one `[!]var[=value]`. */
function checkSetEnvIf(name: string, impliedField: string | null, caseInsensitive: boolean) {
  return (ctx: DirectiveContext, { raw }: DirectiveCall): void => {
    let pos = 0;
    if (impliedField === null) {
      const field = getWord(raw, pos);
      if (field.word === '') ctx.fail(`Missing header-field name for ${name}`);
      pos = field.next;
    }
    const regex = getWord(raw, pos);
    if (regex.word === '') ctx.fail(`Missing regular expression for ${name}`);
    if (compileApacheRegex(regex.word, caseInsensitive) === null) ctx.fail(`${name} regex could not be compiled.`);
    if (getWord(raw, regex.next).word === '') ctx.fail(`Missing envariable expression for ${name}`);
  };
}

export const envDirectives = [
  ignored('SetEnv', 'mod_env', FILEINFO, 'take12', 'an environment variable name and optional value to pass to CGI.'),
  ignored('UnsetEnv', 'mod_env', FILEINFO, 'iterate', 'a list of variables to remove from the CGI environment.'),
  ignored('PassEnv', 'mod_env', FILEINFO, 'iterate', 'a list of environment variables to pass to CGI.'),
  ignored('SetEnvIf', 'mod_setenvif', FILEINFO, 'raw', 'A header-name, regex and a list of variables.',
    checkSetEnvIf('SetEnvIf', null, false)),
  ignored('SetEnvIfNoCase', 'mod_setenvif', FILEINFO, 'raw', 'a header-name, regex and a list of variables.',
    checkSetEnvIf('SetEnvIfNoCase', null, true)),
  ignored('BrowserMatch', 'mod_setenvif', FILEINFO, 'raw', 'A browser regex and a list of variables.',
    checkSetEnvIf('BrowserMatch', 'User-Agent', false)),
  ignored('BrowserMatchNoCase', 'mod_setenvif', FILEINFO, 'raw', 'A browser regex and a list of variables.',
    checkSetEnvIf('BrowserMatchNoCase', 'User-Agent', true)),
  ignored('SetEnvIfExpr', 'mod_setenvif', FILEINFO, 'raw', 'an expression and a list of variables.', (ctx, { raw }) => {
    if (raw === '') ctx.fail('Missing expression for SetEnvIfExpr');
  }),
];
