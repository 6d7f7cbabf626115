// Passwords and tokens sent over plain HTTP are readable by anyone on the path: say so at
// start-up when the site has a Basic or Bearer realm and htserve listens for plain HTTP on an
// address other hosts can reach.
import type { ServerConfig } from '../config/server-config.js';
import type { ScanResult } from '../htaccess/password-files.js';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The warning to log, or null when there is nothing to warn about. */
export function plainHttpRealmWarning(config: ServerConfig, scan: ScanResult | null): string | null {
  if (scan === null || scan.realms === 0) return null;
  if (config.tls.cert !== null || isLoopback(config.server.host)) return null;
  const proxied = config.proxy.trusted.length > 0 ? ' (even behind a TLS proxy, the hop to htserve is readable)' : '';
  return (
    `${scan.realms} access file${scan.realms === 1 ? '' : 's'} (first: ${scan.firstRealm}) ask for passwords or ` +
    `tokens, and htserve listens for plain HTTP on ${config.server.host}: credentials cross the network ` +
    `unencrypted${proxied}. Set [tls] cert and key, or listen on 127.0.0.1 behind an HTTPS proxy.`
  );
}
