// A cluster worker's attempt limits: the primary holds the table (src/authn/attempt-cluster-primary.ts).
// - Lockouts and remembered sign-ins are answered from a mirror the primary pushes to: no IPC on
//   the hot path (a signed-in client with no failures costs one map look-up).
// - A password check asks the primary first (begin) and reports its result (finish): two local
//   round trips next to a hash that costs far more. The budget is the primary's, checks in flight
//   on every worker included, so the bound holds across workers as it does in one process.
// - If the primary does not answer within ASK_TIMEOUT_MS (it is stuck), the worker counts on its
//   own table for that check rather than hang the request.
import { performance } from 'node:perf_hooks';
import {
  attemptClientKey,
  attemptRefusal,
  guessDigest,
  MemoryAttemptLimits,
  type AttemptLimits,
  type AttemptLimitSettings,
  type AttemptRefusal,
  type AttemptStart,
  type CheckResultKind,
  type LockoutStarted,
} from './attempt-limits.js';
import { LruMap } from './lru.js';
import { isAttemptAnswer, isAttemptState, type AttemptAnswer, type AttemptAsk } from './attempt-cluster-messages.js';

const ASK_TIMEOUT_MS = 2000;

interface Mirrored {
  failures: number;
  /** performance.now() of this process; 0 = not locked. */
  lockedUntil: number;
}

type Ask = AttemptAsk extends infer A ? (A extends AttemptAsk ? Omit<A, 'htserve' | 'id'> : never) : never;

export class ClusterAttemptLimits implements AttemptLimits {
  private readonly mirror: LruMap<string, Mirrored>;
  private readonly local: MemoryAttemptLimits;
  private readonly pending = new Map<number, (a: AttemptAnswer | null) => void>();
  private nextId = 1;

  constructor(readonly settings: AttemptLimitSettings) {
    this.mirror = new LruMap(Math.max(1, settings.maxTracked));
    this.local = new MemoryAttemptLimits(settings);
    process.on('message', this.onMessage);
  }

  /** Stops listening: a 'message' listener holds the IPC channel open, and the worker could not exit. */
  close(): void {
    process.off('message', this.onMessage);
  }

  private readonly onMessage = (m: unknown): void => {
    if (isAttemptAnswer(m)) {
      const settle = this.pending.get(m.id);
      this.pending.delete(m.id);
      settle?.(m);
    } else if (isAttemptState(m)) {
      if (m.failures === 0 && m.lockedForMs === 0) this.mirror.delete(m.key);
      else
        this.mirror.set(m.key, {
          failures: m.failures,
          lockedUntil: m.lockedForMs > 0 ? performance.now() + m.lockedForMs : 0,
        });
    }
  };

  lockedOut(clientIp: string, realm: string): AttemptRefusal | null {
    if (this.mirror.size === 0) return this.local.lockedOut(clientIp, realm);
    const client = attemptClientKey(clientIp);
    const m = this.mirror.peek(`${client}\0${realm}`);
    return m ? this.locked(client, m) : this.local.lockedOut(clientIp, realm);
  }

  rememberedSignIn(clientIp: string, realm: string): AttemptRefusal | null {
    if (this.mirror.size === 0) return this.local.rememberedSignIn(clientIp, realm);
    const client = attemptClientKey(clientIp);
    const key = `${client}\0${realm}`;
    const m = this.mirror.peek(key);
    if (!m) return this.local.rememberedSignIn(clientIp, realm);
    const refusal = this.locked(client, m);
    if (refusal) return refusal;
    // a success resets the shared count: tell the primary, without waiting
    this.mirror.delete(key);
    this.send({ op: 'success', client: clientIp, realm }, 0);
    return this.local.rememberedSignIn(clientIp, realm);
  }

  async begin(clientIp: string, realm: string, user: string, password: string): Promise<AttemptStart> {
    const client = attemptClientKey(clientIp);
    const m = this.mirror.peek(`${client}\0${realm}`);
    const refusal = m ? this.locked(client, m) : null;
    if (refusal) return { kind: 'refused', refusal };
    const answer = await this.ask({ op: 'begin', client: clientIp, realm, digest: guessDigest(user, password) });
    if (answer === null) return this.local.begin(clientIp, realm, user, password);
    if ('started' in answer) throw new Error('attempt limits: the primary answered begin with a finish');
    if (!answer.go) return { kind: 'refused', refusal: answer.refusal };
    const ticket = answer.ticket;
    let done = false;
    return {
      kind: 'go',
      ticket: {
        finish: async (result: CheckResultKind): Promise<LockoutStarted | null> => {
          if (done) return null;
          done = true;
          const a = await this.ask({ op: 'finish', ticket, result });
          return a !== null && 'started' in a ? a.started : null;
        },
      },
    };
  }

  private locked(client: string, m: Mirrored): AttemptRefusal | null {
    const left = m.lockedUntil - performance.now();
    return left > 0 ? attemptRefusal('locked', client, left, m.failures) : null;
  }

  private ask(body: Ask): Promise<AttemptAnswer | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, ASK_TIMEOUT_MS);
      this.pending.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      if (!this.send(body, id)) {
        this.pending.delete(id);
        clearTimeout(timer);
        resolve(null);
      }
    });
  }

  /** false when the channel to the primary is closed (a full send queue still delivers). */
  private send(body: Ask, id: number): boolean {
    if (!process.connected || !process.send) return false;
    try {
      process.send({ htserve: 'attempt', id, ...body });
      return true;
    } catch {
      return false;
    }
  }
}
