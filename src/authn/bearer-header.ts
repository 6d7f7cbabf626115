// Parsing of `Authorization: Bearer <token>` (RFC 6750 section 2.1): the scheme compared without regard
// to ASCII case, one or more spaces, then a b64token. Tokens in the query string or a form body
// (RFC 6750 sections 2.2 and 2.3) are not accepted: a URL ends up in access logs and browser histories.

export type BearerCredentials =
  | { kind: 'none' }
  | { kind: 'wrong-scheme' }
  /** The scheme is Bearer but what follows is not one b64token. */
  | { kind: 'malformed' }
  | { kind: 'token'; token: string };

/** Longer than any JWT a static site should see; nothing longer is hashed or parsed. */
export const MAX_TOKEN_LENGTH = 8192;

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function parseBearerAuthorization(header: string | undefined): BearerCredentials {
  if (header === undefined) return { kind: 'none' };
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  if (!/^bearer$/i.test(scheme)) return { kind: 'wrong-scheme' };
  const token =
    space < 0
      ? ''
      : header
          .slice(space)
          .replace(/^ +/, '')
          .replace(/[ \t]+$/, '');
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(token)) return { kind: 'malformed' };
  return { kind: 'token', token };
}

/** A JWS compact serialisation: three base64url parts (the JWT path of a realm). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
