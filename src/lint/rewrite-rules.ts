// `htserve lint` for mod_rewrite: the classic mistakes of per-directory rules.
import type { EffectiveConfig } from '../htaccess/effective-config.js';
import { matchPattern } from '../rewrite/pattern.js';
import type { RewriteFragment, RewriteRule } from '../rewrite/types.js';
import { absoluteUri } from '../rewrite/uri.js';
import type { Finding } from './findings.js';

function warn(rule: { loc: { file: string; line: number } }, message: string): Finding {
  return { file: rule.loc.file, line: rule.loc.line, severity: 'warning', message };
}

/** The substitution as plain text with every back-reference read as `x` (null if it uses variables). */
function sample(rule: RewriteRule): string | null {
  let out = '';
  for (const p of rule.substitution ?? []) {
    if (p.kind === 'var') return null;
    out += p.kind === 'text' ? p.text : 'x';
  }
  return out;
}

export function checkRewrite(rw: RewriteFragment, merged: EffectiveConfig, out: Finding[]): void {
  const cfg = merged.rewrite;
  if (cfg?.engineOn && !merged.options.has('FollowSymLinks') && !merged.options.has('SymLinksIfOwnerMatch')) {
    const loc = rw.engine?.loc ?? rw.rules[0]?.loc;
    if (loc)
      out.push({
        ...loc,
        severity: 'error',
        message: 'RewriteEngine On without Options FollowSymLinks or SymLinksIfOwnerMatch: every request here gets 403',
      });
  }
  for (const c of rw.pending)
    out.push(warn(c, 'RewriteCond is followed by no RewriteRule in this file: it is ignored'));
  rw.rules.forEach((rule, i) => {
    const f = rule.flags;
    if (rule.pattern.source.startsWith('^/'))
      out.push(
        warn(
          rule,
          'in .htaccess the path is matched without its leading slash: a pattern starting with ^/ never matches',
        ),
      );
    const text = sample(rule);
    const absolute = text !== null && absoluteUri(text).skip > 0;
    if (f.redirect !== null && !f.last && !f.end && i < rw.rules.length - 1)
      out.push(warn(rule, 'R without L: the rules after this one still rewrite the redirect target'));
    if (f.redirect !== null && text !== null && !absolute && !text.startsWith('/') && (cfg?.base ?? null) === null)
      out.push(
        warn(
          rule,
          'a relative substitution with R and no RewriteBase: the Location will contain the directory path on disk',
        ),
      );
    if (f.proxy && rule.substitution !== null)
      out.push(warn(rule, 'P needs mod_proxy: like an Apache without it, htserve answers 403 when this rule applies'));
    if (f.forcedHandler !== null && rule.substitution !== null && f.redirect === null && !absolute)
      out.push(
        warn(rule, 'H on a rule that rewrites replaces the internal redirect: Apache answers 404 (use H with -)'),
      );
    // A section's prefix (`x/`, `*If/`) is not a directory: see docs/apache-behaviour.md §21.5.
    if (!rw.directory.startsWith('/') && text !== null && !absolute && !text.startsWith('/'))
      out.push(
        warn(
          rule,
          `inside <Files>/<If> the rules see the whole file path and a relative substitution becomes '${rw.directory}${text}': a 400`,
        ),
      );
    const internal = rule.substitution !== null && f.redirect === null && !absolute && !f.end;
    if (internal && rule.conds.length === 0 && text !== null && !text.startsWith('/') && !rule.negate) {
      const m = matchPattern(rule.pattern, text);
      if (m !== null && text.length > 0)
        out.push(
          warn(
            rule,
            `the rule also matches its own result (${text}): requests loop until the internal-redirect limit (500)`,
          ),
        );
    }
  });
}
