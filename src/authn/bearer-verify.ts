// The Bearer authentication provider: "which token is this, and what may it do?". An opaque token
// is looked up in the realm's token file; a JWT (three dot-separated parts) is verified when the
// realm has a JWKS file or a shared secret. Token and JWKS files are cached like password files
// (src/authn/file-cache.ts): parsed once per version, and a revoked token is refused as soon as the
// cache sees the change (at once with a watcher, within cache.revalidate_ms without).
//
// The verdict kinds match Basic's outcomes for the attempt limits: 'valid' is a success,
// 'bad-credentials' a failure to count, 'error' (a file that cannot be read) neither.
import { ParsedFileCache, type FileLoad } from './file-cache.js';
import { looksLikeJwt } from './bearer-header.js';
import { parseJwks, verifyJwt, type ParsedJwks } from './bearer-jwt.js';
import { findToken, parseTokenFile, type TokenFile } from './token-file.js';

/** A realm's AuthBearer* settings, paths made absolute. */
export interface BearerRealmKeys {
  tokenFile: string | null;
  jwksFile: string | null;
  secret: Uint8Array | null;
  issuer: string | null;
  audience: readonly string[] | null;
  clockSkewS: number;
}

export type BearerVerdict =
  | { kind: 'valid'; name: string; scopes: ReadonlySet<string>; via: string }
  /** reason: for the trace and the log; description: for the client (error_description). */
  | { kind: 'bad-credentials'; reason: string; description: string; name?: string }
  | { kind: 'error'; file: string; which: 'token-file' | 'jwks'; message: string };

export interface BearerVerifierOptions {
  revalidateMs?: number;
  maxFiles?: number;
}

export class BearerVerifier {
  private readonly tokenFiles: ParsedFileCache<TokenFile>;
  private readonly jwksFiles: ParsedFileCache<ParsedJwks>;

  constructor(options: BearerVerifierOptions = {}) {
    const fileOptions = { revalidateMs: options.revalidateMs ?? 0 };
    this.tokenFiles = new ParsedFileCache(parseTokenFile, options.maxFiles ?? 64, fileOptions);
    this.jwksFiles = new ParsedFileCache((text) => parseJwks(text), options.maxFiles ?? 64, fileOptions);
  }

  /** The file changed (a watcher saw it): the next use stats it and, if needed, re-reads it. */
  invalidate(file: string): void {
    this.tokenFiles.invalidate(file);
    this.jwksFiles.invalidate(file);
  }

  loadTokenFile(file: string): Promise<FileLoad<TokenFile>> {
    return this.tokenFiles.get(file);
  }

  async verify(keys: BearerRealmKeys, token: string, now = Date.now()): Promise<BearerVerdict> {
    if (looksLikeJwt(token) && (keys.jwksFile !== null || keys.secret !== null)) return this.verifyJwt(keys, token);
    if (keys.tokenFile === null) {
      return { kind: 'bad-credentials', reason: 'not a JWT, and the realm has no token file', description: UNKNOWN };
    }
    const load = await this.tokenFiles.get(keys.tokenFile);
    if (load.kind === 'error')
      return { kind: 'error', file: keys.tokenFile, which: 'token-file', message: load.message };
    const found = findToken(load.value, token, now);
    switch (found.kind) {
      case 'unknown':
        return { kind: 'bad-credentials', reason: `unknown token (${keys.tokenFile})`, description: UNKNOWN };
      case 'revoked':
        return {
          kind: 'bad-credentials',
          reason: `token "${found.entry.name}" was revoked (${keys.tokenFile}:${found.entry.line})`,
          description: 'The access token has been revoked',
          name: found.entry.name,
        };
      case 'expired':
        return {
          kind: 'bad-credentials',
          reason: `token "${found.entry.name}" expired (${keys.tokenFile}:${found.entry.line})`,
          description: 'The access token has expired',
          name: found.entry.name,
        };
      case 'valid':
        return {
          kind: 'valid',
          name: found.entry.name,
          scopes: new Set(found.entry.scopes),
          via: `${keys.tokenFile}:${found.entry.line}`,
        };
    }
  }

  private async verifyJwt(keys: BearerRealmKeys, token: string): Promise<BearerVerdict> {
    let jwks: ParsedJwks | null = null;
    if (keys.jwksFile !== null) {
      const load = await this.jwksFiles.get(keys.jwksFile);
      if (load.kind === 'error') return { kind: 'error', file: keys.jwksFile, which: 'jwks', message: load.message };
      if (!load.value.ok) return { kind: 'error', file: keys.jwksFile, which: 'jwks', message: load.value.error };
      jwks = load.value;
    }
    const verdict = await verifyJwt(token, { ...keys, jwks });
    if (verdict.kind === 'refused') {
      return { kind: 'bad-credentials', reason: `JWT refused: ${verdict.reason}`, description: verdict.description };
    }
    return { kind: 'valid', name: verdict.subject, scopes: verdict.scopes, via: 'JWT' };
  }
}

const UNKNOWN = 'The access token is not recognised';
