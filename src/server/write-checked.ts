// Writing a decision whose file may have changed since its walk (src/respond/file-identity.ts):
// the sender refuses to open anything but the file the walk checked, and then the request is
// decided once more against the disk as it is now, as Apache would answer the new state.
import path from 'node:path';
import type { ServerReply, ServerRequest } from './exchange.js';
import type { Decision } from '../decision.js';
import { decide, type PipelineContext, type RequestInfo } from '../pipeline.js';
import { FileChangedError } from '../respond/file-identity.js';
import { builtinErrorPage, SECURITY_HEADERS } from '../respond/error-page.js';
import { sendGenerated } from '../respond/send-html.js';
import { sanitizeForLog, type Logger } from './logs.js';
import { writeDecision, type WriteOptions } from './write-response.js';

/** Writes `decision` (re-deciding once if its file changed); returns the user of what was sent. */
function writeOptions(ctx: PipelineContext): WriteOptions {
  return {
    bodies: ctx.bodies,
    gzip: ctx.gzip,
    precompressed: ctx.config.compression.precompressed,
    errorPages: ctx.config.server.errorPages,
  };
}

export async function writeChecked(
  req: ServerRequest,
  res: ServerReply,
  info: RequestInfo,
  decision: Decision,
  ctx: PipelineContext,
  log: Logger,
): Promise<string | null> {
  let changed: FileChangedError;
  try {
    await writeDecision(req, res, decision, writeOptions(ctx));
    return decision.user;
  } catch (e) {
    if (!(e instanceof FileChangedError) || res.headersSent) throw e;
    changed = e;
  }
  // Plans (and listings) computed from the old state are dropped: a refused symlink is now
  // refused by the walk (403, AH00037), a file renamed over the old one is served.
  ctx.watchHub.touch(path.dirname(changed.path));
  const again = await decide(info, ctx);
  const n = again.logNote;
  if (n) log[n.level](n.code, `${n.message} [client ${info.clientIp}]: ${sanitizeForLog(info.target)}`);
  try {
    await writeDecision(req, res, again, writeOptions(ctx));
  } catch (e) {
    if (!(e instanceof FileChangedError) || res.headersSent) throw e;
    // Changed again while deciding: refuse, as Apache's default handler does when its open fails.
    log.error('HT030', `${sanitizeForLog(e.message)} [client ${info.clientIp}]: ${sanitizeForLog(info.target)}`);
    const page = builtinErrorPage(403, { method: info.method, url: req.url ?? '/' });
    sendGenerated(req, res, 403, { 'Content-Type': page.contentType, ...SECURITY_HEADERS }, page.body);
  }
  return again.user;
}
