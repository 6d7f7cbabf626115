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
import { REWRITE_CASES } from './rewrite.js';
import { CACHING_CASES } from './caching.js';
import { REWRITE_FLAG_CASES } from './rewrite-flags.js';
import { REWRITE_COND_CASES } from './rewrite-conds.js';
import { REWRITE_REQUEST_CASES } from './rewrite-requests.js';
import { IF_SECTION_CASES } from './if-sections.js';
import { EXPR_FILES_CASES } from './expr-files.js';
import { REDIRECT_CASES } from './redirect.js';
import { SYNTAX_CASES } from './syntax.js';
import { PROBE_AUTHN_CASES } from './probe-authn.js';
import { PROBE_AUTHZ_CASES } from './probe-authz.js';
import { PROBE_DIRS_CASES, PROBE_HTACCESS_LINK_CASES } from './probe-dirs.js';
import { PROBE_ENV_CASES } from './probe-env.js';
import { PROBE_ERRORDOC_CASES } from './probe-errordoc.js';
import { PROBE_FILES_CASES } from './probe-files.js';
import { PROBE_HEADERS_CASES } from './probe-headers.js';
import { PROBE_INPUT_CASES } from './probe-input.js';
import { PROBE_LISTING_CASES } from './probe-listing.js';
import { PROBE_MERGE_CASES } from './probe-merge.js';
import { PROBE_REDIRECT_CASES } from './probe-redirect.js';
import { PROBE_SYNTAX_CASES } from './probe-syntax.js';
import { PROBE2_ACCESS_CASES } from './probe2-access.js';
import { PROBE2_AUTHFILES_CASES } from './probe2-authfiles.js';
import { PROBE2_ERRORDOC_CASES } from './probe2-errordoc.js';
import { PROBE2_EXTRA_CASES } from './probe2-extra.js';
import { PROBE2_MISC_CASES } from './probe2-misc.js';
import { PROBE2_MORE_CASES } from './probe2-more.js';
import { PROBE2_LATE_CASES } from './probe2-late.js';
import { PROBE2_HEADERS_CASES } from './probe2-headers.js';
import { PROBE2_LIMITS_CASES } from './probe2-limits.js';
import { PROBE3_CMS_CASES } from './probe3-cms.js';
import { PROBE3_HARDENING_CASES } from './probe3-hardening.js';
import { PROBE3_AUTH_CASES } from './probe3-auth.js';
import { PROBE3_STATIC_CASES } from './probe3-static.js';
import { PROBE3_MODULES_CASES } from './probe3-modules.js';
import { PROBE3_ERRDOC_MOVES_CASES, PROBE3_RECIPES_CASES } from './probe3-recipes.js';
import { PROBE3_LEVELS_CASES, PROBE3_OPTIONS_CASES } from './probe3-levels.js';
import { PROBE3_ENV_CASES, PROBE3_ONEFILE_CASES } from './probe3-env.js';
import { PROBE4_MIX_CASES } from './probe4-mix.js';
import { PROBE4_SYNTAX_CASES } from './probe4-syntax.js';
import { PROBE4_EDGE_CASES } from './probe4-edge.js';
import { PROBE4_EXPR_CASES } from './probe4-expr.js';
import { PROBE4_VARS_CASES } from './probe4-vars.js';
import { PROBE4_ERRDOC_CASES } from './probe4-errdoc.js';
import { PROBE4_FALLBACK_CASES } from './probe4-fallback.js';
import { PROBE4_LAYERS_CASES } from './probe4-layers.js';
import { PROBE4_OPS_CASES } from './probe4-ops.js';
import { PROBE4_LINKS_CASES } from './probe4-links.js';
import { PROBE4_ORDER_CASES } from './probe4-order.js';
import { PROBE4_VERBS_CASES } from './probe4-verbs.js';
import { PROBE5_AUTH_CASES, PROBE5_EXCEPTION_CASES, PROBE5_PATHS_CASES } from './probe5-auth.js';
import { PROBE5_COMMON_CASES, PROBE5_COND_ON_ERRORS_CASES, PROBE5_SITE_MOVE_CASES } from './probe5-common.js';
import { PROBE6_QUERY_CASES, PROBE6_RAW_TARGET_CASES } from './probe6-targets.js';

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
  ...REWRITE_CASES,
  ...CACHING_CASES,
  ...REWRITE_FLAG_CASES,
  ...REWRITE_COND_CASES,
  ...REWRITE_REQUEST_CASES,
  ...IF_SECTION_CASES,
  ...EXPR_FILES_CASES,
  // Adversarial probes (migrating real .htaccess files, hostile clients).
  ...PROBE_AUTHN_CASES,
  ...PROBE_AUTHZ_CASES,
  ...PROBE_ENV_CASES,
  ...PROBE_FILES_CASES,
  ...PROBE_MERGE_CASES,
  ...PROBE_ERRORDOC_CASES,
  ...PROBE_DIRS_CASES,
  ...PROBE_HTACCESS_LINK_CASES,
  ...PROBE_LISTING_CASES,
  ...PROBE_REDIRECT_CASES,
  ...PROBE_INPUT_CASES,
  ...PROBE_HEADERS_CASES,
  ...PROBE_SYNTAX_CASES,
  // Second round of probes.
  ...PROBE2_AUTHFILES_CASES,
  ...PROBE2_ERRORDOC_CASES,
  ...PROBE2_ACCESS_CASES,
  ...PROBE2_MISC_CASES,
  ...PROBE2_EXTRA_CASES,
  ...PROBE2_MORE_CASES,
  ...PROBE2_LATE_CASES,
  ...PROBE2_HEADERS_CASES,
  ...PROBE2_LIMITS_CASES,
  // Third round of probes.
  ...PROBE3_CMS_CASES,
  ...PROBE3_HARDENING_CASES,
  ...PROBE3_AUTH_CASES,
  ...PROBE3_STATIC_CASES,
  ...PROBE3_MODULES_CASES,
  ...PROBE3_RECIPES_CASES,
  ...PROBE3_ERRDOC_MOVES_CASES,
  ...PROBE3_LEVELS_CASES,
  ...PROBE3_OPTIONS_CASES,
  ...PROBE3_ENV_CASES,
  ...PROBE3_ONEFILE_CASES,
  // Fourth round of probes.
  ...PROBE4_MIX_CASES,
  ...PROBE4_SYNTAX_CASES,
  ...PROBE4_EDGE_CASES,
  ...PROBE4_EXPR_CASES,
  ...PROBE4_VARS_CASES,
  ...PROBE4_ERRDOC_CASES,
  ...PROBE4_FALLBACK_CASES,
  ...PROBE4_LAYERS_CASES,
  ...PROBE4_OPS_CASES,
  ...PROBE4_LINKS_CASES,
  ...PROBE4_ORDER_CASES,
  ...PROBE4_VERBS_CASES,
  // Fifth round: the most common Q&A snippets with their usual follow-up requests.
  ...PROBE5_AUTH_CASES,
  ...PROBE5_EXCEPTION_CASES,
  ...PROBE5_PATHS_CASES,
  ...PROBE5_COMMON_CASES,
  ...PROBE5_SITE_MOVE_CASES,
  ...PROBE5_COND_ON_ERRORS_CASES,
  // Sixth round: request targets (empty queries, raw bytes).
  ...PROBE6_QUERY_CASES,
  ...PROBE6_RAW_TARGET_CASES,
];
