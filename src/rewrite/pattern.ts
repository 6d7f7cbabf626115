// The one place mod_rewrite patterns are compiled and run, so the regex engine behind them can be
// swapped in one module. Apache compiles them with PCRE (AP_REG_EXTENDED, ICASE for NC); here they
// run on the safe engines of src/regex/ (RE2, or bounded backtracking: a subject over the bound
// throws RegexLimitError, which costs the request a 500, never the server).
import { compileApacheRegex } from '../htaccess/directives/regex.js';
import type { SafeRegex } from '../regex/safe-regex.js';

export interface RewritePattern {
  source: string;
  nocase: boolean;
  regex: SafeRegex;
}

export function compilePattern(source: string, nocase: boolean): RewritePattern | null {
  const regex = compileApacheRegex(source, nocase);
  return regex === null ? null : { source, nocase, regex };
}

/** The captures of a match ($0..$9 / %0..%9; unmatched groups read as ''), or null. */
export function matchPattern(p: RewritePattern, subject: string): string[] | null {
  const m = p.regex.exec(subject);
  if (m === null) return null;
  return Array.from(m, (g) => g ?? '');
}
