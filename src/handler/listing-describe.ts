// mod_autoindex find_desc: the first AddDescription (the listed directory's, child before parent)
// whose pattern matches. A pattern with a slash is compared with the entry's full file-system
// path, any other with its name; wildcard patterns with apr_fnmatch (no flags: `*` crosses
// slashes), plain ones as a substring.
import type { IndexDescription } from '../htaccess/types.js';
import { fnmatch } from '../htaccess/fnmatch.js';

export function findDescription(
  descriptions: readonly IndexDescription[],
  fullPath: string,
  name: string,
): string | undefined {
  for (const d of descriptions) {
    const subject = d.fullPath ? fullPath : name;
    if (d.wildcards ? fnmatch(d.pattern, subject) : subject.includes(d.pattern)) return d.text;
  }
  return undefined;
}
