// The htpasswd authentication provider (Apache's mod_authn_file): "is this password right for
// this user in this AuthUserFile?", plus group lookup for `Require group`.
//
// - A missing/unreadable user file is a technical error ('error' → the pipeline answers 500),
//   never a wrong password. A missing/unreadable group file is `null` (→ `Require group`
//   denies: 401/403, never 500; docs/apache-behaviour.md §5.4).
// - Hashes are verified in worker threads (src/authn/hash-pool.ts), never on the event loop. A
//   full queue is 'busy' (→ 503 + Retry-After); a lost worker is 'error' (→ 500), never a grant.
// - Bounded input: a password longer than maxPasswordBytes, or a user name longer than
//   MAX_USER_BYTES, is refused as a wrong password / unknown user without computing any hash.
// - No enumeration by timing: every check costs at least the file's most expensive hash. An
//   unknown user, or one whose entry can never match (plain text, unknown format), is checked
//   against that hash and the result thrown away; a user with a cheaper hash ({SHA} next to
//   bcrypt users) gets it as a pad in the same worker job. Chosen once per file version.
// - Successful checks are remembered in a bounded LRU keyed by HMAC(file, user, stored hash,
//   password) under a per-process random key, so a repeated correct login skips bcrypt while the
//   password itself is never stored. Because the stored hash is part of the key, a user removed
//   from the file or given a new hash is refused on the very next request; nothing else expires.
//   Concurrent identical checks share one worker job, keyed by an HMAC under the same key.

import { hash as hashText, randomBytes } from 'node:crypto';
import type { ConfigError } from '../htaccess/types.js';
import { ParsedFileCache, type FileLoad } from './file-cache.js';
import { parseGroupFile, type GroupFile } from './group-file.js';
import { describeUnverifiable, hashWork, isVerifiableFormat } from './hash-formats.js';
import { HashPool, type HashVerdict, type HashVerifier, type BusyReport } from './hash-pool.js';
import { MAX_USER_BYTES, parseHtpasswd, type HtpasswdFile } from './htpasswd-file.js';
import { LruMap } from './lru.js';

/** Why a check was refused without hashing: the input is longer than htserve accepts. */
export type RefusedInput = 'user-too-long' | 'password-too-long';

export type AuthnResult =
  | { kind: 'granted'; user: string }
  | { kind: 'user-not-found'; refused?: RefusedInput }
  /** problem: set when the user's stored hash can never match (plain text, empty, malformed). */
  | { kind: 'mismatch'; problem?: ConfigError; refused?: RefusedInput }
  /**
   * Nothing was checked: every hash worker is busy and the queue is full. The client is not
   * wrong: the access stage answers 503 with Retry-After. `report` is set on the first refusal
   * of a burst (then at most every few seconds), so the log gets one line per burst.
   */
  | { kind: 'busy'; retryAfterSeconds: number; report?: BusyReport }
  /**
   * A technical error. `during: 'verify'`: the hash check itself failed (worker crashed or timed
   * out); otherwise the user file could not be read (`code` is the errno code).
   */
  | { kind: 'error'; code: string; message: string; during?: 'verify' };

/** Default `[auth] max_password_bytes`. Apache has no limit; see README's deliberate differences. */
export const DEFAULT_MAX_PASSWORD_BYTES = 1024;
export { MAX_USER_BYTES };

/**
 * bcrypt (cost 10) of 18 random bytes nobody kept: the floor when the file has no verifiable hash
 * to borrow. Its password is irrelevant — the outcome is thrown away.
 */
const FALLBACK_STAND_IN = '$2y$10$RviEzlSTSEcMELOxCdPonOjwTPXfhGuZxK9rGHvf0yV2uVoiu4xu6';

export interface PasswordCheckerOptions {
  /** Most files (user + group files) kept parsed. Default 256. */
  maxFiles?: number;
  /** Most remembered successful logins; 0 turns the cache off. Default 1024. */
  successCacheSize?: number;
  /** Reuse a parsed user/group file validated less than this long ago without a stat. Default 0. */
  revalidateMs?: number;
  /** Longest password (UTF-8 bytes) that is hashed at all. Default DEFAULT_MAX_PASSWORD_BYTES. */
  maxPasswordBytes?: number;
  /** Worker threads of the hash pool. Default: one per core. */
  hashWorkers?: number;
  /** Hash checks that may wait for a worker. Default: DEFAULT_QUEUE_PER_WORKER × workers. */
  hashQueue?: number;
  /** A ready-made verifier (e.g. a shared or test pool) instead of a pool of its own. */
  hashPool?: HashVerifier;
  /** An in-process hash check, for tests that count calls (bypasses the pool). */
  verify?: (password: string, hash: string) => Promise<boolean>;
}

export class PasswordChecker {
  private readonly userFiles: ParsedFileCache<HtpasswdFile>;
  private readonly groupFiles: ParsedFileCache<GroupFile>;
  private readonly successes: LruMap<string, true> | null;
  private readonly verifier: HashVerifier;
  private readonly ownPool: HashPool | null;
  private readonly maxPasswordBytes: number;
  private readonly cacheKeySecret = randomBytes(32);
  private readonly cacheKeyText = this.cacheKeySecret.toString('base64');
  private readonly floors = new WeakMap<HtpasswdFile, { hash: string; work: number }>();

  constructor(options: PasswordCheckerOptions = {}) {
    const fileOptions = { revalidateMs: options.revalidateMs ?? 0 };
    this.userFiles = new ParsedFileCache(parseHtpasswd, options.maxFiles ?? 256, fileOptions);
    this.groupFiles = new ParsedFileCache(parseGroupFile, options.maxFiles ?? 256, fileOptions);
    const successCacheSize = options.successCacheSize ?? 1024;
    this.successes = successCacheSize > 0 ? new LruMap(successCacheSize) : null;
    this.maxPasswordBytes = options.maxPasswordBytes ?? DEFAULT_MAX_PASSWORD_BYTES;
    if (!Number.isInteger(this.maxPasswordBytes) || this.maxPasswordBytes < 0)
      throw new RangeError('maxPasswordBytes must be a non-negative integer');
    const verify = options.verify;
    if (options.hashPool) {
      this.verifier = options.hashPool;
      this.ownPool = null;
    } else if (verify) {
      this.verifier = {
        verify: async (p, h, pad) => {
          const ok = await verify(p, h);
          if (pad !== undefined) await verify(p, pad);
          return { kind: ok ? 'match' : 'mismatch' };
        },
      };
      this.ownPool = null;
    } else {
      this.ownPool = new HashPool({
        keySecret: this.cacheKeySecret,
        ...(options.hashWorkers !== undefined ? { workers: options.hashWorkers } : {}),
        ...(options.hashQueue !== undefined ? { maxQueue: options.hashQueue } : {}),
      });
      this.verifier = this.ownPool;
    }
  }

  /** The parsed user file (shared cache), e.g. for logging its problems or for lint. */
  /**
   * The parsed user or group file in force right now, when that is known without I/O (a fresh
   * cache entry), else undefined. Its identity changes with every new version of the file.
   */
  fileVersion(file: string): object | undefined {
    return this.userFiles.peekFresh(file) ?? this.groupFiles.peekFresh(file);
  }

  loadUserFile(userFile: string): Promise<FileLoad<HtpasswdFile>> {
    return this.userFiles.get(userFile);
  }

  /** The file changed (e.g. a watcher saw it): the next use of it stats and, if needed, re-reads it. */
  invalidate(file: string): void {
    this.userFiles.invalidate(file);
    this.groupFiles.invalidate(file);
  }

  /** The pool this checker made for itself (null when one was given, or with `verify`). */
  get pool(): HashPool | null {
    return this.ownPool;
  }

  /** Stops the hash workers of this checker's own pool (idle workers never keep a process alive anyway). */
  async close(): Promise<void> {
    await this.ownPool?.close();
  }

  async checkPassword(userFile: string, user: string, password: string): Promise<AuthnResult> {
    const load = await this.userFiles.get(userFile);
    if (load.kind === 'error') return { kind: 'error', code: load.code, message: load.message };
    const htpasswd = load.value;

    // Refused before the lookup, so the answer's timing says nothing about who exists.
    if (Buffer.byteLength(user, 'utf8') > MAX_USER_BYTES) return { kind: 'user-not-found', refused: 'user-too-long' };
    const entry = htpasswd.entries.get(user);
    if (Buffer.byteLength(password, 'utf8') > this.maxPasswordBytes) {
      return entry
        ? { kind: 'mismatch', refused: 'password-too-long' }
        : { kind: 'user-not-found', refused: 'password-too-long' };
    }

    const floor = this.costFloor(htpasswd);
    if (!entry) {
      const verdict = await this.verifier.verify(password, floor.hash);
      return verdict.kind === 'busy' || verdict.kind === 'error' ? notChecked(verdict) : { kind: 'user-not-found' };
    }
    if (!isVerifiableFormat(entry.format)) {
      // Never a match, but answered no faster than a wrong password for a real user.
      const verdict = await this.verifier.verify(password, floor.hash);
      if (verdict.kind === 'busy' || verdict.kind === 'error') return notChecked(verdict);
      const problem = {
        file: htpasswd.file,
        line: entry.line,
        message: `user "${user}": ${describeUnverifiable(entry.hash)}`,
      };
      return { kind: 'mismatch', problem };
    }

    const key = this.successes ? this.successKey(htpasswd.file, user, entry.hash, password) : null;
    if (key !== null && this.successes?.get(key)) return { kind: 'granted', user }; // get() refreshes its LRU position
    const pad = hashWork(entry.hash, entry.format) < floor.work ? floor.hash : undefined;
    const verdict = await this.verifier.verify(password, entry.hash, pad);
    if (verdict.kind !== 'match') return verdict.kind === 'mismatch' ? { kind: 'mismatch' } : notChecked(verdict);
    if (key !== null) this.successes?.set(key, true);
    return { kind: 'granted', user };
  }

  /** Groups of `user` (names folded by foldGroupName), or null if the file cannot be read. */
  async loadGroups(groupFile: string, user: string): Promise<ReadonlySet<string> | null> {
    const load = await this.groupFiles.get(groupFile);
    return load.kind === 'ok' ? load.value.groupsOf(user) : null;
  }

  private successKey(file: string, user: string, hash: string, password: string): string {
    // A keyed hash under the per-process secret, in one call (an HMAC object per request cost
    // more than the rest of a cached sign-in). Parts are length-prefixed: no ambiguity between them.
    const text = `${this.cacheKeyText}\0${file.length}:${file}${user.length}:${user}${hash.length}:${hash}${password.length}:${password}`;
    return hashText('sha256', text, 'base64');
  }

  /**
   * The most expensive verifiable hash of this file version (by hashWork), or a bcrypt cost-10
   * hash of a forgotten secret when the file has none: every check spends at least its cost.
   */
  private costFloor(htpasswd: HtpasswdFile): { hash: string; work: number } {
    const known = this.floors.get(htpasswd);
    if (known) return known;
    let floor = { hash: FALLBACK_STAND_IN, work: -1 };
    for (const entry of htpasswd.entries.values()) {
      if (!isVerifiableFormat(entry.format)) continue;
      const work = hashWork(entry.hash, entry.format);
      if (work > floor.work) floor = { hash: entry.hash, work };
    }
    if (floor.work < 0) floor = { hash: FALLBACK_STAND_IN, work: hashWork(FALLBACK_STAND_IN) };
    this.floors.set(htpasswd, floor);
    return floor;
  }
}

/** A verdict that says nothing about the password, as an AuthnResult. */
function notChecked(verdict: Extract<HashVerdict, { kind: 'busy' | 'error' }>): AuthnResult {
  if (verdict.kind === 'busy') return verdict;
  return { kind: 'error', code: 'EHASH', message: verdict.message, during: 'verify' };
}

/** The process-wide provider used by the request pipeline. */
export const passwordChecker = new PasswordChecker();

export function checkPassword(userFile: string, user: string, password: string): Promise<AuthnResult> {
  return passwordChecker.checkPassword(userFile, user, password);
}

export function loadGroups(groupFile: string, user: string): Promise<ReadonlySet<string> | null> {
  return passwordChecker.loadGroups(groupFile, user);
}

export function loadUserFile(userFile: string): Promise<FileLoad<HtpasswdFile>> {
  return passwordChecker.loadUserFile(userFile);
}
