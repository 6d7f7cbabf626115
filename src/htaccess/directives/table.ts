// The directive table: every directive an access file may name, assembled from the module
// files, with lookups by (case-insensitive) name. Also the modules <IfModule> sees as loaded,
// which are exactly the modules whose directives are in this table (src/htaccess/directives/modules.ts).

import { aliasDirectives } from './alias.js';
import { authDirectives } from './auth.js';
import { cachingDirectives } from './caching.js';
import { bearerDirectives } from './bearer.js';
import { coreDirectives } from './core.js';
import { envDirectives } from './env.js';
import { fileinfoDirectives } from './fileinfo.js';
import { headersDirectives } from './headers.js';
import { indexesDirectives } from './indexes.js';
import { legacyDirectives } from './legacy.js';
import { maxminddbDirectives } from './maxminddb.js';
import { optionsDirectives } from './options.js';
import { requireDirectives } from './require.js';
import { rewriteDirectives } from '../../rewrite/directives.js';
import { sectionDirectives } from './sections.js';
import { READ_TIME_SERVER_DIRECTIVES, serverOnlyDirectives } from './server-only.js';
import type { DirectiveSpec } from './spec.js';

export type { DirectiveSpec } from './spec.js';

/** Every directive, in a stable order (by module group, as listed by `htserve lint --help`). */
export const DIRECTIVES: readonly DirectiveSpec[] = [
  ...sectionDirectives,
  ...authDirectives,
  ...bearerDirectives,
  ...requireDirectives,
  ...legacyDirectives,
  ...optionsDirectives,
  ...indexesDirectives,
  ...fileinfoDirectives,
  ...aliasDirectives,
  ...headersDirectives,
  ...cachingDirectives,
  ...envDirectives,
  ...rewriteDirectives,
  ...maxminddbDirectives,
  ...coreDirectives,
  ...serverOnlyDirectives,
];

const BY_NAME = new Map(DIRECTIVES.map((d) => [d.name.toLowerCase(), d]));
const READ_TIME = new Map(READ_TIME_SERVER_DIRECTIVES.map((n) => [n.toLowerCase(), n]));

/** Look a directive up as Apache does: case-insensitively. Sections are named with `<`. */
export function findDirective(name: string): DirectiveSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Apache's own spelling of a known directive (`<files` -> `<Files`), for messages. */
export function canonicalDirectiveName(name: string): string | undefined {
  return BY_NAME.get(name.toLowerCase())?.name ?? READ_TIME.get(name.toLowerCase());
}

/** The "X not allowed here" of a server directive Apache runs while reading, else null. */
export function readTimeError(name: string): string | null {
  const canonical = READ_TIME.get(name.toLowerCase());
  return canonical === undefined ? null : `${canonical} not allowed here`;
}

export { isModuleLoaded } from './modules.js';

/** `<IfDirective X>`: is X a directive Apache knows (whether or not an access file may use it)? */
export function directiveExists(name: string): boolean {
  return BY_NAME.has(name.toLowerCase()) || READ_TIME.has(name.toLowerCase());
}
