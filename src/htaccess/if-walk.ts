// core's ap_if_walk: after the directories and <Files>, the <If>/<ElseIf>/<Else> sections in force
// are evaluated in order (parent access file's first) and the bodies chosen are merged on top.
// Like Apache, the chosen bodies are combined among themselves first (their Require blocks via
// combineAuthzBlocks) and then merged once; nested sections of the chosen bodies form the next
// round. The request environment is not visible yet (SetEnvIf runs later, at header parsing), and
// neither is REMOTE_USER (authentication runs later too).

import { combineAuthzBlocks, mergeAuthz } from '../authz/merge-authz.js';
import { evaluateExpr } from '../expr/evaluate.js';
import type { ExprRequest } from '../expr/types.js';
import type { EffectiveConfig } from './effective-config.js';
import { mergeFragment } from './merge.js';
import type { AuthzBlock, IfSection } from './types.js';

export interface IfEvaluation {
  section: IfSection;
  /** true/false for an evaluated condition; 'else' for an <Else> that applied. */
  result: boolean | 'else';
}

export interface IfWalkResult {
  config: EffectiveConfig;
  /** Every section that was looked at and not skipped, in order (for explanations). */
  evaluated: IfEvaluation[];
}

/** One pass over a list: which bodies apply (a true If/ElseIf ends its chain; Else takes the rest). */
function chooseSections(list: readonly IfSection[], req: ExprRequest, evaluated: IfEvaluation[]): IfSection[] {
  const chosen: IfSection[] = [];
  let previousMatched = false;
  for (const section of list) {
    if (section.kind !== 'if' && previousMatched) continue;
    if (section.expr === null) {
      evaluated.push({ section, result: 'else' });
      previousMatched = false;
    } else {
      previousMatched = evaluateExpr(section.expr, req);
      evaluated.push({ section, result: previousMatched });
      if (!previousMatched) continue;
    }
    chosen.push(section);
  }
  return chosen;
}

export function applyIfSections(cfg: EffectiveConfig, req: ExprRequest): IfWalkResult {
  const evaluated: IfEvaluation[] = [];
  const applied: IfSection[] = [];
  let result = cfg;
  let list = cfg.ifSections ?? [];
  while (list.length > 0) {
    const chosen = chooseSections(list, req, evaluated);
    const before = result;
    const authzBlocks: AuthzBlock[] = [];
    for (const section of chosen) {
      const { authz, ifSections: _nested, ...rest } = section.body;
      if (authz) authzBlocks.push(authz);
      result = mergeFragment(result, rest, true);
      applied.push(section);
    }
    const combined = combineAuthzBlocks(authzBlocks);
    if (combined) result = { ...result, authz: mergeAuthz(before.authz, combined) };
    list = chosen.flatMap((s) => s.body.ifSections ?? []);
  }
  return { config: applied.length === 0 ? cfg : { ...result, appliedIf: applied }, evaluated };
}
