// Builds everything the pipeline needs from a ServerConfig, once, at start-up.
import { statSync } from 'node:fs';
import { AccessFileCache } from '../htaccess/access-file-cache.js';
import { baseConfig } from '../htaccess/merge.js';
import { PasswordChecker } from '../authn/password-check.js';
import { MimeTable } from '../respond/mime.js';
import type { ServerConfig } from '../config/server-config.js';
import type { PipelineContext } from '../pipeline.js';

export class StartupError extends Error {}

export async function buildContext(config: ServerConfig): Promise<PipelineContext> {
  let st;
  try {
    st = statSync(config.server.root);
  } catch (e) {
    throw new StartupError(`document root ${config.server.root}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!st.isDirectory()) throw new StartupError(`document root ${config.server.root} is not a directory`);
  let mime: MimeTable;
  try {
    mime = await MimeTable.withTypesFile(config.mime.typesFile);
  } catch (e) {
    throw new StartupError(`mime.types_file ${config.mime.typesFile}: ${(e as Error).message}`);
  }
  const accessFiles = new AccessFileCache(
    config.access.accessFile,
    config.access.allowOverride,
    config.access.accessFileCacheSize,
    config.server.serverRoot,
  );
  const auth = config.auth;
  const checker = new PasswordChecker({
    successCacheSize: config.access.authCacheSize,
    maxPasswordBytes: auth.maxPasswordBytes,
    ...(auth.hashWorkers !== null ? { hashWorkers: auth.hashWorkers } : {}),
    ...(auth.hashQueue !== null ? { hashQueue: auth.hashQueue } : {}),
  });
  return {
    config,
    base: baseConfig({
      options: config.access.options,
      directoryIndex: config.access.directoryIndex,
      forbiddenOnFailure: config.access.forbiddenOnFailure,
      defaultCharset: config.mime.defaultCharset,
    }),
    accessFiles,
    mime,
    authn: {
      serverRoot: config.server.serverRoot,
      checkPassword: (file, user, password) => checker.checkPassword(file, user, password),
      loadGroups: (file, user) => checker.loadGroups(file, user),
    },
    protectedFiles: accessFiles.authFiles,
  };
}
