// AuthzHideForbidden (an htserve extension): under it a 403 — and with `All` a 401 — is answered
// as the 404 a missing file gets there (same headers, same ErrorDocument 404, same body), so a
// client cannot tell what exists from what it may not see. Applied to the final answer only
// (sub-requests keep their real status), before ErrorDocument resolution. The error log and
// `htserve check` keep the real decision.
import type { Decision } from '../decision.js';
import { formatLoc } from '../decision.js';

export function hideForbidden(decision: Decision): Decision {
  const mode = decision.config?.hideForbidden;
  if (!mode || mode.value === 'off') return decision;
  const status = decision.status;
  if (status !== 403 && !(status === 401 && mode.value === 'all')) return decision;
  const directive = `AuthzHideForbidden ${mode.value === 'all' ? 'All' : 'On'}`;
  decision.steps.push({
    stage: 'authz',
    text: `${directive}: the ${status} is answered as a 404`,
    loc: mode.loc,
    result: '404',
  });
  return {
    ...decision,
    status: 404,
    // A real 404 carries no WWW-Authenticate (nor anything else access control added).
    headers: [],
    body: { kind: 'error' },
    hidden: { status, why: decision.why, loc: mode.loc },
    why: `404: hidden by ${directive} (${formatLoc(mode.loc)}); the real answer is ${decision.why}`,
  };
}
