// The password hash formats Apache accepts in an AuthUserFile, and how to check and create
// them. See docs/apache-behaviour.md §5.6. Apache (APR-util apr_password_validate) knows
// `$apr1$`, `$2y$`/`$2a$` and `{SHA}` itself and hands everything else to the system crypt(3),
// which on Linux does DES, `$1$`, `$5$`, `$6$`, `$2b$`. Plain text never matches on Unix.
//
// Every password is hashed over its UTF-8 bytes (see src/text/decode-bytes.ts for where the text comes
// from). Every final comparison is constant-time.

import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The hashing libraries, loaded on first use: passwords are verified in the hash workers
 * (src/authn/hash-worker.ts), so the serving thread, which only reads formats, never pays for them.
 */
interface HashLibs {
  bcrypt: typeof import('bcryptjs').default;
  aprMd5: (password: string, salt?: string) => string;
  desCrypt: typeof import('apache-crypt').default;
  shaCrypt: typeof import('unixcrypt').encrypt;
}
let libs: Promise<HashLibs> | undefined;
function hashLibs(): Promise<HashLibs> {
  libs ??= Promise.all([import('bcryptjs'), import('apache-md5'), import('apache-crypt'), import('unixcrypt')]).then(
    ([bcrypt, aprMd5, desCrypt, unixcrypt]) => ({
      bcrypt: bcrypt.default,
      // apache-md5 is CommonJS (`module.exports = fn`); its typings declare an ES default export,
      // which under NodeNext types the default as the module namespace. At run time it is the function.
      aprMd5: aprMd5.default as unknown as (password: string, salt?: string) => string,
      desCrypt: desCrypt.default,
      shaCrypt: unixcrypt.encrypt,
    }),
  );
  return libs;
}

export type HashFormat =
  | 'bcrypt'
  | 'apr1'
  | 'sha1'
  | 'des'
  | 'md5crypt'
  | 'sha256crypt'
  | 'sha512crypt'
  | 'plaintext'
  | 'empty'
  /** Looks like a scheme (`$id$…`, `{…}`) but is malformed or unsupported (e.g. `$y$`, `{sha}`). */
  | 'unknown';

export type NewHashFormat = 'bcrypt' | 'apr1' | 'sha1';

const CRYPT64 = '[./0-9A-Za-z]';
const FORMAT_PATTERNS: ReadonlyArray<[Exclude<HashFormat, 'plaintext' | 'empty' | 'unknown'>, RegExp]> = [
  ['bcrypt', new RegExp(`^\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$${CRYPT64}{53}$`)],
  ['apr1', new RegExp(`^\\$apr1\\$[^$]{0,8}\\$${CRYPT64}{22}$`)],
  ['md5crypt', new RegExp(`^\\$1\\$[^$]{0,8}\\$${CRYPT64}{22}$`)],
  ['sha256crypt', new RegExp(`^\\$5\\$(rounds=[0-9]+\\$)?${CRYPT64}{0,16}\\$${CRYPT64}{43}$`)],
  ['sha512crypt', new RegExp(`^\\$6\\$(rounds=[0-9]+\\$)?${CRYPT64}{0,16}\\$${CRYPT64}{86}$`)],
  ['sha1', /^\{SHA\}[A-Za-z0-9+/]{27}=$/],
  ['des', new RegExp(`^${CRYPT64}{13}$`)],
];

export function detectHashFormat(hash: string): HashFormat {
  if (hash === '') return 'empty';
  for (const [format, pattern] of FORMAT_PATTERNS) if (pattern.test(hash)) return format;
  return hash.startsWith('$') || hash.startsWith('{') ? 'unknown' : 'plaintext';
}

/** False for formats that can never match (plain text, empty, malformed/unsupported). */
export function isVerifiableFormat(format: HashFormat): boolean {
  return format !== 'plaintext' && format !== 'empty' && format !== 'unknown';
}

/** Why an unverifiable stored value never matches, for log and lint messages. */
export function describeUnverifiable(hash: string): string {
  const format = detectHashFormat(hash);
  if (format === 'empty') return 'the password hash is empty, so this user can never log in';
  if (format === 'plaintext') {
    return 'the password is stored in plain text, which Apache on Unix never accepts; hash it with `htserve passwd`';
  }
  if (/^\{sha\}/i.test(hash) && !hash.startsWith('{SHA}')) {
    return 'the {SHA} prefix is case-sensitive; Apache does not recognise this spelling';
  }
  if (hash.startsWith('$y$') || hash.startsWith('$gy$') || hash.startsWith('$7$')) {
    return 'yescrypt/scrypt hashes are not supported by htserve; re-hash with `htserve passwd`';
  }
  return 'the password hash has an unrecognised or malformed format';
}

/**
 * A rough measure of the work one check against `hash` costs (bcrypt cost 10 = 1024), to find
 * the most expensive hash of a user file: bcrypt doubles per cost step; SHA-crypt is linear in
 * its rounds (default 5000), about a bcrypt cost 5-6 in the pure-JS libraries used here; MD5-crypt (1000
 * rounds), DES and {SHA} are cheap. Unverifiable values cost nothing.
 */
export function hashWork(hash: string, format: HashFormat = detectHashFormat(hash)): number {
  switch (format) {
    case 'bcrypt':
      return 2 ** Number(hash.slice(4, 6));
    case 'sha256crypt':
    case 'sha512crypt': {
      const rounds = /^\$[56]\$rounds=([0-9]+)\$/.exec(hash);
      // crypt(3) clamps rounds to 1000..999999999.
      const n = rounds ? Math.min(999_999_999, Math.max(1000, Number(rounds[1]))) : 5000;
      return (n / 5000) * 48;
    }
    case 'apr1':
    case 'md5crypt':
      return 4;
    case 'des':
      return 2;
    case 'sha1':
      return 1;
    case 'plaintext':
    case 'empty':
    case 'unknown':
      return 0;
  }
}

/**
 * Does `password` match the stored `hash`? Never throws: malformed or unsupported hashes,
 * plain text and empty values are simply `false`.
 */
export async function verifyHash(password: string, hash: string): Promise<boolean> {
  try {
    const candidate = await recompute(password, hash, detectHashFormat(hash));
    return candidate !== null && constantTimeEqual(candidate, hash);
  } catch {
    return false;
  }
}

/** The stored hash recomputed from `password` with the stored salt/cost, or null if impossible. */
async function recompute(password: string, hash: string, format: HashFormat): Promise<string | null> {
  const { bcrypt, aprMd5, desCrypt, shaCrypt } = await hashLibs();
  switch (format) {
    case 'bcrypt':
      // bcryptjs (async, yields to the event loop) handles $2a$/$2b$/$2y$ identically and keeps
      // the prefix it was given; it truncates at 72 UTF-8 bytes like crypt_blowfish.
      return bcrypt.hash(password, hash.slice(0, 29));
    case 'apr1':
    case 'md5crypt':
      // apache-md5 picks the `$1$` or `$apr1$` magic from the stored hash.
      return aprMd5(asByteString(password), hash);
    case 'sha1':
      return sha1Hash(password);
    case 'des':
      // Traditional crypt(3): only the first 8 bytes count.
      return desCrypt(Buffer.from(password, 'utf8'), hash.slice(0, 2));
    case 'sha256crypt':
    case 'sha512crypt':
      return shaCrypt(password, hash.slice(0, hash.lastIndexOf('$')));
    case 'plaintext':
    case 'empty':
    case 'unknown':
      return null;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** apache-md5 feeds its strings to MD5 one char per byte: hand it the UTF-8 bytes that way. */
function asByteString(password: string): string {
  return Buffer.from(password, 'utf8').toString('latin1');
}

function sha1Hash(password: string): string {
  return '{SHA}' + createHash('sha1').update(password, 'utf8').digest('base64');
}

export const DEFAULT_BCRYPT_COST = 10;
export const MIN_BCRYPT_COST = 4;
export const MAX_BCRYPT_COST = 31;

/**
 * Hash `password` the way Apache's `htpasswd` writes it: `-B` → `$2y$NN$…`, `-m` → `$apr1$…`
 * (8-char random salt), `-s` → `{SHA}…`. bcrypt cost defaults to 10 (htpasswd's own default is 5).
 */
export async function hashPassword(
  password: string,
  format: NewHashFormat,
  opts: { cost?: number } = {},
): Promise<string> {
  const { bcrypt, aprMd5 } = await hashLibs();
  switch (format) {
    case 'bcrypt': {
      const cost = opts.cost ?? DEFAULT_BCRYPT_COST;
      if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) {
        throw new RangeError(`bcrypt cost must be an integer from ${MIN_BCRYPT_COST} to ${MAX_BCRYPT_COST}`);
      }
      // bcryptjs writes `$2b$`; the algorithm is identical, htpasswd writes `$2y$`.
      const salt = (await bcrypt.genSalt(cost)).replace(/^\$2b\$/, '$2y$');
      return bcrypt.hash(password, salt);
    }
    case 'apr1':
      return aprMd5(asByteString(password), `$apr1$${randomSalt(8)}`);
    case 'sha1':
      return sha1Hash(password);
  }
}

function randomSalt(length: number): string {
  const alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let salt = '';
  for (let i = 0; i < length; i++) salt += alphabet[randomInt(alphabet.length)];
  return salt;
}
