// `htserve --help`, generated from the same key table that validates server.ini.
import { CONFIG_KEYS } from '../config/keys.js';

export function helpText(): string {
  const keys = CONFIG_KEYS.map((k) => `  ${`${k.section}.${k.key}`.padEnd(28)} ${k.help} [${k.defaultText}]`).join(
    '\n',
  );
  return `htserve — a static-site server that reads Apache .htaccess files

Usage:
  htserve [ROOT] [--config FILE] [--port N] [--host ADDR] [--set SECTION.KEY=VALUE]...
  htserve check URL [ROOT] [options]   explain what the server would answer (see README)
  htserve lint [ROOT] [options]        report problems in every access file
  htserve passwd [-c] [-B|-m|-s] [-C COST] [-D] [-v] [-i] FILE USER
  htserve --help | --version

Options:
  ROOT                 document root (overrides server.root)
  -c, --config FILE    server.ini to read (relative paths inside it are relative to its folder)
  -p, --port N         same as --set server.port=N (0 = any free port)
      --host ADDR      same as --set server.host=ADDR
      --set S.K=V      override any server.ini key; may be repeated

server.ini keys:
${keys}

Exit codes: 0 stopped cleanly, 1 runtime failure, 2 bad configuration or usage.
`;
}
