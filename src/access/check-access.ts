// The access stage (docs/apache-behaviour.md §1.4, §5.1, §6.2, §8.3, §8.4): the legacy Order/Allow/Deny gate,
// then Require without a user, then — only if the rules need one — Basic authentication,
// then Require again with the user. The 401-vs-403 choice is made here and nowhere else.
import { hash as hashText, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AuthzRequest } from '../authz/types.js';
import { evaluateRequire, exprRequestOf, forwardDnsNames, treeNeedsHostName } from '../authz/require-eval.js';
import { evaluateLegacy, satisfyAny } from '../authz/legacy-eval.js';
import { parseBasicAuthorization } from '../authn/basic-header.js';
import { basicChallenge, ruleName, traceSteps } from './access-text.js';
import { bearerAccess, type BearerPorts } from './bearer-access.js';
import type { AuthError } from '../decision.js';

export { basicChallenge } from './access-text.js';
import { evaluateString } from '../expr/evaluate.js';
import { parseStringExpr } from '../expr/parse.js';
import type { AuthnResult } from '../authn/password-check.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { RequireNode, SourceLoc } from '../htaccess/types.js';
import type { DecisionStep } from '../decision.js';
import { formatLoc } from '../decision.js';
import { serverLoc } from '../htaccess/effective-config.js';
import { clientHostName, forwardLookup } from './client-host.js';
import { requireTreeIsConstant } from '../authz/constant-tree.js';
import { splitHost } from '../text/host.js';
import { configId } from '../htaccess/config-id.js';
import type { AttemptLimits, Awaitable, CheckResultKind, LockoutStarted } from '../authn/attempt-limits.js';
import { lockoutNote, realmKey, settled, tooManyAttempts } from './attempt-outcome.js';

export interface AccessRequest {
  method: string;
  clientIp: string;
  localIp: string;
  authorization: string | undefined;
  /** Variables set by SetEnvIf before access control. */
  env: ReadonlyMap<string, string>;
  /** What `Require expr` and AuthName's %{...} read; absent = empty values. */
  request?: {
    /** Decoded, normalised URL path. */
    uri: string;
    /** Raw query string without `?`. */
    query: string;
    /** Request headers, names lower-cased. */
    headers: Readonly<Record<string, string | string[] | undefined>>;
    /** The Host header as sent (name[:port]). */
    host: string;
    /** e.g. "HTTP/1.1" */
    protocol: string;
    /** %{HTTPS} / %{REQUEST_SCHEME}; absent = http. */
    scheme?: 'http' | 'https';
    /** Apache's r->filename (%{REQUEST_FILENAME}); absent = the URI, as before the walk. */
    filename?: string;
    /** %{DOCUMENT_ROOT}. */
    documentRoot?: string;
  };
}

/** Ports to the authentication provider, so tests and `check` can use the real ones. */
export interface AuthnPorts {
  serverRoot: string;
  checkPassword(userFile: string, user: string, password: string): Promise<AuthnResult>;
  loadGroups(groupFile: string, user: string): Promise<ReadonlySet<string> | null>;
  /** The current version (identity) of a user or group file when known without I/O; see signInMemo. */
  fileVersion?: (file: string) => object | undefined;
  /** Failed sign-ins counted per client and realm (absent = no limit): 429 past the limit. */
  attempts?: AttemptLimits;
  /** Bearer token realms (src/access/bearer-access.ts); absent = AuthType Bearer answers 500. */
  bearer?: BearerPorts;
}

export interface LogNote {
  level: 'error' | 'warn' | 'info';
  code: string;
  message: string;
}

export type AccessOutcome =
  | {
      kind: 'allowed';
      user: string | null;
      steps: DecisionStep[];
      decidedBy: { loc: SourceLoc; text: string } | null;
      why: string;
    }
  | {
      kind: 'denied';
      status: 401 | 403 | 429 | 500 | 503;
      /** WWW-Authenticate value for 401s. */
      challenge: string | null;
      /** Other response headers (Retry-After on a 429 or 503). */
      headers?: Array<[string, string]>;
      user: string | null;
      steps: DecisionStep[];
      decidedBy: { loc: SourceLoc; text: string } | null;
      why: string;
      logNote?: LogNote;
      /** Bearer realms: the RFC 6750 error a JSON body repeats. */
      authError?: AuthError;
    };

/** AuthName is an ap_expr string: expand %{...} and backslash escapes per request. */
const parsedRealms = new Map<string, ReturnType<typeof parseStringExpr>>();

function expandRealm(text: string, req: AuthzRequest): string {
  // Realms are few and parsed once; a realm without %{...}, $N or backslashes is itself.
  if (!text.includes('%') && !text.includes('\\') && !text.includes('$')) return text;
  let parsed = parsedRealms.get(text);
  if (parsed === undefined) {
    if (parsedRealms.size >= 1024) parsedRealms.clear();
    parsedRealms.set(text, (parsed = parseStringExpr(text)));
  }
  // The compiler already refused what Apache refuses; what htserve cannot expand stays as written.
  if (!parsed.ok) return text;
  return evaluateString(parsed.value, exprRequestOf(req));
}

function needsHost(cfg: EffectiveConfig): boolean {
  const legacyHost = cfg.legacy ? [...cfg.legacy.allow, ...cfg.legacy.deny].some((r) => r.kind === 'host') : false;
  return legacyHost || treeNeedsHostName(cfg.authz);
}

/** What a configuration's rules need looked up: the same for every request under it, so kept. */
interface RulesShape {
  needsHost: boolean;
  forwardDns: readonly string[];
}
const shapes = new WeakMap<EffectiveConfig, RulesShape>();
function shapeOf(cfg: EffectiveConfig): RulesShape {
  let s = shapes.get(cfg);
  if (!s) shapes.set(cfg, (s = { needsHost: needsHost(cfg), forwardDns: forwardDnsNames(cfg.authz) }));
  return s;
}
const NO_FORWARD_DNS: ReadonlyMap<string, readonly string[]> = new Map();

/** AuthUserFile/AuthGroupFile made absolute against ServerRoot (few distinct names: kept). */
const resolvedFiles = new Map<string, string>();
function resolvedFile(serverRoot: string, file: string): string {
  const key = `${serverRoot}\0${file}`;
  let abs = resolvedFiles.get(key);
  if (abs === undefined) {
    if (resolvedFiles.size >= 1024) resolvedFiles.clear();
    resolvedFiles.set(key, (abs = path.resolve(serverRoot, file)));
  }
  return abs;
}

/**
 * Grants that no request input can change (no legacy rules, only `Require all` for every method):
 * decided once per configuration object and shared — the outcome is never mutated by callers.
 */
const constantGrants = new WeakMap<EffectiveConfig, AccessOutcome>();

export async function checkAccess(cfg: EffectiveConfig, req: AccessRequest, ports: AuthnPorts): Promise<AccessOutcome> {
  const known = constantGrants.get(cfg);
  if (known) return known;
  const memo = signInMemo(cfg, req, ports);
  const remembered = memo?.lookup();
  if (remembered) {
    if (!ports.attempts) return remembered;
    const locked = lockedOutOfRealm(cfg, req, ports, [], true);
    return (locked instanceof Promise ? await locked : locked) ?? remembered;
  }
  const outcome = await decideAccess(cfg, req, ports);
  if (outcome.kind === 'allowed' && !cfg.legacy && requireTreeIsConstant(cfg.authz)) constantGrants.set(cfg, outcome);
  else if (outcome.kind === 'allowed' && outcome.user !== null) memo?.store(outcome);
  return outcome;
}

/**
 * Sign-ins remembered: under rules that read nothing but the user (valid-user, user, group, all;
 * no legacy rules, no <Limit>), a granted answer depends only on the configuration, the
 * Authorization header and the versions of the user and group files. Keyed by a keyed SHA-256
 * of the configuration's id and the header (the header itself is never kept); reused only while
 * both files are the same parsed versions (so a revoked user is refused as soon as the file cache
 * sees the change: at once with a watcher, within cache.revalidate_ms without). Bounded.
 */
interface RememberedSignIn {
  outcome: AccessOutcome;
  userFile: object;
  groupFile: object | null;
}
const signIns = new Map<string, RememberedSignIn>();
const SIGN_INS_MAX = 4096;
const signInSecret = randomBytes(32).toString('base64');

/** What a configuration's sign-in depends on, worked out once per context and configuration. */
interface RealmFiles {
  /** The rules read nothing but the user (sign-ins may be remembered). */
  userOnly: boolean;
  userFile: string;
  groupFile: string | null;
  /** Attempt-limit realm: AuthName as written with the resolved user file; null without AuthName. */
  realmKey: string | null;
  /** The configuration's id, prefixed with the secret: the start of a sign-in key. */
  keyPrefix: string;
}
const realmFilesByPorts = new WeakMap<AuthnPorts, WeakMap<EffectiveConfig, RealmFiles>>();

/** null when the configuration names no AuthUserFile. */
function realmFiles(cfg: EffectiveConfig, ports: AuthnPorts): RealmFiles | null {
  if (!cfg.authUserFile) return null;
  let byCfg = realmFilesByPorts.get(ports);
  if (byCfg === undefined) realmFilesByPorts.set(ports, (byCfg = new WeakMap()));
  let r = byCfg.get(cfg);
  if (r === undefined) {
    const userFile = resolvedFile(ports.serverRoot, cfg.authUserFile.value);
    r = {
      userOnly: !cfg.legacy && readsOnlyTheUser(cfg.authz),
      userFile,
      groupFile: cfg.authGroupFile ? resolvedFile(ports.serverRoot, cfg.authGroupFile.value) : null,
      realmKey: cfg.authName ? realmKey(cfg.authName.value, userFile) : null,
      keyPrefix: `${signInSecret}\0${configId(cfg)}\0`,
    };
    byCfg.set(cfg, r);
  }
  return r;
}

function readsOnlyTheUser(node: RequireNode): boolean {
  if (node.kind !== 'leaf') return node.children.every(readsOnlyTheUser);
  const t = node.provider.type;
  return node.methods === null && (t === 'all' || t === 'valid-user' || t === 'user' || t === 'group');
}

function signInMemo(
  cfg: EffectiveConfig,
  req: AccessRequest,
  ports: AuthnPorts,
): { lookup(): AccessOutcome | undefined; store(outcome: AccessOutcome): void } | null {
  const version = ports.fileVersion;
  if (!req.authorization || !version) return null;
  const files = realmFiles(cfg, ports);
  if (files === null || !files.userOnly) return null;
  const key = hashText('sha256', files.keyPrefix + req.authorization, 'base64');
  const { userFile, groupFile } = files;
  return {
    lookup: () => {
      const e = signIns.get(key);
      if (!e || e.userFile !== version(userFile)) return undefined;
      if (groupFile !== null && e.groupFile !== version(groupFile)) return undefined;
      return e.outcome;
    },
    store: (outcome) => {
      const u = version(userFile);
      const g = groupFile !== null ? version(groupFile) : null;
      if (u === undefined || g === undefined) return;
      if (signIns.size >= SIGN_INS_MAX) signIns.clear();
      signIns.set(key, { outcome, userFile: u, groupFile: g });
    },
  };
}

/** A request in a realm the client is locked out of: 429, whatever credentials (no hash computed). */
function lockedOutOfRealm(
  cfg: EffectiveConfig,
  req: AccessRequest,
  ports: AuthnPorts,
  steps: DecisionStep[],
  signedIn = false,
): Awaitable<AccessOutcome | null> {
  if (!ports.attempts || !cfg.authName) return null;
  const files = realmFiles(cfg, ports);
  if (files === null || files.realmKey === null) return null;
  const { userFile, realmKey: key } = files;
  const realm = cfg.authName.value;
  // A remembered sign-in is a success (it resets the count) unless the client is locked out.
  const locked = signedIn
    ? ports.attempts.rememberedSignIn(req.clientIp, key)
    : ports.attempts.lockedOut(req.clientIp, key);
  // Synchronous for the in-memory table: a remembered sign-in stays free of extra awaits.
  if (locked instanceof Promise)
    return locked.then((l) => (l ? tooManyAttempts(ports, l, realm, userFile, steps) : null));
  return locked ? tooManyAttempts(ports, locked, realm, userFile, steps) : null;
}

function resultKind(result: AuthnResult): CheckResultKind {
  if (result.kind === 'granted') return 'success';
  return result.kind === 'mismatch' || result.kind === 'user-not-found' ? 'failure' : 'unknown';
}

async function decideAccess(cfg: EffectiveConfig, req: AccessRequest, ports: AuthnPorts): Promise<AccessOutcome> {
  const steps: DecisionStep[] = [];
  const env = req.env;
  const shape = shapeOf(cfg);
  const hostName = shape.needsHost ? await clientHostName(req.clientIp) : null;

  // 1. legacy gate (mod_access_compat)
  let legacyAllowed = true;
  let legacyBy: { loc: SourceLoc; text: string } | null = null;
  if (cfg.legacy) {
    const outcome = evaluateLegacy(cfg.legacy, {
      method: req.method,
      clientIp: req.clientIp,
      clientHostName: hostName,
      env,
    });
    for (const t of outcome.trace)
      steps.push({ stage: 'legacy', text: t.text, loc: t.loc, result: t.matched ? 'matched' : 'no match' });
    legacyAllowed = outcome.allowed;
    legacyBy = outcome.decidedBy;
    steps.push({
      stage: 'legacy',
      text: `Order/Allow/Deny: ${legacyAllowed ? 'allowed' : 'denied'}`,
      result: legacyAllowed ? 'granted' : 'denied',
      ...(legacyBy ? { loc: legacyBy.loc } : {}),
    });
  }
  const any = satisfyAny(cfg.legacy, req.method);
  if (any && legacyAllowed) {
    return {
      kind: 'allowed',
      user: null,
      steps,
      decidedBy: legacyBy,
      why: `allowed by the host rules; Satisfy Any skips Require and authentication (${ruleName(legacyBy)})`,
    };
  }
  if (!any && !legacyAllowed) {
    return {
      kind: 'denied',
      status: 403,
      challenge: null,
      user: null,
      steps,
      decidedBy: legacyBy,
      why: `403: your address ${req.clientIp} is refused by ${ruleName(legacyBy)}; signing in would not change this`,
      logNote: {
        level: 'error',
        code: 'AH01797',
        message: `client ${req.clientIp} denied by server configuration (Order/Allow/Deny)`,
      },
    };
  }

  // 2. Require without a user
  const forward = shape.forwardDns.length === 0 ? NO_FORWARD_DNS : await forwardLookup(shape.forwardDns);
  // One literal of a fixed shape (adding the request fields afterwards made V8 slow here).
  const r = req.request;
  const host = r ? splitHost(r.host) : null;
  const base: AuthzRequest = {
    method: req.method,
    clientIp: req.clientIp,
    localIp: req.localIp,
    user: null,
    groups: null,
    clientHostName: hostName,
    forwardDns: forward,
    env,
    uri: r?.uri,
    query: r?.query,
    headers: r?.headers,
    serverName: host?.name,
    serverPort: host?.port,
    protocol: r?.protocol,
    scheme: r?.scheme,
    filename: r?.filename,
    documentRoot: r?.documentRoot,
  };
  const first = evaluateRequire(cfg.authz, base);
  steps.push(...traceSteps(first, 'without a user'));
  if (first.result === 'granted') {
    return {
      kind: 'allowed',
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why: `granted by ${ruleName(first.decidedBy)}; no credentials needed`,
    };
  }
  if (first.result === 'denied' || first.result === 'neutral') {
    return {
      kind: 'denied',
      status: 403,
      challenge: null,
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why:
        first.result === 'neutral'
          ? `403: no rule grants access (${ruleName(first.decidedBy)} only excludes); signing in would not change this`
          : `403: refused by ${ruleName(first.decidedBy)}; signing in would not change this`,
      logNote: { level: 'error', code: 'AH01630', message: `client ${req.clientIp} denied by server configuration` },
    };
  }

  // 3. authentication is needed
  const authType = cfg.authType?.value ?? null;
  const needUserRule = ruleName(first.decidedBy);
  if (authType === null || authType.toLowerCase() === 'none') {
    return {
      kind: 'denied',
      status: 500,
      challenge: null,
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why: `500: ${needUserRule} needs a signed-in user but no AuthType is configured`,
      logNote: {
        level: 'error',
        code: 'AH00027',
        message:
          `No authentication done but request not allowed without authentication for ${needUserRule}. ` +
          `Authentication not configured?`,
      },
    };
  }
  const bearer = authType.toLowerCase() === 'bearer';
  if (authType.toLowerCase() !== 'basic' && !bearer) {
    const loc = cfg.authType!.loc;
    return {
      kind: 'denied',
      status: 500,
      challenge: null,
      user: null,
      steps,
      decidedBy: { loc, text: `AuthType ${authType}` },
      why: `500: AuthType ${authType} is not supported (only Basic and Bearer)`,
      logNote: {
        level: 'error',
        code: 'AH01796',
        message: `${formatLoc(loc)}: AuthType ${authType} configured without corresponding module`,
      },
    };
  }
  if (!cfg.authName) {
    const loc = cfg.authType!.loc;
    return {
      kind: 'denied',
      status: 500,
      challenge: null,
      user: null,
      steps,
      decidedBy: { loc, text: `AuthType ${authType}` },
      why: `500: AuthType ${authType} is set but AuthName is missing`,
      logNote: { level: 'error', code: 'AH01615', message: `${formatLoc(loc)}: need AuthName` },
    };
  }
  const realm = expandRealm(cfg.authName.value, base);
  if (/[\x00-\x1f\x7f]/.test(realm)) {
    // The header could not be sent (Apache: AH02430, 500).
    return {
      kind: 'denied',
      status: 500,
      challenge: null,
      user: null,
      steps,
      decidedBy: { loc: cfg.authName.loc, text: 'AuthName' },
      why: '500: the realm contains control characters once expanded; it cannot be sent in WWW-Authenticate',
      logNote: {
        level: 'error',
        code: 'AH02430',
        message: `${formatLoc(cfg.authName.loc)}: AuthName contains invalid characters`,
      },
    };
  }
  if (bearer) return bearerAccess({ cfg, req, ports, steps, base, first, realm });
  const challenge = basicChallenge(realm);
  // A locked-out client gets 429 for everything in the realm, with or without credentials.
  const locked = await lockedOutOfRealm(cfg, req, ports, steps);
  if (locked) return locked;
  const creds = parseBasicAuthorization(req.authorization);
  if (creds.kind !== 'basic') {
    const sent = creds.kind === 'none' ? 'you sent none' : 'you sent credentials in a scheme other than Basic';
    steps.push({
      stage: 'authn',
      text: `Basic credentials: ${creds.kind === 'none' ? 'absent' : 'wrong scheme'}`,
      result: 'denied',
    });
    return {
      kind: 'denied',
      status: 401,
      challenge,
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why: `401: the realm "${realm}" needs a valid user (${needUserRule}); ${sent}`,
      ...(creds.kind === 'wrong-scheme'
        ? { logNote: { level: 'info' as const, code: 'AH01614', message: 'client used wrong authentication scheme' } }
        : {}),
    };
  }
  if (!cfg.authUserFile) {
    return {
      kind: 'denied',
      status: 500,
      challenge: null,
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why: `500: the realm "${realm}" has no AuthUserFile to check passwords against`,
      logNote: {
        level: 'error',
        code: 'AH01619',
        message: `no AuthUserFile configured for realm "${realm}" (${formatLoc(cfg.authType!.loc)})`,
      },
    };
  }
  const userFile = resolvedFile(ports.serverRoot, cfg.authUserFile.value);
  const limitKey = ports.attempts ? realmKey(cfg.authName.value, userFile) : '';
  const start = ports.attempts
    ? await settled(ports.attempts.begin(req.clientIp, limitKey, creds.user, creds.password))
    : null;
  if (start?.kind === 'refused') return tooManyAttempts(ports, start.refusal, cfg.authName.value, userFile, steps);
  let result: AuthnResult = {
    kind: 'error',
    code: 'EHASH',
    message: 'the password check did not finish',
    during: 'verify',
  };
  let lockout: LockoutStarted | null = null;
  try {
    result = await ports.checkPassword(userFile, creds.user, creds.password);
  } finally {
    if (start) lockout = await settled(start.ticket.finish(resultKind(result)));
  }
  if (result.kind === 'busy') {
    // The client is not wrong: the server is overloaded. Never a 401 (it would ask for the
    // password again) nor a 403; the log gets one line per burst (result.report).
    steps.push({
      stage: 'authn',
      text: `Basic credentials for "${creds.user}" not checked: every password-hashing worker is busy and the queue is full`,
      loc: cfg.authUserFile.loc,
      result: 'busy',
    });
    const r = result.report;
    return {
      kind: 'denied',
      status: 503,
      challenge: null,
      headers: [['Retry-After', String(result.retryAfterSeconds)]],
      user: null,
      steps,
      decidedBy: { loc: cfg.authUserFile.loc, text: `AuthUserFile ${cfg.authUserFile.value}` },
      why:
        `503: too many password checks at once (auth.hash_workers, auth.hash_queue); the password was not ` +
        `checked, retry in ${result.retryAfterSeconds} s`,
      ...(r
        ? {
            logNote: {
              level: 'warn' as const,
              code: 'HT503',
              message:
                `password checks refused with 503: ${r.refused} since the last report; all ${r.workers} ` +
                `hash workers busy and ${r.maxQueue} checks waiting (auth.hash_workers, auth.hash_queue); more ` +
                `refusals are summed up in the next report`,
            },
          }
        : {}),
    };
  }
  if (result.kind === 'error' && result.during === 'verify') {
    steps.push({
      stage: 'authn',
      text: `Basic credentials for "${creds.user}": the hash check failed`,
      loc: cfg.authUserFile.loc,
      result: 'error',
    });
    return {
      kind: 'denied',
      status: 500,
      challenge: null,
      user: null,
      steps,
      decidedBy: { loc: cfg.authUserFile.loc, text: `AuthUserFile ${cfg.authUserFile.value}` },
      why: `500: the password could not be checked (${result.message})`,
      logNote: {
        level: 'error',
        code: 'HT010',
        message: `password check against ${userFile} failed: ${result.message}`,
      },
    };
  }
  if (result.kind === 'error') {
    return {
      kind: 'denied',
      status: 500,
      challenge: null,
      user: null,
      steps,
      decidedBy: { loc: cfg.authUserFile.loc, text: `AuthUserFile ${cfg.authUserFile.value}` },
      why: `500: the password file ${userFile} cannot be read (${result.code})`,
      logNote: {
        level: 'error',
        code: 'AH01620',
        message: `${formatLoc(cfg.authUserFile.loc)}: could not open password file ${userFile}: ${result.message}`,
      },
    };
  }
  if (result.kind !== 'granted') {
    steps.push({
      stage: 'authn',
      text: `Basic credentials for "${creds.user}" checked against ${userFile}`,
      loc: cfg.authUserFile.loc,
      result: result.kind,
    });
    const refused =
      result.refused === 'password-too-long'
        ? ' (password longer than auth.max_password_bytes: not hashed)'
        : result.refused === 'user-too-long'
          ? ' (user name too long: not looked up)'
          : '';
    const detail =
      (result.kind === 'user-not-found'
        ? `user "${creds.user}" not found`
        : `user "${creds.user}": password mismatch`) + refused;
    if (lockout) {
      const limit = `auth.max_failures = ${ports.attempts!.settings.maxFailures}`;
      steps.push({
        stage: 'authn',
        text: `attempt limits: failure ${lockout.failures} of ${limit} for ${lockout.client}: locked out for ${lockout.lockoutSeconds} s`,
        loc: serverLoc(),
        result: 'lockout',
      });
    }
    return {
      kind: 'denied',
      status: 401,
      challenge,
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why:
        `401: the realm "${realm}" needs a valid user; the user name or password is wrong` +
        (lockout
          ? ` (and that failure starts a ${lockout.lockoutSeconds} s lockout of ${lockout.client}: 429 from now on)`
          : ''),
      logNote: lockout
        ? lockoutNote(
            lockout,
            cfg.authName.value,
            userFile,
            `user ${JSON.stringify(creds.user)}: ${result.kind === 'user-not-found' ? 'not found' : 'password mismatch'}`,
          )
        : {
            level: 'info',
            code: result.kind === 'user-not-found' ? 'AH01618' : 'AH01617',
            message: `${detail} (${userFile})`,
          },
    };
  }
  const user = result.user;
  steps.push({
    stage: 'authn',
    text: `signed in as "${user}" (${userFile})`,
    loc: cfg.authUserFile.loc,
    result: 'granted',
  });

  // 4. Require again, with the user
  const groups = cfg.authGroupFile
    ? await ports.loadGroups(resolvedFile(ports.serverRoot, cfg.authGroupFile.value), user)
    : null;
  const second = evaluateRequire(cfg.authz, { ...base, user, groups });
  steps.push(...traceSteps(second, `as ${user}`));
  if (second.result === 'granted') {
    return {
      kind: 'allowed',
      user,
      steps,
      decidedBy: second.decidedBy,
      why: `${user} is signed in and granted by ${ruleName(second.decidedBy)}`,
    };
  }
  const forbid = second.result !== 'denied-no-user' && cfg.forbiddenOnFailure.value;
  const failNote: LogNote = { level: 'info', code: 'AH01631', message: `user ${user}: authorization failure` };
  if (forbid) {
    return {
      kind: 'denied',
      status: 403,
      challenge: null,
      user,
      steps,
      decidedBy: second.decidedBy,
      why:
        `403: ${user} is signed in but ${ruleName(second.decidedBy)} does not admit them ` +
        `(AuthzSendForbiddenOnFailure is on: signing in again would not help)`,
      logNote: failNote,
    };
  }
  return {
    kind: 'denied',
    status: 401,
    challenge,
    user,
    steps,
    decidedBy: second.decidedBy,
    why:
      `401: ${user} is signed in but ${ruleName(second.decidedBy)} does not admit them; Apache's default ` +
      `asks for other credentials (AuthzSendForbiddenOnFailure Off)`,
    logNote: failNote,
  };
}
