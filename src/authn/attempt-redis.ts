// `auth.store = redis://…`: attempt counts shared by every instance using one Redis.
// - This instance's own table (MemoryAttemptLimits) still runs first: its in-flight budget and
//   lockouts answer at once, and it is all there is while Redis is unreachable.
// - Failures are counted in Redis by one Lua script (INCR, PEXPIRE on the first, and at the limit
//   SET the lockout key with PX, NX, and PUBLISH it), so instances never race each other.
// - A lockout is published; every instance keeps the ones it hears in a bounded map, so lockouts
//   and remembered sign-ins are answered without a round trip. A password check also asks for the
//   lockout's PTTL first (a lockout published before this instance subscribed).
// - Checks in flight are counted per instance only: N instances can have up to N × max_failures
//   guesses in flight in one instant; each failure is counted, so the lockout starts on the
//   max_failures-th failure wherever it lands.
// - Every call has a deadline (CALL_TIMEOUT_MS); no command is queued while disconnected.
import { hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RedisClientType } from 'redis';
import {
  attemptClientKey,
  attemptRefusal,
  MemoryAttemptLimits,
  type AttemptLimits,
  type AttemptLimitSettings,
  type AttemptRefusal,
  type AttemptStart,
  type CheckResultKind,
  type LockoutStarted,
} from './attempt-limits.js';
import { LruMap } from './lru.js';

const CALL_TIMEOUT_MS = 500;
const CHANNEL = 'htserve:attempts:lockouts';

const COUNT_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n >= tonumber(ARGV[2]) and redis.call('SET', KEYS[2], '1', 'PX', ARGV[3], 'NX') then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[4], ARGV[5] .. ' ' .. ARGV[3])
  return {n, 1}
end
return {n, 0}`;

export interface StoreLog {
  warn(code: string, message: string): void;
  info(code: string, message: string): void;
}

type Redis = RedisClientType;
let redisModule: Promise<typeof import('redis')> | undefined;
const loadRedis = () => (redisModule ??= import('redis'));

/** The URL as it may be logged: no user name or password. */
export function storeName(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

function deadline<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

export class RedisAttemptLimits implements AttemptLimits {
  private readonly local: MemoryAttemptLimits;
  /** Lockouts heard from any instance: pair digest -> performance.now() it ends. */
  private readonly heard: LruMap<string, number>;
  private client: Redis | null = null;
  private subscriber: Redis | null = null;
  /** Said in the error log: reachable, or not (logged once per change). */
  private up: boolean | null = null;
  private closed = false;

  constructor(
    readonly settings: AttemptLimitSettings,
    private readonly url: string,
    private readonly log: StoreLog,
  ) {
    this.local = new MemoryAttemptLimits(settings);
    this.heard = new LruMap(Math.max(1, settings.maxTracked));
    void this.connect();
  }

  lockedOut(clientIp: string, realm: string): AttemptRefusal | null {
    return this.local.lockedOut(clientIp, realm) ?? this.heardLockout(clientIp, realm);
  }

  rememberedSignIn(clientIp: string, realm: string): AttemptRefusal | null {
    return this.heardLockout(clientIp, realm) ?? this.local.rememberedSignIn(clientIp, realm);
  }

  async begin(clientIp: string, realm: string, user: string, password: string): Promise<AttemptStart> {
    const heard = this.heardLockout(clientIp, realm);
    if (heard) return { kind: 'refused', refusal: heard };
    const start = this.local.begin(clientIp, realm, user, password);
    if (start.kind === 'refused') return start;
    const pair = pairDigest(clientIp, realm);
    const left = await this.call((r) => r.pTTL(`htserve:attempts:lock:${pair}`));
    if (typeof left === 'number' && left > 0) {
      start.ticket.finish('unknown');
      this.heard.set(pair, performance.now() + left);
      return { kind: 'refused', refusal: this.refusal(clientIp, left) };
    }
    let done = false;
    return {
      kind: 'go',
      ticket: {
        finish: async (result: CheckResultKind): Promise<LockoutStarted | null> => {
          if (done) return null;
          done = true;
          const started = start.ticket.finish(result);
          if (result === 'success') await this.call((r) => r.del(`htserve:attempts:fail:${pair}`));
          if (result !== 'failure') return started;
          const counted = await this.countFailure(pair);
          if (started || !counted) return started;
          return { client: attemptClientKey(clientIp), failures: counted, lockoutSeconds: this.settings.lockoutS };
        },
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const clients = [this.client, this.subscriber].filter((c): c is Redis => c !== null);
    this.client = this.subscriber = null;
    await Promise.all(
      clients.map(async (c) => {
        try {
          await c.disconnect();
        } catch {
          // not connected: its reconnect strategy gives up at its next turn
        }
      }),
    );
  }

  /** The failure count after this one when it started the lockout, else null. */
  private async countFailure(pair: string): Promise<number | null> {
    const s = this.settings;
    const answer = await this.call((r) =>
      r.eval(COUNT_FAILURE, {
        keys: [`htserve:attempts:fail:${pair}`, `htserve:attempts:lock:${pair}`],
        arguments: [String(s.failureWindowS * 1000), String(s.maxFailures), String(s.lockoutS * 1000), CHANNEL, pair],
      }),
    );
    if (!Array.isArray(answer) || answer[1] !== 1) return null;
    this.heard.set(pair, performance.now() + s.lockoutS * 1000);
    return Number(answer[0]);
  }

  private heardLockout(clientIp: string, realm: string): AttemptRefusal | null {
    if (this.heard.size === 0) return null;
    const until = this.heard.peek(pairDigest(clientIp, realm));
    if (until === undefined) return null;
    const left = until - performance.now();
    return left > 0 ? this.refusal(clientIp, left) : null;
  }

  private refusal(clientIp: string, leftMs: number): AttemptRefusal {
    return attemptRefusal('locked', attemptClientKey(clientIp), leftMs, this.settings.maxFailures);
  }

  /** A command with a deadline; undefined when Redis is not reachable now (this instance counts alone). */
  private async call<T>(command: (r: Redis) => Promise<T>): Promise<T | undefined> {
    const r = this.client;
    if (!r?.isReady) return undefined;
    try {
      return await deadline(command(r));
    } catch (e) {
      this.state(false, (e as Error).message);
      return undefined;
    }
  }

  private state(up: boolean, why: string): void {
    if (this.up === up || this.closed) return;
    this.up = up;
    if (up) this.log.info('HT051', `attempt store ${storeName(this.url)} reachable: attempt counts are shared again`);
    else
      this.log.warn(
        'HT050',
        `attempt store ${storeName(this.url)} unreachable (${why}): counting attempts in this process only until it is back`,
      );
  }

  private async connect(): Promise<void> {
    const { createClient } = await loadRedis();
    const options = {
      url: this.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 1000,
        // after close() a client still waiting to reconnect stops instead of holding the process
        reconnectStrategy: (retries: number) =>
          this.closed ? new Error('closed') : Math.min(100 + retries * 200, 2000),
      },
    };
    const client = createClient(options) as Redis;
    const subscriber = client.duplicate() as Redis;
    client.on('error', (e: Error) => this.state(false, e.message));
    subscriber.on('error', () => undefined); // the main client reports the state
    client.on('ready', () => this.state(true, ''));
    this.client = client;
    this.subscriber = subscriber;
    // each keeps reconnecting on its own; the first failure is logged by the 'error' handler
    void client.connect().catch(() => undefined);
    void subscriber
      .connect()
      .then(() =>
        subscriber.subscribe(CHANNEL, (message) => {
          const [pair, ms] = message.split(' ');
          if (pair && Number(ms) > 0) this.heard.set(pair, performance.now() + Number(ms));
        }),
      )
      .catch(() => undefined);
  }
}

/** Keys name a pair by digest: realms hold file paths, and clients are personal data. */
function pairDigest(clientIp: string, realm: string): string {
  return hash('sha256', `${attemptClientKey(clientIp)}\0${realm}`, 'base64url');
}
