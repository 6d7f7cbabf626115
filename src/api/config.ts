// The library's configuration: server.ini keys as an object, validated by the same key table
// (src/config/keys.ts) as the file and `--set`, and one PipelineContext per configuration.
import { statSync } from 'node:fs';
import { loadConfig as loadServerConfig, type ConfigOptions } from '../config/load-config.js';
import type { ServerConfig } from '../config/server-config.js';
import type { PipelineContext } from '../pipeline.js';
import { buildContext, StartupError } from '../server/context.js';

export interface HtserveOptions extends ConfigOptions {
  /** A server.ini read first (relative paths inside it are relative to its folder); the object's keys win. */
  readonly configFile?: string;
  /** Base for relative paths in the object (default: process.cwd()). */
  readonly cwd?: string;
}

const loaded = new WeakSet<object>();

/**
 * `loadConfig({ server: { root: './site' }, log: { access: '' } })` -> a frozen, validated
 * ServerConfig. Throws ConfigLoadError naming the key (`options.access.allow_override: …`, or
 * `site.ini:LINE: …` for the file). Defaults are server.ini's (README "conf/server.ini").
 */
export function loadConfig(options: HtserveOptions = {}): ServerConfig {
  const { configFile, cwd, ...sections } = options;
  const config = loadServerConfig({
    configFile: configFile ?? null,
    overrides: [],
    cwd: cwd ?? process.cwd(),
    options: sections,
  });
  loaded.add(config);
  return config;
}

/** A ServerConfig from loadConfig() is used as is; an options object is loaded first. */
export function configOf(options: HtserveOptions | ServerConfig): ServerConfig {
  return loaded.has(options) ? (options as ServerConfig) : loadConfig(options as HtserveOptions);
}

/** The document root must be a directory: said at once rather than on the first request. */
export function assertRoot(config: ServerConfig): void {
  let isDir: boolean;
  try {
    isDir = statSync(config.server.root).isDirectory();
  } catch (e) {
    throw new StartupError(`document root ${config.server.root}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!isDir) throw new StartupError(`document root ${config.server.root} is not a directory`);
}

const contexts = new WeakMap<ServerConfig, Promise<PipelineContext>>();

/** Parsed access files, password checks and the MIME table are shared by everything using one config. */
export function contextOf(config: ServerConfig): Promise<PipelineContext> {
  let ctx = contexts.get(config);
  if (!ctx) {
    ctx = buildContext(config);
    contexts.set(config, ctx);
    // a failed start (e.g. an unreadable mime.types_file) is retried next time
    ctx.catch(() => contexts.delete(config));
  }
  return ctx;
}
