// Shared by the `.htaccess` engine matrices (test/http/engine-*.test.ts): the user
// and group files of docs/apache-behaviour.md §0.3 with hashes made by Apache's own `htpasswd` and `openssl passwd` (committed
// vectors, test/fixtures/hash-vectors.ts), the AUTH block, the four clients of docs/apache-behaviour.md §0.3, and one
// assertion for "this status, these headers, this body".
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { makeTree } from './fixture.js';
import { expectBuiltinPage, mediaType } from './expect.js';
import type { TestRequest, TestResponse } from './http.js';
import { collectResponse, requestHeaders } from './http.js';
import { HTPASSWD_VECTORS, OPENSSL_VECTORS, type HtpasswdFormat, type OpensslKind } from '../fixtures/hash-vectors.js';

/** A command line as a shell would need it typed. */
function shellWords(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_.:=/-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

/**
 * One htpasswd line `user:hash` made by Apache's htpasswd: B = bcrypt (cost 5), m = apr1,
 * s = {SHA}, d = DES. The committed vector of test/fixtures/hash-vectors.ts; throws, naming the
 * command to run, when there is none for this format, user and password.
 */
export function htpasswdLine(format: HtpasswdFormat, user: string, password: string): string {
  const found = HTPASSWD_VECTORS.find((v) => v.format === format && v.user === user && v.password === password);
  if (found) return found.line;
  const args = format === 'B' ? ['-nbB', '-C', '5', user, password] : [`-nb${format}`, user, password];
  throw new Error(
    `no committed htpasswd vector for format ${format}, user ${JSON.stringify(user)}, password ` +
      `${JSON.stringify(password)}: run \`htpasswd ${shellWords(args)}\` and add its output to test/fixtures/hash-vectors.ts`,
  );
}

/**
 * A crypt(3) hash made by `openssl passwd`: 1 = $1$ md5crypt, 5 = $5$ SHA-256, 6 = $6$ SHA-512.
 * The committed vector of test/fixtures/hash-vectors.ts; throws, naming the command, without one.
 */
export function opensslHash(kind: OpensslKind, password: string): string {
  const found = OPENSSL_VECTORS.find((v) => v.kind === kind && v.password === password);
  if (found) return found.hash;
  throw new Error(
    `no committed openssl vector for -${kind} and password ${JSON.stringify(password)}: run ` +
      `\`openssl ${shellWords(['passwd', `-${kind}`, password])}\` and add its output to test/fixtures/hash-vectors.ts`,
  );
}

/** The users of docs/apache-behaviour.md §0.3 (`U`): bob bcrypt, alice apr1, sam {SHA}, carl DES, pete plaintext. */
export function referenceUsers(): string {
  return (
    [
      htpasswdLine('B', 'bob', 'bobpw'),
      htpasswdLine('m', 'alice', 'alicepw'),
      htpasswdLine('s', 'sam', 'sampw'),
      htpasswdLine('d', 'carl', 'carlpw'),
      'pete:petepw',
    ].join('\n') + '\n'
  );
}

/** The groups of docs/apache-behaviour.md §0.3 (`G`). */
export const REFERENCE_GROUPS = 'admins: alice bob\nstaff: carl  sam\n';

export interface AuthFiles {
  /** Folder outside every document root holding the files (readable by the server user). */
  dir: string;
  users: string;
  groups: string;
}

/** `users` and `groups` (plus `extra` files) in a fresh folder outside the document root. */
export async function makeAuthFiles(extra: Record<string, string> = {}): Promise<AuthFiles> {
  const dir = await makeTree({ users: referenceUsers(), groups: REFERENCE_GROUPS, ...extra });
  return { dir, users: path.join(dir, 'users'), groups: path.join(dir, 'groups') };
}

/** The AUTH lines of docs/apache-behaviour.md §0.3: `AuthType Basic`, `AuthName "<realm>"`, `AuthUserFile`, `AuthGroupFile`. */
export function authLines(files: AuthFiles, realm = 'R'): string {
  return `AuthType Basic\nAuthName "${realm}"\nAuthUserFile ${files.users}\nAuthGroupFile ${files.groups}\n`;
}

/** The clients of docs/apache-behaviour.md §0.3: no credentials, two users, and bob with a wrong password. */
export const CLIENTS = {
  anon: {} as TestRequest,
  bob: { auth: 'bob:bobpw' } as TestRequest,
  sam: { auth: 'sam:sampw' } as TestRequest,
  badpw: { auth: 'bob:wrongpw' } as TestRequest,
} as const;
export type ClientName = keyof typeof CLIENTS;

export interface Outcome {
  status: number;
  /** Realm a 401 must challenge with (default `R`); any other status must carry no challenge. */
  realm?: string | undefined;
  /** Exact body of a successful response (Content-Length checked too); a `fileBody()` body
   * (an `f.txt` of `folders()`) also implies `type: 'text/plain'` unless a type is given. */
  body?: string | undefined;
  /** Text the body must contain (an ErrorDocument); without it an error must be the built-in page. */
  marker?: string | undefined;
  /** The built-in page for the status, and its body matches this (e.g. the "Additionally" paragraph). */
  pattern?: RegExp | undefined;
  /** Exact `Location`; without it, a non-3xx response must have none. */
  location?: string | undefined;
  /** Media type without parameters; null = no Content-Type at all. */
  type?: string | null | undefined;
  /** Exact Content-Type header including parameters. */
  contentType?: string | undefined;
}

/** Status, challenge, Location, Content-Type and body of one response, checked together. */
export function expectOutcome(res: TestResponse, exp: Outcome, what: string, method = 'GET'): void {
  assert.equal(res.status, exp.status, `${what}: status (body: ${res.body.slice(0, 300)})`);
  const challenge = res.headers['www-authenticate'];
  if (exp.status === 401) assert.equal(challenge, `Basic realm="${exp.realm ?? 'R'}"`, `${what}: WWW-Authenticate`);
  else assert.equal(challenge, undefined, `${what}: no WWW-Authenticate on a ${exp.status}`);
  if (exp.location !== undefined) assert.equal(res.headers.location, exp.location, `${what}: Location`);
  else if (exp.status < 300 || exp.status >= 400) assert.equal(res.headers.location, undefined, `${what}: no Location`);
  const type =
    exp.type === undefined && exp.contentType === undefined && exp.body !== undefined && /^f in .*\n$/.test(exp.body)
      ? 'text/plain'
      : exp.type;
  if (type !== undefined)
    assert.equal(mediaType(res), type, `${what}: Content-Type (${String(res.headers['content-type'])})`);
  if (exp.contentType !== undefined)
    assert.equal(res.headers['content-type'], exp.contentType, `${what}: Content-Type`);
  if (method === 'HEAD') {
    assert.equal(res.raw.length, 0, `${what}: HEAD has no body`);
    return;
  }
  if (exp.body !== undefined) {
    assert.equal(res.body, exp.body, `${what}: body`);
    assert.equal(res.headers['content-length'], String(res.raw.length), `${what}: Content-Length`);
  } else if (exp.marker !== undefined) {
    assert.ok(
      res.body.includes(exp.marker),
      `${what}: body contains ${JSON.stringify(exp.marker)}: ${res.body.slice(0, 300)}`,
    );
  } else if (exp.status >= 400) {
    expectBuiltinPage(res, exp.status, what, method);
    if (exp.pattern) assert.match(res.body, exp.pattern, `${what}: body`);
  }
}

/** The fetch of `helpers/http.ts` for an IPv6 server URL such as `http://[::1]:1234`. */
export function fetchV6(baseUrl: string, target: string, req: TestRequest = {}): Promise<TestResponse> {
  const u = new URL(baseUrl);
  return collectResponse(http.request, {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    family: 6,
    port: u.port,
    method: req.method ?? 'GET',
    path: target,
    headers: requestHeaders(req),
  });
}

/** Fixture entries for `{ dir: htaccess }`: each folder gets that `.htaccess` and an `f.txt` saying `f in <dir>`. */
export function folders(htaccessByDir: Record<string, string>): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [dir, ht] of Object.entries(htaccessByDir)) {
    entries[`${dir}/.htaccess`] = ht;
    entries[`${dir}/f.txt`] = fileBody(dir);
  }
  return entries;
}

/** The body of `<dir>/f.txt` made by `folders`. */
export function fileBody(dir: string): string {
  return `f in ${dir}\n`;
}
