// The htpasswd authentication provider (Apache's mod_authn_file): "is this password right for
// this user in this AuthUserFile?", plus group lookup for `Require group`.
//
// - A missing/unreadable user file is a technical error ('error' → the pipeline answers 500),
//   never a wrong password. A missing/unreadable group file is `null` (→ `Require group`
//   denies: 401/403, never 500; docs/apache-behaviour.md §5.4).
// - An unknown user costs as much as a known one: the password is checked against a stand-in
//   hash of the same kind the file mostly uses, and the result thrown away.
// - Successful checks are remembered in a bounded LRU keyed by HMAC(file, user, stored hash,
//   password) under a per-process random key, so a repeated correct login skips bcrypt while the
//   password itself is never stored. Because the stored hash is part of the key, a user removed
//   from the file or given a new hash is refused on the very next request; nothing else expires.

import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { ConfigError } from '../htaccess/types.js';
import { ParsedFileCache, type FileLoad } from './file-cache.js';
import { parseGroupFile, type GroupFile } from './group-file.js';
import {
  DEFAULT_BCRYPT_COST,
  describeUnverifiable,
  isVerifiableFormat,
  verifyHash,
  type HashFormat,
} from './hash-formats.js';
import { parseHtpasswd, type HtpasswdFile } from './htpasswd-file.js';
import { LruMap } from './lru.js';

export type AuthnResult =
  | { kind: 'granted'; user: string }
  | { kind: 'user-not-found' }
  /** problem: set when the user's stored hash can never match (plain text, empty, malformed). */
  | { kind: 'mismatch'; problem?: ConfigError }
  | { kind: 'error'; code: string; message: string };

export interface PasswordCheckerOptions {
  /** Most files (user + group files) kept parsed. Default 256. */
  maxFiles?: number;
  /** Most remembered successful logins. Default 1024. */
  successCacheSize?: number;
  /** The hash check, replaceable in tests. Default: verifyHash. */
  verify?: (password: string, hash: string) => Promise<boolean>;
}

export class PasswordChecker {
  private readonly userFiles: ParsedFileCache<HtpasswdFile>;
  private readonly groupFiles: ParsedFileCache<GroupFile>;
  private readonly successes: LruMap<string, true>;
  private readonly verify: (password: string, hash: string) => Promise<boolean>;
  private readonly cacheKeySecret = randomBytes(32);
  private readonly standIns = new WeakMap<HtpasswdFile, string>();
  private fallbackStandIn: Promise<string> | null = null;

  constructor(options: PasswordCheckerOptions = {}) {
    this.userFiles = new ParsedFileCache(parseHtpasswd, options.maxFiles ?? 256);
    this.groupFiles = new ParsedFileCache(parseGroupFile, options.maxFiles ?? 256);
    this.successes = new LruMap(options.successCacheSize ?? 1024);
    this.verify = options.verify ?? verifyHash;
  }

  /** The parsed user file (shared cache), e.g. for logging its problems or for lint. */
  loadUserFile(userFile: string): Promise<FileLoad<HtpasswdFile>> {
    return this.userFiles.get(userFile);
  }

  async checkPassword(userFile: string, user: string, password: string): Promise<AuthnResult> {
    const load = await this.userFiles.get(userFile);
    if (load.kind === 'error') return { kind: 'error', code: load.code, message: load.message };
    const htpasswd = load.value;

    const entry = htpasswd.entries.get(user);
    if (!entry) {
      await this.verify(password, await this.standInHash(htpasswd));
      return { kind: 'user-not-found' };
    }
    if (!isVerifiableFormat(entry.format)) {
      const problem = {
        file: htpasswd.file,
        line: entry.line,
        message: `user "${user}": ${describeUnverifiable(entry.hash)}`,
      };
      return { kind: 'mismatch', problem };
    }

    const key = this.successKey(htpasswd.file, user, entry.hash, password);
    if (this.successes.has(key)) {
      this.successes.get(key); // refresh its LRU position
      return { kind: 'granted', user };
    }
    if (!(await this.verify(password, entry.hash))) return { kind: 'mismatch' };
    this.successes.set(key, true);
    return { kind: 'granted', user };
  }

  /** Groups of `user` (names folded by foldGroupName), or null if the file cannot be read. */
  async loadGroups(groupFile: string, user: string): Promise<ReadonlySet<string> | null> {
    const load = await this.groupFiles.get(groupFile);
    return load.kind === 'ok' ? load.value.groupsOf(user) : null;
  }

  private successKey(file: string, user: string, hash: string, password: string): string {
    const mac = createHmac('sha256', this.cacheKeySecret);
    for (const part of [file, user, hash, password]) {
      const bytes = Buffer.from(part, 'utf8');
      mac.update(`${bytes.length}:`).update(bytes); // length-prefixed: no ambiguity between parts
    }
    return mac.digest('base64');
  }

  /**
   * A real hash from this file in its most common format (so an unknown user takes as long as
   * a typical known one), or a bcrypt hash of a random secret when the file has none.
   */
  private async standInHash(htpasswd: HtpasswdFile): Promise<string> {
    const known = this.standIns.get(htpasswd);
    if (known) return known;
    const firstOfFormat = new Map<HashFormat, string>();
    const counts = new Map<HashFormat, number>();
    for (const entry of htpasswd.entries.values()) {
      if (!isVerifiableFormat(entry.format)) continue;
      counts.set(entry.format, (counts.get(entry.format) ?? 0) + 1);
      if (!firstOfFormat.has(entry.format)) firstOfFormat.set(entry.format, entry.hash);
    }
    let best: HashFormat | null = null;
    for (const [format, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = format;
    const standIn = best !== null ? firstOfFormat.get(best) : undefined;
    if (standIn !== undefined) {
      this.standIns.set(htpasswd, standIn);
      return standIn;
    }
    this.fallbackStandIn ??= bcrypt.hash(randomBytes(18).toString('base64'), DEFAULT_BCRYPT_COST);
    return this.fallbackStandIn;
  }
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
