// Builds everything the pipeline needs from a ServerConfig, once, at start-up.
import { statSync } from 'node:fs';
import path from 'node:path';
import { AccessFileCache } from '../htaccess/access-file-cache.js';
import { baseConfig } from '../htaccess/merge.js';
import { PasswordChecker } from '../authn/password-check.js';
import { MemoryAttemptLimits, type AttemptLimits } from '../authn/attempt-limits.js';
import { attemptSettings } from '../authn/attempt-store.js';
import { BearerVerifier } from '../authn/bearer-verify.js';
import { MimeTable } from '../respond/mime.js';
import type { ServerConfig } from '../config/server-config.js';
import { decideMapped } from '../pipeline.js';
import type { PipelineContext } from '../request.js';
import { DirWatchHub } from '../cache/dir-watch.js';
import { FreshCache } from '../cache/fresh-cache.js';
import { GzipCache } from '../respond/gzip-cache.js';
import { BodyCache } from '../respond/body-cache.js';
import { ListingCache } from '../handler/listing-cache.js';
import type { TargetPlan } from '../paths/target-plan.js';
import type { ListingEntry } from '../decision.js';
import { configureDns } from '../access/client-host.js';
import { exposeOsEnv } from '../expr/os-env.js';
import { buildGeoLookups } from '../geoip/build.js';

export class StartupError extends Error {}

export interface ContextOptions {
  /**
   * Attempt limits to use instead of a new in-memory table: the cluster's shared table, a Redis
   * store, or the running one kept across a reload (counts and lockouts survive it).
   */
  attempts?: AttemptLimits;
}

/** What a context holds beyond the caches: released by closeContext once a reload replaced it. */
const closers = new WeakMap<PipelineContext, () => Promise<void>>();

/** Closes a context's watchers, timers and hashing threads (not the attempt limits it was given). */
export async function closeContext(ctx: PipelineContext): Promise<void> {
  const close = closers.get(ctx);
  closers.delete(ctx);
  await close?.();
}

export async function buildContext(config: ServerConfig, opts: ContextOptions = {}): Promise<PipelineContext> {
  // Paths are POSIX here: on Windows `\` would be a second separator the URL mapping and the
  // .ht* and symlink checks do not know about.
  if (process.platform === 'win32')
    throw new StartupError('htserve does not run on Windows (paths with \\ are not checked); use Linux, macOS or WSL');
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
  configureDns(config.dns);
  exposeOsEnv(config.access.osenvAllow);
  const c = config.cache;
  const watchHub = new DirWatchHub(c.watch && c.revalidateMs > 0, c.maxWatchedDirs);
  const accessFiles = new AccessFileCache(
    config.access.accessFile,
    config.access.allowOverride,
    config.access.accessFileCacheSize,
    config.server.serverRoot,
    AccessFileCache.watched(watchHub, c.revalidateMs),
    config.server.modules,
  );
  const auth = config.auth;
  const checker = new PasswordChecker({
    successCacheSize: config.access.authCacheSize,
    maxPasswordBytes: auth.maxPasswordBytes,
    revalidateMs: c.revalidateMs,
    ...(auth.hashWorkers !== null ? { hashWorkers: auth.hashWorkers } : {}),
    ...(auth.hashQueue !== null ? { hashQueue: auth.hashQueue } : {}),
  });
  const bearer = new BearerVerifier({ revalidateMs: c.revalidateMs });
  // Password, group, token and key files are refused from the first request on, not only once
  // the access file naming them was read (src/htaccess/password-files.ts).
  const passwordFiles = accessFiles.authFiles;
  if (accessFiles.enabled) await passwordFiles.scan(config.server.root, config.access.accessFile);
  // Their identities are re-taken on a timer too: a file replaced by rename gets a new inode.
  const refresh = setInterval(
    () => void passwordFiles.refresh(),
    Math.min(Math.max(c.revalidateMs, 1000), 10000),
  ).unref();
  // A watched change to a user, group, token or JWKS file drops its parsed copy at once.
  watchHub.onChange((dir, name) => {
    if (name === null) return;
    checker.invalidate(path.join(dir, name));
    bearer.invalidate(path.join(dir, name));
    passwordFiles.changed(path.join(dir, name));
  });
  const fileDirs = new Map<string, string>(); // AuthUserFile as written -> its directory (few names)
  const watchFileDir = (file: string): void => {
    let dir = fileDirs.get(file);
    if (dir === undefined) {
      if (fileDirs.size > 1024) fileDirs.clear();
      fileDirs.set(file, (dir = path.dirname(path.resolve(file))));
    }
    watchHub.get(dir);
  };
  const base = baseConfig({
    options: config.access.options,
    directoryIndex: config.access.directoryIndex,
    forbiddenOnFailure: config.access.forbiddenOnFailure,
    fancyIndexing: config.access.fancyIndexing,
    defaultCharset: config.mime.defaultCharset,
  });
  let geo;
  try {
    geo = await buildGeoLookups(config, watchHub);
  } catch (e) {
    throw new StartupError(`geoip: ${(e as Error).message}`);
  }
  const plans = new FreshCache<TargetPlan>(watchHub, c.revalidateMs, c.plans);
  const ctx: PipelineContext = {
    config,
    base,
    accessFiles,
    mime,
    authn: {
      serverRoot: config.server.serverRoot,
      checkPassword: (file, user, password) => {
        watchFileDir(file);
        return checker.checkPassword(file, user, password);
      },
      loadGroups: (file, user) => {
        watchFileDir(file);
        return checker.loadGroups(file, user);
      },
      fileVersion: (file) => checker.fileVersion(file),
      ...(auth.maxFailures > 0 ? { attempts: opts.attempts ?? new MemoryAttemptLimits(attemptSettings(config)) } : {}),
      bearer: {
        verify: (keys, token) => {
          for (const file of [keys.tokenFile, keys.jwksFile]) if (file !== null) watchFileDir(file);
          return bearer.verify(keys, token);
        },
      },
    },
    protectedFiles: passwordFiles,
    subrequest: (req, mapped, opts) => decideMapped(req, mapped, ctx, opts),
    watchHub,
    plans,
    planPorts: { root: config.server.root, base, accessFiles, plans, watchHub },
    bodies: new BodyCache(c.revalidateMs > 0 ? c.bodyBytes : 0, c.bodyMaxFileBytes, c.bodyFirstRequestBytes),
    gzip: config.server.modules.has('deflate')
      ? new GzipCache(config.compression.cacheBytes, config.compression.maxFileBytes, config.compression.level)
      : undefined,
    listings: new ListingCache(new FreshCache<readonly ListingEntry[]>(watchHub, c.revalidateMs, c.listings)),
    ...(geo ? { geo } : {}),
  };
  closers.set(ctx, async () => {
    clearInterval(refresh);
    watchHub.close();
    await checker.close();
  });
  return ctx;
}
