// `htserve lint [ROOT] [--root DIR] [--config FILE] [--set S.K=V] [--json]`: exit 1 when there are errors.
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { lintTree } from '../lint/lint-tree.js';
import { formatFinding } from '../lint/findings.js';
import { UsageError } from './serve-args.js';
import { StartupError } from '../server/context.js';

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function runLint(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let root: string | undefined;
  let configFile: string | null = null;
  const overrides: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const setRoot = (dir: string) => {
      if (root !== undefined) throw new UsageError(`only one ROOT may be given (got ${root} and ${dir})`);
      root = dir;
    };
    if (a === '--json') json = true;
    else if (a === '--config' || a === '-c') configFile = next();
    else if (a === '--set') overrides.push(next());
    else if (a === '--root') setRoot(next());
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (isDirectory(a)) setRoot(a);
    else throw new UsageError(`'${a}' is not an existing directory (lint takes one ROOT and no URLs)`);
  }
  const config = loadConfig({
    configFile,
    overrides,
    cwd: process.cwd(),
    ...(root !== undefined ? { rootArg: root } : {}),
  });
  if (!isDirectory(config.server.root))
    throw new StartupError(`document root ${config.server.root} is not a directory`);
  const result = await lintTree(config);
  const rel = (f: string) => {
    const r = path.relative(process.cwd(), f);
    return r.startsWith('..') ? f : r;
  };
  const findings = result.findings
    .map((f) => ({ ...f, file: rel(f.file), message: f.message.split(process.cwd() + path.sep).join('') }))
    .sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (json) {
    out.write(
      JSON.stringify(
        { root: config.server.root, filesRead: result.filesRead, errors, warnings: findings.length - errors, findings },
        null,
        2,
      ) + '\n',
    );
  } else {
    for (const f of findings) out.write(formatFinding(f) + '\n');
    out.write(`${result.filesRead} access file(s) read: ${errors} error(s), ${findings.length - errors} warning(s)\n`);
  }
  return errors > 0 ? 1 : 0;
}
