// Every case of the suite, area by area (the report keeps the AREAS order).

import type { Case } from '../types.js';
import { AUTHN_CASES } from './authn.js';
import { AUTHZ_CASES } from './authz.js';
import { DIRS_CASES } from './dirs.js';
import { ERRORDOC_CASES } from './errordoc.js';
import { FILES_CASES } from './files.js';
import { FS_CASES } from './fs.js';
import { HT_CASES } from './ht.js';
import { INPUT_CASES } from './input.js';
import { IP_CASES } from './ip.js';
import { LEGACY_CASES } from './legacy.js';
import { MERGE_CASES } from './merge.js';
import { METHODS_CASES } from './methods.js';
import { REALWORLD_CASES } from './realworld.js';
import { REDIRECT_CASES } from './redirect.js';
import { SYNTAX_CASES } from './syntax.js';

export const ALL_CASES: readonly Case[] = [
  ...AUTHN_CASES,
  ...AUTHZ_CASES,
  ...LEGACY_CASES,
  ...IP_CASES,
  ...FILES_CASES,
  ...ERRORDOC_CASES,
  ...DIRS_CASES,
  ...FS_CASES,
  ...HT_CASES,
  ...INPUT_CASES,
  ...MERGE_CASES,
  ...SYNTAX_CASES,
  ...METHODS_CASES,
  ...REDIRECT_CASES,
  ...REALWORLD_CASES,
];
