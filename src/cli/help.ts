// `htserve --help`, generated from the same key table that validates server.ini.
import { CONFIG_KEYS } from '../config/keys.js';
import { ROOT_RULE } from './check-args.js';

export function helpText(): string {
  const keys = CONFIG_KEYS.map((k) => `  ${`${k.section}.${k.key}`.padEnd(28)} ${k.help} [${k.defaultText}]`).join(
    '\n',
  );
  const rule = ROOT_RULE.split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return `htserve — a static-site server that reads Apache .htaccess files

Usage:
  htserve [ROOT] [--root DIR] [--config FILE] [--port N] [--host ADDR] [--set SECTION.KEY=VALUE]...
  htserve check URL... [ROOT] [--root DIR] [--config FILE] [request options] [--json]
                                       explain what the server would answer (see README)
  htserve check --cases FILE [ROOT] [--root DIR] [--config FILE] [--json]
                                       check many 'URL [request options] => STATUS' lines
  htserve lint [ROOT] [--root DIR] [--config FILE] [--json]
                                       report problems in every access file
  htserve passwd [-c] [-B|-m|-s] [-C COST] [-D] [-v] [-i] FILE USER
  htserve token add FILE NAME [--scope S]... [--expires 30d|DATE|never]
                                       add a Bearer token (printed once; the file keeps its SHA-256)
  htserve token list FILE [--json] | htserve token revoke FILE NAME
  htserve --help | --version

Options:
  ROOT, --root DIR     document root (overrides server.root); --root is the unambiguous form
  -c, --config FILE    server.ini to read (relative paths inside it are relative to its folder)
  -p, --port N         same as --set server.port=N (0 = any free port)
      --host ADDR      same as --set server.host=ADDR
      --set S.K=V      override any server.ini key; may be repeated

Request options of check:
  -u, --user NAME[:PASSWORD]   send Basic credentials (asks for the password when it is left out)
      --bearer TOKEN           send Authorization: Bearer TOKEN
      --ip ADDR                client address (default 127.0.0.1)
  -X, --method M               request method (default GET)
  -H, --header 'Name: value'   a request header; may be repeated

ROOT or URL? (check and lint)
${rule}
  lint takes no URLs: its only word is the ROOT, which must be an existing directory.

server.ini keys:
${keys}

Exit codes: 0 stopped cleanly, 1 runtime failure, 2 bad configuration or usage.
`;
}
