// Programs some tests run besides node: Apache's `htpasswd`, `openssl`, `git`. `npm test` needs
// only Node and npm; a test that cross-checks against one of these reports itself as skipped,
// with the reason, when the program is not installed (never a silent pass).
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

const found = new Map<string, boolean>();

/** Whether an executable file `name` is on PATH (where spawn would look for it). */
export function hasBinary(name: string): boolean {
  let known = found.get(name);
  if (known === undefined) {
    known = (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
      if (dir === '') return false;
      const full = path.join(dir, name);
      try {
        accessSync(full, constants.X_OK);
        return statSync(full).isFile();
      } catch {
        return false;
      }
    });
    found.set(name, known);
  }
  return known;
}

/** A node:test `skip` option: false when `name` is installed, else `<name> not installed (<why>)`. */
export function skipWithout(name: string, why: string): string | false {
  return hasBinary(name) ? false : `${name} not installed (${why})`;
}

/** For tests that run Apache's own htpasswd. */
export const NO_HTPASSWD = skipWithout('htpasswd', "apache2-utils; this test runs Apache's own htpasswd");
