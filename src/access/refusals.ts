// Answers decided before any access rule is evaluated: a walk that failed (a broken access file is
// a 500 with file:line; an unreadable directory or a refused symlink a 403), and the names that
// are never served whatever an access file says (.ht*, the server's password and group files).
import type { Decision, DecisionStep } from '../decision.js';
import { formatLoc } from '../decision.js';
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import type { WalkFailure, WalkTarget } from '../paths/walk.js';
import { errorDecision, type PipelineContext } from '../request.js';

export function walkFailureDecision(failure: WalkFailure, config: EffectiveConfig, steps: DecisionStep[]): Decision {
  const f = failure;
  if (f.status === 500) {
    const loc = { file: f.error.file, line: f.error.line };
    // Like Apache, the broken file's ancestors' ErrorDocument is not used: built-in page.
    return errorDecision(
      500,
      `500: ${formatLoc(loc)} is broken (${f.error.message}); every request below it fails until it is fixed`,
      steps,
      null,
      {
        decidedBy: { loc, text: f.error.message },
        logNote: { level: 'error', code: 'HT500', message: `${formatLoc(loc)}: ${f.error.message}` },
      },
    );
  }
  // A refused symlink ends the walk before any access file applies: Apache's built-in page.
  return errorDecision(403, `403: ${f.reason} (${f.file})`, steps, f.code === 'SYMLINK' ? null : config, {
    logNote: {
      level: 'error',
      code: f.code === 'SYMLINK' ? 'AH00037' : 'AH00529',
      message: `${f.file}: ${f.reason}`,
    },
  });
}

function isHtName(name: string): boolean {
  return (
    name.length >= 3 && name[0] === '.' && (name[1] === 'h' || name[1] === 'H') && (name[2] === 't' || name[2] === 'T')
  );
}

export function builtInRefusal(
  target: WalkTarget,
  cfg: EffectiveConfig,
  steps: DecisionStep[],
  protectedFiles: PipelineContext['protectedFiles'],
): Decision | null {
  // .ht* and the server's password/group files are never served, whatever any access file says.
  // Case-insensitively (Apache's <Files ".ht*"> is not): a case-insensitive volume serves
  // .htaccess as /.HTACCESS (README, deliberate differences).
  if (target.name !== null && isHtName(target.name)) {
    steps.push({ stage: 'files', text: `"${target.name}" starts with .ht: always refused`, result: 'denied' });
    return errorDecision(403, `403: names starting with ".ht" are never served`, steps, cfg, {
      decidedBy: { loc: { file: '(built in)', line: 0 }, text: '<Files ".ht*"> Require all denied' },
    });
  }
  // By identity too: a hard link, a symlink or another spelling of the file is the same file.
  if (protectedFiles.has(target.path) || (target.kind !== 'missing' && protectedFiles.matches(target.stat))) {
    return errorDecision(
      403,
      '403: this file is an AuthUserFile/AuthGroupFile/AuthBearer* file and is never served',
      steps,
      cfg,
      {
        decidedBy: {
          loc: { file: '(built in)', line: 0 },
          text: 'password, group, token and key files are never served',
        },
      },
    );
  }
  return null;
}
