// htserve as a library: `import { createHandler, decide, loadConfig } from 'htserve'`.
// (src/main.ts is the command line; it runs on import and is not part of this API.)
export { createHandler, passesOn, type Handler, type HandlerOptions, type NextFunction } from './api/handler.js';
export { decide, type CheckRequest, type CheckResult } from './api/decide.js';
export { loadConfig, type HtserveOptions } from './api/config.js';
export { ConfigLoadError, type ConfigOptions, type ConfigValue } from './config/load-config.js';
export { StartupError } from './server/context.js';
export type { LogLevel, ServerConfig } from './config/server-config.js';
export type { CheckedRequest, CheckReport } from './cli/check-format.js';
export type {
  Decision,
  DecisionBody,
  DecisionStep,
  ErrorBody,
  ListingEntry,
  ListingInsert,
  Stage,
} from './decision.js';
export type { SourceLoc } from './htaccess/types.js';
