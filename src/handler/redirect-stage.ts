// mod_alias after access control: the first Redirect/RedirectMatch that matches answers (a 3xx
// with Location, or a status such as 404/410 with no target).
import type { Decision } from '../decision.js';
import { formatLoc } from '../decision.js';
import { errorDecision, type StagedRequest } from '../request.js';
import { findRedirect } from './redirects.js';

export function redirectDecision(s: StagedRequest): Decision | null {
  const { cfg, req, mapped, user, steps } = s;
  const redirect = findRedirect(cfg.redirects, mapped.urlPath, mapped.query, req.host, req.scheme);
  if (redirect) {
    const r = redirect.rule;
    steps.push({
      stage: 'redirect',
      text: `${r.kind === 'regex' ? 'RedirectMatch' : 'Redirect'} ${r.status} ${r.pattern}`,
      loc: r.loc,
      result: String(redirect.status),
    });
    const decidedBy = { loc: r.loc, text: `Redirect ${r.status} ${r.pattern}` };
    if (redirect.location) {
      return {
        status: redirect.status,
        body: { kind: 'redirect', location: redirect.location },
        headers: [['Location', redirect.location]],
        config: cfg,
        user,
        steps,
        decidedBy,
        why: `${redirect.status}: redirected by ${formatLoc(r.loc)}`,
      };
    }
    return errorDecision(
      redirect.status,
      `${redirect.status}: ${formatLoc(r.loc)} answers this URL with ${redirect.status}`,
      steps,
      cfg,
      { decidedBy, user },
    );
  }
  return null;
}
