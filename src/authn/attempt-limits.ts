// Attempt limits (issue 10): failed Basic checks counted per client and realm; past
// `auth.max_failures` failures within `auth.failure_window_s` the client gets 429 with Retry-After
// for `auth.lockout_s`, decided before any hash is computed, whatever credentials it sends.
//
// - A client is its address: IPv4 as is, an IPv4-mapped IPv6 address as its IPv4 address, any
//   other IPv6 address by its /64 (one host usually holds a whole /64).
// - A realm is the AuthName as written plus the resolved AuthUserFile: two directories with the
//   same name but different user files are different realms, and so are two names on one file.
// - Checks in flight count against the budget (the same guess sent on several connections at
//   once counts once): a burst of concurrent guesses cannot buy more than max_failures hashes.
// - The table is an LRU of (client, realm) pairs bounded by `auth.max_tracked_clients`: an
//   address flood evicts the oldest pairs (possibly a lockout) but never grows it past the bound.
// - In memory, per process. With `server.workers` > 1 the primary holds the one table and the
//   workers ask it (src/authn/attempt-cluster.ts); `auth.store = redis://…` shares counts between
//   instances (src/authn/attempt-redis.ts). AttemptLimits is the port, hence Awaitable.

import { hash as hashText, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { foldClientAddress } from '../authz/client-address.js';
import { parseAddressBytes } from '../authz/ip-match.js';
import { LruMap } from './lru.js';

export type Awaitable<T> = T | Promise<T>;

export interface AttemptLimitSettings {
  /** Failures allowed within the window; the one that reaches it starts the lockout. 0 = off. */
  maxFailures: number;
  failureWindowS: number;
  lockoutS: number;
  /** Most (client, realm) pairs remembered (LRU). */
  maxTracked: number;
}

/** Why a password check may not even start. */
export interface AttemptRefusal {
  /** `locked`: a lockout is in force; `in-flight`: failures plus checks in flight use up the budget. */
  reason: 'locked' | 'in-flight';
  /** The client as counted (an address, or an IPv6 /64). */
  client: string;
  retryAfterSeconds: number;
  failures: number;
  inFlight: number;
}

/** A refusal whose wait is `leftMs` (rounded up to whole seconds, at least one): one rule for every store. */
export function attemptRefusal(
  reason: AttemptRefusal['reason'],
  client: string,
  leftMs: number,
  failures: number,
  inFlight = 0,
): AttemptRefusal {
  return { reason, client, retryAfterSeconds: Math.max(1, Math.ceil(leftMs / 1000)), failures, inFlight };
}

/** Returned once, by the failure that starts a lockout (for the error log). */
export interface LockoutStarted {
  client: string;
  failures: number;
  lockoutSeconds: number;
}

export type CheckResultKind = 'failure' | 'success' | 'unknown';

export interface AttemptTicket {
  /** The check's result: a failure counts, a success resets the count, unknown (503/500) neither. */
  finish(result: CheckResultKind): Awaitable<LockoutStarted | null>;
}

export type AttemptStart<T extends AttemptTicket = AttemptTicket> =
  { kind: 'go'; ticket: T } | { kind: 'refused'; refusal: AttemptRefusal };

/** The in-memory table answers at once. */
export interface MemoryTicket extends AttemptTicket {
  finish(result: CheckResultKind): LockoutStarted | null;
}

/** The port the access stage uses (src/access/check-access.ts). */
export interface AttemptLimits {
  readonly settings: AttemptLimitSettings;
  /** The lockout in force for this client in this realm, without starting anything (no hash follows). */
  lockedOut(clientIp: string, realm: string): Awaitable<AttemptRefusal | null>;
  /**
   * A sign-in known to be right without a hash (remembered): refused while locked out, else it is a
   * success like any other and resets the count.
   */
  rememberedSignIn(clientIp: string, realm: string): Awaitable<AttemptRefusal | null>;
  /** Before a password is hashed: a ticket to report the result with, or a refusal. */
  begin(clientIp: string, realm: string, user: string, password: string): Awaitable<AttemptStart>;
  /** Releases what a shared table holds (an IPC listener, a Redis connection) at shutdown. */
  close?(): Awaitable<void>;
}

/** The address attempts are counted under: IPv4 (mapped ones too) as is, IPv6 by its /64. */
export function attemptClientKey(clientIp: string): string {
  const ip = foldClientAddress(clientIp);
  if (!ip.includes(':')) return ip;
  const parsed = parseAddressBytes(ip);
  if (parsed === null || parsed.family !== 6) return ip;
  const b = parsed.bytes;
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return `${groups.join(':')}::/64`;
}

/** A guess (user and password) as one opaque string, before the table keys it with its secret. */
export function guessDigest(user: string, password: string): string {
  return hashText('sha256', `${user.length}:${user}${password}`, 'base64');
}

interface GuessSlot {
  holders: number;
  counted: boolean;
}

interface Entry {
  client: string;
  failures: number;
  /** When the first failure of the current window was counted. */
  windowStart: number;
  /** 0 = not locked. */
  lockedUntil: number;
  /** Distinct guesses being checked now, by keyed hash (never the password itself). */
  inFlight: Map<string, GuessSlot>;
}

const NO_TICKET: MemoryTicket = { finish: () => null };
const GO_UNLIMITED: AttemptStart<MemoryTicket> = { kind: 'go', ticket: NO_TICKET };

export class MemoryAttemptLimits implements AttemptLimits {
  private readonly table: LruMap<string, Entry>;
  private readonly secret = randomBytes(32).toString('base64');
  private readonly windowMs: number;
  private readonly lockoutMs: number;

  constructor(
    readonly settings: AttemptLimitSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.table = new LruMap(Math.max(1, settings.maxTracked));
    this.windowMs = settings.failureWindowS * 1000;
    this.lockoutMs = settings.lockoutS * 1000;
  }

  /** Pairs remembered now (for tests and the bound). */
  get size(): number {
    return this.table.size;
  }

  lockedOut(clientIp: string, realm: string): AttemptRefusal | null {
    if (this.settings.maxFailures === 0 || this.table.size === 0) return null;
    const client = attemptClientKey(clientIp);
    const e = this.table.peek(`${client}\0${realm}`);
    if (!e) return null;
    const now = this.now();
    return e.lockedUntil > now ? this.refusal('locked', e, now) : null;
  }

  rememberedSignIn(clientIp: string, realm: string): AttemptRefusal | null {
    if (this.settings.maxFailures === 0 || this.table.size === 0) return null;
    const key = `${attemptClientKey(clientIp)}\0${realm}`;
    const e = this.table.peek(key);
    if (!e) return null;
    const now = this.now();
    if (e.lockedUntil > now) return this.refusal('locked', e, now);
    e.failures = 0;
    e.lockedUntil = 0;
    if (e.inFlight.size === 0) this.table.delete(key);
    return null;
  }

  begin(clientIp: string, realm: string, user: string, password: string): AttemptStart<MemoryTicket> {
    if (this.settings.maxFailures === 0) return GO_UNLIMITED;
    return this.beginGuess(clientIp, realm, guessDigest(user, password));
  }

  /**
   * `begin` for a guess already digested (guessDigest) elsewhere — a cluster worker: the same guess
   * from two workers is one guess here. Only its keyed hash is kept.
   */
  beginGuess(clientIp: string, realm: string, digest: string): AttemptStart<MemoryTicket> {
    if (this.settings.maxFailures === 0) return GO_UNLIMITED;
    const client = attemptClientKey(clientIp);
    const key = `${client}\0${realm}`;
    const now = this.now();
    let e = this.table.get(key);
    if (!e) {
      e = { client, failures: 0, windowStart: now, lockedUntil: 0, inFlight: new Map() };
      this.table.set(key, e);
    }
    if (e.lockedUntil > now) return { kind: 'refused', refusal: this.refusal('locked', e, now) };
    if (e.lockedUntil !== 0) {
      e.lockedUntil = 0; // the lockout is over: a fresh count
      e.failures = 0;
    }
    if (e.failures > 0 && now - e.windowStart >= this.windowMs) e.failures = 0;
    const guess = hashText('sha256', `${this.secret}\0${digest}`, 'base64');
    let slot = e.inFlight.get(guess);
    if (!slot) {
      // The same guess already being checked costs nothing more; a new one needs room in the budget.
      if (e.failures + e.inFlight.size >= this.settings.maxFailures)
        return { kind: 'refused', refusal: this.refusal('in-flight', e, now) };
      e.inFlight.set(guess, (slot = { holders: 0, counted: false }));
    }
    slot.holders++;
    const entry = e;
    const held = slot;
    let done = false;
    return {
      kind: 'go',
      ticket: {
        finish: (result) => {
          if (done) return null;
          done = true;
          return this.finish(key, entry, guess, held, result);
        },
      },
    };
  }

  /** What a cluster worker mirrors of a pair: whether failures are counted, and the lockout left. */
  state(clientIp: string, realm: string): { failures: number; lockedForMs: number } {
    const e = this.table.peek(`${attemptClientKey(clientIp)}\0${realm}`);
    if (!e) return { failures: 0, lockedForMs: 0 };
    return { failures: e.failures, lockedForMs: Math.max(0, e.lockedUntil - this.now()) };
  }

  private finish(
    key: string,
    e: Entry,
    guess: string,
    slot: GuessSlot,
    result: CheckResultKind,
  ): LockoutStarted | null {
    const now = this.now();
    let started: LockoutStarted | null = null;
    if (--slot.holders === 0) e.inFlight.delete(guess);
    if (result === 'success') {
      e.failures = 0;
    } else if (result === 'failure' && !slot.counted) {
      slot.counted = true;
      if (e.failures === 0 || now - e.windowStart >= this.windowMs) {
        e.failures = 0;
        e.windowStart = now;
      }
      e.failures++;
      if (e.failures >= this.settings.maxFailures && e.lockedUntil <= now) {
        e.lockedUntil = now + this.lockoutMs;
        started = { client: e.client, failures: e.failures, lockoutSeconds: this.settings.lockoutS };
      }
    }
    // Nothing left to remember: the pair leaves the table (only if it is still this entry).
    if (e.failures === 0 && e.lockedUntil === 0 && e.inFlight.size === 0 && this.table.peek(key) === e)
      this.table.delete(key);
    return started;
  }

  private refusal(reason: AttemptRefusal['reason'], e: Entry, now: number): AttemptRefusal {
    const left = reason === 'locked' ? e.lockedUntil - now : 1000;
    return attemptRefusal(reason, e.client, left, e.failures, e.inFlight.size);
  }
}
