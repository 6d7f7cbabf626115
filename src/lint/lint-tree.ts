// `htserve lint`: every access file under the document root, parsed with the server's
// AllowOverride, merged parent -> child exactly as requests see them, then checked.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../config/server-config.js';
import { compileAccessFile } from '../htaccess/compile.js';
import { baseConfig, fragmentBodies, mergeFragment } from '../htaccess/merge.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import { parseHtpasswd } from '../authn/htpasswd-file.js';
import { checkFragment } from './fragment-rules.js';
import type { Finding } from './findings.js';

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

export async function lintTree(config: ServerConfig): Promise<LintResult> {
  const findings: Finding[] = [];
  const userFiles = new Set<string>();
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
      defaultCharset: config.mime.defaultCharset,
    }),
  );
  for (const f of userFiles) await readUserFileProblems(f, findings);
  return { findings, filesRead };
}
