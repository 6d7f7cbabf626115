// A site for the reload and several-process tests: two pages (one.html, two.html), a members
// folder behind Basic auth (bob:bobpw and the other users of helpers/engine.ts), and the
// server.ini in conf/ that the server was started with, to rewrite before a SIGHUP.
import path from 'node:path';
import { makeTree, removeTree } from './fixture.js';
import { startServer, type TestServer } from './server.js';
import { authLines, makeAuthFiles } from './engine.js';

export interface MembersSite {
  server: TestServer;
  /** The server.ini the server reads. */
  conf: string;
  /** Stops the server and removes every file made. */
  remove(): Promise<void>;
}

export async function startMembersSite(serverIni: string, set: string[]): Promise<MembersSite> {
  const files = await makeAuthFiles();
  const dir = await makeTree({
    'site/one.html': 'one\n',
    'site/two.html': 'two\n',
    'site/m/.htaccess': `${authLines(files)}Require valid-user\n`,
    'site/m/f.txt': 'members\n',
    'conf/server.ini': serverIni,
  });
  const conf = path.join(dir, 'conf/server.ini');
  const remove = async (server?: TestServer): Promise<void> => {
    await server?.stop();
    await removeTree(dir);
    await removeTree(files.dir);
  };
  try {
    const server = await startServer(path.join(dir, 'site'), { config: conf, set });
    return { server, conf, remove: () => remove(server) };
  } catch (e) {
    await remove();
    throw e;
  }
}
