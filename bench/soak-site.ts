// The soak's site and its live edits (bench/soak.ts): a public file replaced by rename with
// versions whose bodies are one letter throughout plus a stamp, a file deleted and re-created, a
// protected folder whose user and group files revoke and restore bob, and a folder whose
// .htaccess is broken on purpose from time to time (its 500s are expected).
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../src/authn/hash-formats.js';

export const VERSION_BYTES = 8192;

/** Version n of /pub/v.txt: one letter repeated, then `\nv<n>\n`. */
export function versionBody(n: number): string {
  return String.fromCharCode(97 + (n % 26)).repeat(VERSION_BYTES) + `\nv${n}\n`;
}

/** null when `body` is exactly one version; otherwise what is wrong with it. */
export function checkVersionBody(body: string): string | null {
  const m = /\nv(\d+)\n$/.exec(body);
  if (!m) return `no version stamp (${body.length} bytes)`;
  return body === versionBody(Number(m[1])) ? null : `mixed or cut body stamped v${m[1]} (${body.length} bytes)`;
}

export interface SoakSite {
  dir: string;
  root: string;
  /** Replace /pub/v.txt by rename with the next version. */
  nextVersion(): void;
  /** Delete /pub/edit.txt, or create it again. */
  toggleEdited(): void;
  /** Break /broken/.htaccess, or repair it. */
  toggleBroken(): void;
  /** Take bob's access away (by the group file or the user file, alternately) or give it back. */
  setBobAllowed(allowed: boolean): Promise<'groups' | 'users' | 'restored'>;
  remove(): void;
}

function replace(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  chmodSync(tmp, 0o644);
  renameSync(tmp, path);
}

export async function makeSoakSite(): Promise<SoakSite> {
  const dir = mkdtempSync(join(tmpdir(), 'htserve-soak-'));
  const root = join(dir, 'www');
  const auth = join(dir, 'auth');
  for (const d of [dir, root, auth, join(root, 'pub'), join(root, 'prot'), join(root, 'broken')]) {
    mkdirSync(d, { recursive: true });
    chmodSync(d, 0o755); // the server drops to nobody when started as root
  }
  const bobLine = `bob:${await hashPassword('bobpw', 'sha1')}\n`;
  const oldBobLine = `bob:${await hashPassword('bob-old-password', 'sha1')}\n`;
  const users = join(auth, 'users');
  const groups = join(auth, 'groups');
  replace(users, bobLine);
  replace(groups, 'members: bob\n');
  replace(join(root, 'pub/v.txt'), versionBody(0));
  replace(join(root, 'pub/edit.txt'), 'edited\n');
  replace(
    join(root, 'prot/.htaccess'),
    `AuthType Basic\nAuthName "soak"\nAuthUserFile ${users}\nAuthGroupFile ${groups}\nRequire group members\n`,
  );
  replace(join(root, 'prot/f.txt'), 'protected\n');
  replace(join(root, 'broken/.htaccess'), 'Options -Indexes\n');
  replace(join(root, 'broken/f.txt'), 'broken\n');

  let version = 0;
  let edited = true;
  let broken = false;
  let revocations = 0;
  return {
    dir,
    root,
    nextVersion: () => replace(join(root, 'pub/v.txt'), versionBody(++version)),
    toggleEdited: () => {
      if (edited) rmSync(join(root, 'pub/edit.txt'));
      else replace(join(root, 'pub/edit.txt'), 'edited\n');
      edited = !edited;
    },
    toggleBroken: () => {
      // Edited in place, not renamed: a request may see either text, and both answers are allowed there.
      writeFileSync(
        join(root, 'broken/.htaccess'),
        broken ? 'Options -Indexes\n' : 'Options -Indexes\nBogusDirective on\n',
      );
      broken = !broken;
    },
    setBobAllowed: (allowed) => {
      if (allowed) {
        replace(users, bobLine);
        replace(groups, 'members: bob\n');
        return Promise.resolve('restored');
      }
      if (revocations++ % 2 === 0) {
        replace(groups, 'members: alice\n');
        return Promise.resolve('groups');
      }
      replace(users, oldBobLine);
      return Promise.resolve('users');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
