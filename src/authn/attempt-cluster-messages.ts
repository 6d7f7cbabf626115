// The IPC between cluster workers and the primary that holds the one attempt table.
import type { AttemptRefusal, CheckResultKind, LockoutStarted } from './attempt-limits.js';

export type AttemptAsk =
  | { htserve: 'attempt'; id: number; op: 'begin'; client: string; realm: string; digest: string }
  | { htserve: 'attempt'; id: number; op: 'finish'; ticket: number; result: CheckResultKind }
  | { htserve: 'attempt'; id: number; op: 'success'; client: string; realm: string };

export type AttemptAnswer =
  | { htserve: 'attempt-reply'; id: number; go: true; ticket: number }
  | { htserve: 'attempt-reply'; id: number; go: false; refusal: AttemptRefusal }
  | { htserve: 'attempt-reply'; id: number; started: LockoutStarted | null };

/** Pushed to every worker when a pair changes, so they answer lockouts without asking. */
export interface AttemptState {
  htserve: 'attempt-state';
  /** attemptClientKey(client) + NUL + realm. */
  key: string;
  failures: number;
  lockedForMs: number;
}

export function isAttemptAsk(m: unknown): m is AttemptAsk {
  return typeof m === 'object' && m !== null && (m as AttemptAsk).htserve === 'attempt';
}

export function isAttemptAnswer(m: unknown): m is AttemptAnswer {
  return typeof m === 'object' && m !== null && (m as AttemptAnswer).htserve === 'attempt-reply';
}

export function isAttemptState(m: unknown): m is AttemptState {
  return typeof m === 'object' && m !== null && (m as AttemptState).htserve === 'attempt-state';
}
