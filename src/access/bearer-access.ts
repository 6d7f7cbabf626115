// The Bearer half of the access stage (AuthType Bearer, an htserve extension): called by
// check-access.ts once the rules need a user, with the realm already expanded. The seed's
// 401-vs-403 rules, in RFC 6750's words (sections 3 and 3.1):
//   no token (or another scheme)          -> 401, `Bearer realm="..."`, no error
//   unknown, revoked, expired, bad JWT    -> 401, error="invalid_token" and error_description
//   a valid token the rules do not admit  -> 403, error="insufficient_scope" and scope="..."
// The token itself is never put in a step, a reason or a log line: only its name or JWT subject.
import path from 'node:path';
import type { AuthzOutcome, AuthzRequest } from '../authz/types.js';
import { evaluateRequire, scopesNamed } from '../authz/require-eval.js';
import { parseBearerAuthorization } from '../authn/bearer-header.js';
import type { BearerRealmKeys, BearerVerdict } from '../authn/bearer-verify.js';
import { DEFAULT_CLOCK_SKEW_S } from '../authn/bearer-jwt.js';
import type { AuthError, DecisionStep } from '../decision.js';
import { formatLoc } from '../decision.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { BearerSettings, SourceLoc } from '../htaccess/types.js';
import { quotedRealm, ruleName, traceSteps } from './access-text.js';
import type { AccessOutcome, AccessRequest, AuthnPorts } from './check-access.js';
import type { LockoutStarted } from '../authn/attempt-limits.js';
import { lockoutNote, realmKey, settled, tooManyAttempts } from './attempt-outcome.js';

/** The Bearer provider as a port, so tests and `check` use the real one (src/authn/bearer-verify.ts). */
export interface BearerPorts {
  verify(keys: BearerRealmKeys, token: string): Promise<BearerVerdict>;
}

export interface BearerAccessInput {
  cfg: EffectiveConfig;
  req: AccessRequest;
  ports: AuthnPorts;
  steps: DecisionStep[];
  /** The request as the first Require pass saw it (no user). */
  base: AuthzRequest;
  /** The first pass: it asked for a user. */
  first: AuthzOutcome;
  /** AuthName, expanded. */
  realm: string;
}

/** `Bearer realm="api"`, plus RFC 6750 error parameters (their values never hold `"` or `\`). */
export function bearerChallenge(realm: string, error?: AuthError): string {
  let out = `Bearer realm=${quotedRealm(realm)}`;
  if (!error) return out;
  out += `, error="${error.error}", error_description="${error.description}"`;
  if (error.scope !== undefined) out += `, scope="${error.scope}"`;
  return out;
}

/** AuthBearer* paths made absolute and the secret as bytes: once per merged settings object. */
const resolvedKeys = new WeakMap<BearerSettings, { root: string; keys: BearerRealmKeys }>();

function realmKeys(settings: BearerSettings, serverRoot: string): BearerRealmKeys {
  const known = resolvedKeys.get(settings);
  if (known && known.root === serverRoot) return known.keys;
  const keys: BearerRealmKeys = {
    tokenFile: settings.tokenFile ? path.resolve(serverRoot, settings.tokenFile.value) : null,
    jwksFile: settings.jwks ? path.resolve(serverRoot, settings.jwks.value) : null,
    secret: settings.secret ? new TextEncoder().encode(settings.secret.value) : null,
    issuer: settings.issuer?.value ?? null,
    audience: settings.audience?.value ?? null,
    clockSkewS: settings.clockSkew?.value ?? DEFAULT_CLOCK_SKEW_S,
  };
  resolvedKeys.set(settings, { root: serverRoot, keys });
  return keys;
}

/** Where the realm's tokens are checked, for the trace: the first provider directive. */
function providerLoc(s: BearerSettings): SourceLoc | undefined {
  return (s.tokenFile ?? s.jwks ?? s.secret)?.loc;
}

export async function bearerAccess(a: BearerAccessInput): Promise<AccessOutcome> {
  const { cfg, req, ports, steps, first, realm } = a;
  const needUserRule = ruleName(first.decidedBy);
  const settings = cfg.bearer ?? {};
  const typeLoc = cfg.authType!.loc;
  const fail500 = (why: string, code: string, message: string): AccessOutcome => ({
    kind: 'denied',
    status: 500,
    challenge: null,
    user: null,
    steps,
    decidedBy: { loc: typeLoc, text: 'AuthType Bearer' },
    why: `500: ${why}`,
    logNote: { level: 'error', code, message },
  });
  const loc = providerLoc(settings);
  if (loc === undefined || !ports.bearer) {
    return fail500(
      `the Bearer realm "${realm}" has no AuthBearerTokenFile, AuthBearerJWKS or AuthBearerSecret to check tokens against`,
      'HT022',
      `${formatLoc(typeLoc)}: AuthType Bearer without AuthBearerTokenFile, AuthBearerJWKS or AuthBearerSecret`,
    );
  }

  // Attempt limits count failed tokens per client and realm, as failed passwords: a locked-out
  // client gets 429 whatever it sends, before any token is looked at.
  const keys = realmKeys(settings, ports.serverRoot);
  const source = keys.tokenFile ?? keys.jwksFile ?? '(AuthBearerSecret)';
  const limitKey = ports.attempts && cfg.authName ? realmKey(cfg.authName.value, source) : null;
  if (limitKey !== null) {
    const locked = await settled(ports.attempts!.lockedOut(req.clientIp, limitKey));
    if (locked) return tooManyAttempts(ports, locked, realm, source, steps);
  }

  const creds = parseBearerAuthorization(req.authorization);
  if (creds.kind === 'none' || creds.kind === 'wrong-scheme') {
    steps.push({
      stage: 'authn',
      text: `Bearer token: ${creds.kind === 'none' ? 'absent' : 'wrong scheme'}`,
      result: 'denied',
    });
    return {
      kind: 'denied',
      status: 401,
      challenge: bearerChallenge(realm),
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why:
        `401: the realm "${realm}" needs a Bearer token (${needUserRule}); ` +
        (creds.kind === 'none' ? 'you sent none' : 'you sent credentials in a scheme other than Bearer'),
      ...(creds.kind === 'wrong-scheme'
        ? { logNote: { level: 'info' as const, code: 'AH01614', message: 'client used wrong authentication scheme' } }
        : {}),
    };
  }

  // A 'bad-credentials' verdict is a failed sign-in for (client, realm), 'valid' a success,
  // 'error' neither — as Basic's outcomes. The token is the guess (kept only as a keyed hash).
  const guess = creds.kind === 'malformed' ? String(req.authorization) : creds.token;
  const start = limitKey !== null ? await settled(ports.attempts!.begin(req.clientIp, limitKey, '', guess)) : null;
  if (start?.kind === 'refused') return tooManyAttempts(ports, start.refusal, realm, source, steps);
  let verdict: BearerVerdict = {
    kind: 'error',
    which: 'token-file',
    file: source,
    message: 'the check did not finish',
  };
  let lockout: LockoutStarted | null = null;
  try {
    verdict =
      creds.kind === 'malformed'
        ? {
            kind: 'bad-credentials',
            reason: 'not a b64token (RFC 6750 section 2.1)',
            description: 'The access token is malformed',
          }
        : await ports.bearer.verify(keys, creds.token);
  } finally {
    if (start?.kind === 'go') {
      const result = verdict.kind === 'valid' ? 'success' : verdict.kind === 'bad-credentials' ? 'failure' : 'unknown';
      lockout = await settled(start.ticket.finish(result));
    }
  }

  if (verdict.kind === 'error') {
    const directive = verdict.which === 'jwks' ? settings.jwks : settings.tokenFile;
    const at = directive?.loc ?? loc;
    return {
      ...fail500(
        `the ${verdict.which === 'jwks' ? 'JWKS' : 'token'} file ${verdict.file} cannot be used (${verdict.message})`,
        'HT021',
        `${formatLoc(at)}: ${verdict.which === 'jwks' ? 'AuthBearerJWKS' : 'AuthBearerTokenFile'} ${verdict.file}: ${verdict.message}`,
      ),
      decidedBy: {
        loc: at,
        text: `${verdict.which === 'jwks' ? 'AuthBearerJWKS' : 'AuthBearerTokenFile'} ${directive?.value ?? ''}`,
      },
    };
  }
  if (verdict.kind === 'bad-credentials') {
    steps.push({ stage: 'authn', text: `Bearer token refused: ${verdict.reason}`, loc, result: 'denied' });
    const authError: AuthError = { error: 'invalid_token', description: verdict.description };
    return {
      kind: 'denied',
      status: 401,
      challenge: bearerChallenge(realm, authError),
      user: null,
      steps,
      decidedBy: first.decidedBy,
      why: `401: the realm "${realm}" refused the Bearer token (${verdict.reason}); a valid token would be admitted`,
      logNote: lockout
        ? lockoutNote(lockout, realm, source, `Bearer token refused: ${verdict.reason}`)
        : {
            level: 'info',
            code: 'HT020',
            message: `Bearer token refused for realm "${realm}": ${verdict.reason}`,
          },
      authError,
    };
  }

  const user = verdict.name;
  steps.push({
    stage: 'authn',
    text: `signed in as "${user}" with a Bearer token (${verdict.via}; scopes: ${[...verdict.scopes].join(' ') || 'none'})`,
    loc,
    result: 'granted',
  });
  const groups = cfg.authGroupFile
    ? await ports.loadGroups(path.resolve(ports.serverRoot, cfg.authGroupFile.value), user)
    : null;
  const second = evaluateRequire(cfg.authz, {
    ...a.base,
    user,
    authType: 'Bearer',
    groups,
    scopes: verdict.scopes,
  });
  steps.push(...traceSteps(second, `as ${user}`));
  if (second.result === 'granted') {
    return {
      kind: 'allowed',
      user,
      steps,
      decidedBy: second.decidedBy,
      why: `${user} presented a valid Bearer token and is granted by ${ruleName(second.decidedBy)}`,
    };
  }
  // A known token the rules do not admit: another try with the same token cannot help (403).
  const wanted = scopesNamed(cfg.authz, req.method);
  const authError: AuthError = {
    error: 'insufficient_scope',
    description: 'The access token does not grant access to this resource',
    ...(wanted.length > 0 ? { scope: wanted.join(' ') } : {}),
  };
  return {
    kind: 'denied',
    status: 403,
    challenge: bearerChallenge(realm, authError),
    user,
    steps,
    decidedBy: second.decidedBy,
    why:
      `403: the Bearer token of ${user} is valid but ${ruleName(second.decidedBy)} does not admit it` +
      (wanted.length > 0 ? ` (scopes accepted here: ${wanted.join(' ')})` : ''),
    logNote: { level: 'info', code: 'AH01631', message: `user ${user}: authorization failure (Bearer token)` },
    authError,
  };
}
