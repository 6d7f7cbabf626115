// The access stage's side of attempt limits (src/authn/attempt-limits.ts): the realm key, the
// 429 outcome with Retry-After and its explanation, and the error-log note of a lockout's start.
import type { AttemptRefusal, Awaitable, LockoutStarted } from '../authn/attempt-limits.js';
import type { DecisionStep } from '../decision.js';
import { serverLoc } from '../htaccess/effective-config.js';
import type { AccessOutcome, AuthnPorts, LogNote } from './check-access.js';

/** A realm for counting: the AuthName as written (not expanded) and the resolved AuthUserFile. */
export function realmKey(authName: string, userFile: string): string {
  return `${authName}\0${userFile}`;
}

export async function settled<T>(value: Awaitable<T>): Promise<T> {
  return value;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 429 Too Many Requests: no credentials were looked at, no hash computed. */
export function tooManyAttempts(
  ports: AuthnPorts,
  refusal: AttemptRefusal,
  realm: string,
  userFile: string,
  steps: DecisionStep[],
): AccessOutcome {
  const s = ports.attempts!.settings;
  const rule = `auth.max_failures = ${s.maxFailures} within auth.failure_window_s = ${s.failureWindowS}`;
  const state =
    refusal.reason === 'locked'
      ? `locked out: ${plural(refusal.retryAfterSeconds, 'second')} left of auth.lockout_s = ${s.lockoutS}`
      : `${plural(refusal.failures, 'failure')} counted and ${plural(refusal.inFlight, 'check')} in flight ` +
        `already use up ${rule}`;
  steps.push({
    stage: 'authn',
    text: `attempt limits: client ${refusal.client} in realm "${realm}" (${userFile}): ${state}`,
    loc: serverLoc(),
    result: 'too many',
  });
  return {
    kind: 'denied',
    status: 429,
    challenge: null,
    headers: [['Retry-After', String(refusal.retryAfterSeconds)]],
    user: null,
    steps,
    decidedBy: { loc: serverLoc(), text: `${rule} (auth.lockout_s = ${s.lockoutS})` },
    why:
      refusal.reason === 'locked'
        ? `429: too many failed sign-ins from ${refusal.client} in the realm "${realm}" (${rule} s): locked out ` +
          `for ${plural(refusal.retryAfterSeconds, 'more second')}, whatever credentials are sent; no password was checked`
        : `429: ${refusal.client} already has ${plural(refusal.failures, 'failed sign-in')} and ` +
          `${plural(refusal.inFlight, 'password check')} in flight in the realm "${realm}" (${rule} s): ` +
          `retry in ${plural(refusal.retryAfterSeconds, 'second')}; no password was checked`,
  };
}

/** The one error-log line of a lockout, on the failure that starts it (fields quoted as JSON strings). */
export function lockoutNote(started: LockoutStarted, realm: string, userFile: string, detail: string): LogNote {
  return {
    level: 'warn',
    code: 'HT429',
    message:
      `client ${JSON.stringify(started.client)} locked out of realm ${JSON.stringify(realm)} ` +
      `(${JSON.stringify(userFile)}) for ${started.lockoutSeconds} s after ${started.failures} failed ` +
      `password checks; the last: ${detail}`,
  };
}
