// Bearer token realms against the real server: every case of the seed's 401-vs-403 rules
// (no token, unknown, revoked, expired, badly signed, valid without the scope, valid), opaque
// tokens made by the real `htserve token`, JWTs with an HS256 secret and RS256/ES256 keys from a
// JWKS file (issuer, audience, expiry with clock skew), `Require scope` in <RequireAll> and
// <RequireAny> next to user, group and address rules, a token revoked while the server runs,
// token and key files never served, and no token ever written to a log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { fetchRaw, type TestRequest, type TestResponse } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { waitForMatch } from '../helpers/wait.js';
import { formatTokenEntry, newToken, tokenDigest } from '../../src/authn/token-file.js';

const SECRET = 'a-shared-secret-of-more-than-32-bytes!';
const ISS = 'https://id.example';
const AUD = 'htserve-test';
const REPORT = '{"report":true}\n';

const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string): TestRequest => ({ headers: { Authorization: `Bearer ${token}` } });

/** Status, challenge and (for a 200) the body, checked together. */
function expectAnswer(res: TestResponse, status: number, challenge: string | null, what: string): void {
  assert.equal(res.status, status, `${what}: status (${res.body.slice(0, 200)})`);
  assert.equal(res.headers['www-authenticate'] ?? null, challenge, `${what}: WWW-Authenticate`);
  if (status === 200) assert.equal(res.body, REPORT, `${what}: body`);
  else assert.match(String(res.headers['content-type']), /^text\/html/, `${what}: an error page`);
}

const invalid = (description: string, realm = 'api') =>
  `Bearer realm="${realm}", error="invalid_token", error_description="${description}"`;
const insufficient = (scope: string | null, realm = 'api') =>
  `Bearer realm="${realm}", error="insufficient_scope", ` +
  `error_description="The access token does not grant access to this resource"` +
  (scope !== null ? `, scope="${scope}"` : '');

describe('Bearer token realms over HTTP', () => {
  let conf: string;
  let root: string;
  let server: TestServer;
  let tokensFile: string;
  const tokens: Record<string, string> = {};
  const used: string[] = [];
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;

  const get = (target: string, token?: string, extra: TestRequest = {}): Promise<TestResponse> => {
    if (token !== undefined) used.push(token);
    return fetchRaw(server.url, target, { ...(token !== undefined ? bearer(token) : {}), ...extra });
  };
  const jwt = (alg: string, key: Parameters<SignJWT['sign']>[0], claims: JWTPayload, kid?: string) =>
    new SignJWT({ iss: ISS, aud: AUD, sub: 'svc', exp: now() + 300, ...claims })
      .setProtectedHeader({ alg, ...(kid !== undefined ? { kid } : {}) })
      .sign(key);

  async function addToken(name: string, ...args: string[]): Promise<string> {
    const r = await runCli(['token', 'add', tokensFile, name, ...args]);
    assert.equal(r.code, 0, r.stderr);
    const token = r.stdout.trim();
    assert.match(token, /^hts_[A-Za-z0-9_-]{43}$/);
    return token;
  }

  before(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa1', alg: 'RS256' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec1', alg: 'ES256' },
      ] as JWK[],
    };
    conf = await makeTree({ groups: 'ops: ci\n', 'jwks.json': JSON.stringify(jwks) });
    tokensFile = path.join(conf, 'tokens');
    tokens.reader = await addToken('reader', '--scope', 'reports:read', '--expires', '30d');
    tokens.ci = await addToken('ci');
    tokens.a = await addToken('only-a', '--scope', 'a');
    tokens.ab = await addToken('a-and-b', '--scope', 'a', '--scope', 'b');
    tokens.admin = await addToken('admin', '--scope', 'admin');
    tokens.revoked = await addToken('gone', '--scope', 'reports:read');
    tokens.later = await addToken('later', '--scope', 'reports:read');
    assert.equal((await runCli(['token', 'revoke', tokensFile, 'gone'])).code, 0);
    // An expired entry (the CLI refuses a date in the past): written as `htserve token` would.
    tokens.expired = newToken();
    const expired = formatTokenEntry({
      name: 'expired',
      digest: tokenDigest(tokens.expired),
      created: new Date(Date.now() - 2 * 86400_000),
      expires: new Date(Date.now() - 86400_000),
      revoked: null,
      scopes: ['reports:read'],
    });
    await fs.appendFile(tokensFile, `${expired}\n`);

    const realm = (name: string, providers: string, rules: string) =>
      `AuthType Bearer\nAuthName "${name}"\n${providers}${rules}`;
    const tokenFile = `AuthBearerTokenFile ${tokensFile}\n`;
    root = await makeTree({
      'public.txt': 'open to all\n',
      'api/report.json': REPORT,
      'api/.htaccess': realm('api', tokenFile, 'Require scope reports:read\n'),
      'all/report.json': REPORT,
      'all/.htaccess': realm('api', tokenFile, '<RequireAll>\nRequire scope a\nRequire scope b\n</RequireAll>\n'),
      'any/report.json': REPORT,
      'any/.htaccess': realm('api', tokenFile, '<RequireAny>\nRequire scope admin\nRequire user ci\n</RequireAny>\n'),
      'office/report.json': REPORT,
      'office/.htaccess': realm(
        'api',
        tokenFile,
        '<RequireAll>\nRequire ip 127.0.0.1\nRequire scope reports:read\n</RequireAll>\n',
      ),
      'group/report.json': REPORT,
      'group/.htaccess': realm(
        'api',
        `${tokenFile}AuthGroupFile ${path.join(conf, 'groups')}\n`,
        'Require group ops\n',
      ),
      'valid/report.json': REPORT,
      'valid/.htaccess': realm('api', tokenFile, 'Require valid-user\n'),
      'hs/report.json': REPORT,
      'hs/.htaccess': realm(
        'jwt',
        `AuthBearerSecret ${SECRET}\nAuthBearerIssuer ${ISS}\nAuthBearerAudience ${AUD}\n`,
        'Require scope reports:read\n',
      ),
      'jwks/report.json': REPORT,
      'jwks/.htaccess': realm(
        'jwt',
        `AuthBearerJWKS ${path.join(conf, 'jwks.json')}\nAuthBearerIssuer ${ISS}\nAuthBearerAudience ${AUD}\n` +
          'AuthBearerClockSkew 30\n',
        'Require valid-user\n',
      ),
      'keys/tokens.txt': 'x sha256:AAAA\n',
      'keys/jwks.json': '{"keys":[]}\n',
      'keys/open.txt': 'open\n',
      'keys/.htaccess': 'AuthBearerTokenFile keys/tokens.txt\nAuthBearerJWKS keys/jwks.json\nRequire all granted\n',
    });
    // Many refused tokens from one address below: attempt limits off here, tested on their own.
    server = await startServer(root, {
      set: ['log.level=debug', `server.server_root=${root}`, 'auth.max_failures=0'],
    });
  });
  after(async () => {
    await server?.stop();
    await removeTree(root);
    await removeTree(conf);
  });

  it('opaque tokens: none, unknown, revoked, expired, malformed, wrong scheme, no scope, valid', async () => {
    expectAnswer(await get('/api/report.json'), 401, 'Bearer realm="api"', 'no token');
    expectAnswer(
      await get('/api/report.json', undefined, { auth: 'bob:pw' }),
      401,
      'Bearer realm="api"',
      'Basic credentials',
    );
    expectAnswer(
      await get('/api/report.json', newToken()),
      401,
      invalid('The access token is not recognised'),
      'unknown',
    );
    expectAnswer(
      await get('/api/report.json', tokens.revoked),
      401,
      invalid('The access token has been revoked'),
      'revoked',
    );
    expectAnswer(
      await get('/api/report.json', tokens.expired),
      401,
      invalid('The access token has expired'),
      'expired',
    );
    expectAnswer(
      await get('/api/report.json', undefined, { headers: { Authorization: 'Bearer two words' } }),
      401,
      invalid('The access token is malformed'),
      'malformed',
    );
    expectAnswer(await get('/api/report.json', tokens.ci), 403, insufficient('reports:read'), 'valid, no scope');
    expectAnswer(await get('/api/report.json', tokens.reader), 200, null, 'valid with the scope');
    const head = await get('/api/report.json', tokens.reader, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  it('failed tokens count towards the attempt limits: past auth.max_failures the client gets 429', async () => {
    const limited = await startServer(root, {
      set: [`server.server_root=${root}`, 'auth.max_failures=3', 'auth.lockout_s=120'],
    });
    try {
      const ask = (token: string) => fetchRaw(limited.url, '/api/report.json', bearer(token));
      expectAnswer(await ask(tokens.reader!), 200, null, 'a valid token first');
      for (let i = 0; i < 3; i++) {
        const r = await ask(newToken());
        assert.equal(r.status, 401, `unknown token ${i + 1}`);
      }
      const locked = await ask(tokens.reader!);
      assert.equal(locked.status, 429, 'even a valid token is refused while locked out');
      assert.ok(Number(locked.headers['retry-after']) > 0, 'Retry-After');
      assert.equal(locked.headers['www-authenticate'], undefined);
      // A file outside every realm needs no token: never 429.
      assert.equal((await fetchRaw(limited.url, '/public.txt')).status, 200);
    } finally {
      await limited.stop();
    }
  });

  it('a client that asks for JSON gets the RFC 6750 error as a JSON body, with the same status and challenge', async () => {
    const json = (token: string | undefined): TestRequest => ({
      headers: { Accept: 'application/json', ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}) },
    });
    const cases: Array<[string | undefined, number, string | null, Record<string, string>]> = [
      [undefined, 401, 'Bearer realm="api"', { error: 'unauthorized' }],
      [tokens.expired, 401, invalid('The access token has expired'), { error: 'invalid_token' }],
      [tokens.ci, 403, insufficient('reports:read'), { error: 'insufficient_scope', scope: 'reports:read' }],
    ];
    for (const [token, status, challenge, fields] of cases) {
      const res = await get('/api/report.json', undefined, json(token));
      assert.equal(res.status, status);
      assert.equal(res.headers['www-authenticate'] ?? null, challenge);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = JSON.parse(res.body) as Record<string, string>;
      for (const [k, v] of Object.entries(fields)) assert.equal(body[k], v, `${k} of ${res.body}`);
      assert.equal(typeof body.message, 'string');
      if (token !== undefined) assert.ok(!res.body.includes(token), 'the token is not echoed');
    }
    const expired = JSON.parse((await get('/api/report.json', undefined, json(tokens.expired))).body) as Record<
      string,
      string
    >;
    assert.equal(expired.message, 'The access token has expired');
  });

  it('Require scope in <RequireAll> and <RequireAny>, with Require user, group, valid-user and ip', async () => {
    expectAnswer(await get('/all/report.json', tokens.a), 403, insufficient('a b'), 'RequireAll, only a');
    expectAnswer(await get('/all/report.json', tokens.ab), 200, null, 'RequireAll, a and b');
    expectAnswer(await get('/any/report.json', tokens.admin), 200, null, 'RequireAny by scope');
    expectAnswer(await get('/any/report.json', tokens.ci), 200, null, 'RequireAny by token name');
    expectAnswer(await get('/any/report.json', tokens.reader), 403, insufficient('admin'), 'RequireAny, neither');
    expectAnswer(await get('/group/report.json', tokens.ci), 200, null, 'group of the token name');
    expectAnswer(await get('/group/report.json', tokens.reader), 403, insufficient(null), 'not in the group');
    expectAnswer(await get('/valid/report.json', tokens.a), 200, null, 'any valid token');
    expectAnswer(
      await get('/valid/report.json', tokens.expired),
      401,
      invalid('The access token has expired'),
      'valid-user',
    );
    expectAnswer(await get('/office/report.json', tokens.reader), 200, null, 'right address and scope');
    expectAnswer(
      await get('/office/report.json', tokens.reader, { from: '127.0.0.2' }),
      403,
      null,
      'wrong address: decided before any token, no challenge',
    );
  });

  it('JWTs: HS256 secret, RS256 and ES256 from a JWKS, issuer, audience, expiry with clock skew', async () => {
    const hs = (claims: JWTPayload, secret = SECRET) => jwt('HS256', new TextEncoder().encode(secret), claims);
    expectAnswer(await get('/hs/report.json', await hs({ scope: 'reports:read' })), 200, null, 'HS256');
    expectAnswer(
      await get('/hs/report.json', await hs({ scp: ['x'] })),
      403,
      insufficient('reports:read', 'jwt'),
      'HS256, no scope',
    );
    expectAnswer(
      await get('/hs/report.json', await hs({ scope: 'reports:read' }, 'another-secret-of-more-than-32-bytes!!')),
      401,
      invalid('The access token signature is not valid', 'jwt'),
      'wrong secret',
    );
    expectAnswer(
      await get('/hs/report.json', await hs({ scope: 'reports:read', exp: now() - 20 })),
      200,
      null,
      'expired 20 s ago, inside the default 60 s skew',
    );
    expectAnswer(
      await get('/hs/report.json', await hs({ scope: 'reports:read', exp: now() - 120 })),
      401,
      invalid('The access token has expired', 'jwt'),
      'expired 120 s ago',
    );
    expectAnswer(
      await get('/hs/report.json', await hs({ scope: 'reports:read', iss: 'https://other.example' })),
      401,
      invalid('The access token was issued by another issuer', 'jwt'),
      'wrong issuer',
    );
    expectAnswer(
      await get('/hs/report.json', await hs({ scope: 'reports:read', aud: 'another-service' })),
      401,
      invalid('The access token is meant for another audience', 'jwt'),
      'wrong audience',
    );

    expectAnswer(await get('/jwks/report.json', await jwt('RS256', rsa.privateKey, {}, 'rsa1')), 200, null, 'RS256');
    expectAnswer(await get('/jwks/report.json', await jwt('ES256', ec.privateKey, {}, 'ec1')), 200, null, 'ES256');
    expectAnswer(
      await get('/jwks/report.json', await jwt('ES256', ec.privateKey, { exp: now() - 10 }, 'ec1')),
      200,
      null,
      'expired 10 s ago, inside AuthBearerClockSkew 30',
    );
    expectAnswer(
      await get('/jwks/report.json', await jwt('ES256', ec.privateKey, { exp: now() - 45 }, 'ec1')),
      401,
      invalid('The access token has expired', 'jwt'),
      'expired 45 s ago, outside AuthBearerClockSkew 30',
    );
    const stranger = await generateKeyPair('RS256');
    expectAnswer(
      await get('/jwks/report.json', await jwt('RS256', stranger.privateKey, {}, 'rsa1')),
      401,
      invalid('The access token signature is not valid', 'jwt'),
      'signed by another key under a known kid',
    );
    expectAnswer(
      await get('/jwks/report.json', await hs({})),
      401,
      invalid('The access token is signed with an algorithm this realm does not accept', 'jwt'),
      'HS256 in a realm with only a JWKS',
    );
    expectAnswer(
      await get('/jwks/report.json', tokens.reader),
      401,
      invalid('The access token is not recognised', 'jwt'),
      'an opaque token in a JWT-only realm',
    );
  });

  it('a token revoked with `htserve token revoke` is refused while the server runs', async () => {
    expectAnswer(await get('/api/report.json', tokens.later), 200, null, 'before');
    const r = await runCli(['token', 'revoke', tokensFile, 'later']);
    assert.equal(r.code, 0, r.stderr);
    let last: TestResponse | null = null;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      last = await get('/api/report.json', tokens.later);
      if (last.status !== 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expectAnswer(last!, 401, invalid('The access token has been revoked'), 'after revoke');
  });

  it('without a watcher, a revoked token is refused once cache.revalidate_ms has passed', async () => {
    const token = await addToken('unwatched', '--scope', 'reports:read');
    const quiet = await startServer(root, { set: ['cache.watch=false', 'cache.revalidate_ms=300'] });
    try {
      const ask = () => fetchRaw(quiet.url, '/api/report.json', bearer(token));
      expectAnswer(await ask(), 200, null, 'before');
      assert.equal((await runCli(['token', 'revoke', tokensFile, 'unwatched'])).code, 0);
      let last = await ask();
      const deadline = Date.now() + 10_000;
      while (last.status === 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        last = await ask();
      }
      expectAnswer(last, 401, invalid('The access token has been revoked'), 'after revoke');
    } finally {
      await quiet.stop();
    }
  });

  it('token and key files are never served, like AuthUserFile', async () => {
    assert.equal((await get('/keys/open.txt')).status, 200);
    assert.equal((await get('/keys/tokens.txt')).status, 403);
    assert.equal((await get('/keys/jwks.json')).status, 403);
  });

  it('no token ever reaches a log, while refusals are logged (HT020) and names are (access log)', async () => {
    await waitForMatch(server.errorLog, /HT020/);
    await waitForMatch(server.output, /" 200 /);
    const logs = server.errorLog() + server.output();
    assert.ok(used.length > 20, 'tokens were sent');
    for (const token of used) {
      assert.ok(!logs.includes(token), `a log contains a token: ${token.slice(0, 12)}…`);
      const tail = token.split('.').pop() ?? token;
      assert.ok(tail.length < 16 || !logs.includes(tail), 'nor its signature part');
    }
    assert.match(server.errorLog(), /HT020.*Bearer token refused for realm "api": token "gone" was revoked/);
    assert.match(server.output(), / - reader \[/, 'the access log names the token');
  });
});
