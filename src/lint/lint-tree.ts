// `htserve lint`: every access file under the document root, parsed with the server's
// AllowOverride, merged parent -> child exactly as requests see them, then checked.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../config/server-config.js';
import { compileAccessFile } from '../htaccess/compile.js';
import { baseConfig, fragmentBodies, mergeFragment } from '../htaccess/merge.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import { parseHtpasswd } from '../authn/htpasswd-file.js';
import { parseTokenFile } from '../authn/token-file.js';
import { parseJwks } from '../authn/bearer-jwt.js';
import { checkFragment } from './fragment-rules.js';
import type { Finding } from './findings.js';
import { checkDatabases, collectDatabases } from './geoip-files.js';
import type { SourceLoc } from '../htaccess/types.js';

const MAX_DIRS = 100_000;

export interface LintResult {
  findings: Finding[];
  filesRead: number;
}

async function readUserFileProblems(file: string, out: Finding[]): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return; // a missing file is reported where it is named
  }
  for (const p of parseHtpasswd(text, file).problems) out.push({ ...p, severity: 'warning' });
}

/** Unreadable lines of a token file, and a JWKS file that is not one (every JWT is then a 500). */
async function readBearerFileProblems(file: string, kind: 'tokens' | 'jwks', out: Finding[]): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return; // a missing file is reported where it is named
  }
  if (kind === 'tokens') {
    for (const p of parseTokenFile(text, file).problems) out.push({ ...p, severity: 'warning' });
    return;
  }
  const jwks = parseJwks(text);
  if (!jwks.ok) out.push({ file, line: 0, severity: 'error', message: `${jwks.error}: requests with a JWT get 500` });
}

export async function lintTree(config: ServerConfig): Promise<LintResult> {
  const findings: Finding[] = [];
  const userFiles = new Set<string>();
  const bearerFiles = new Map<string, 'tokens' | 'jwks'>();
  const geoDatabases = new Map<string, SourceLoc>();
  let filesRead = 0;
  let dirs = 0;
  const allow = config.access.allowOverride;
  if (allow.categories.size === 0) return { findings, filesRead };

  const visit = async (dir: string, parent: EffectiveConfig): Promise<void> => {
    if (++dirs > MAX_DIRS) return;
    let cfg = parent;
    const file = path.join(dir, config.access.accessFile);
    let text: string | null = null;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        findings.push({
          file,
          line: 0,
          severity: 'error',
          message: `cannot be read (${code}): every request here gets 403`,
        });
      }
    }
    if (text !== null) {
      filesRead++;
      const compiled = compileAccessFile(text, file, allow, { modules: config.server.modules });
      if (compiled.kind === 'error') {
        findings.push({
          ...compiled.error,
          severity: 'error',
          message: `${compiled.error.message} (every request here gets 500)`,
        });
        return; // nothing below is reachable either
      }
      cfg = mergeFragment(parent, compiled.fragment);
      checkFragment(
        compiled.fragment,
        { parent, merged: cfg, documentRoot: config.server.root, serverRoot: config.server.serverRoot },
        findings,
      );
      for (const f of fragmentBodies(compiled.fragment)) {
        if (f.authUserFile) userFiles.add(path.resolve(config.server.serverRoot, f.authUserFile.value));
        const b = f.bearer;
        if (b?.tokenFile) bearerFiles.set(path.resolve(config.server.serverRoot, b.tokenFile.value), 'tokens');
        if (b?.jwks) bearerFiles.set(path.resolve(config.server.serverRoot, b.jwks.value), 'jwks');
        collectDatabases(f, config.server.serverRoot, geoDatabases);
      }
    }
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) await visit(path.join(dir, e.name), cfg); // symlinks are not followed: no loops
    }
  };

  await visit(
    config.server.root,
    baseConfig({
      options: config.access.options,
      directoryIndex: config.access.directoryIndex,
      forbiddenOnFailure: config.access.forbiddenOnFailure,
      fancyIndexing: config.access.fancyIndexing,
      defaultCharset: config.mime.defaultCharset,
    }),
  );
  for (const f of userFiles) await readUserFileProblems(f, findings);
  for (const [f, kind] of bearerFiles) await readBearerFileProblems(f, kind, findings);
  await checkDatabases(geoDatabases, config, findings);
  return { findings, filesRead };
}
