// Peer: sirv (production mode) on node:http. Usage: node sirv.js ROOT PORT (binds 127.0.0.1).
// sirv has neither directory listings nor authentication: those scenarios show "–".
import { createServer } from 'node:http';
import sirv from 'sirv';

const [root, port] = process.argv.slice(2);
if (!root || !port) throw new Error('usage: sirv.js ROOT PORT');

const serve = sirv(root, {
  dev: false,
  etag: true,
  dotfiles: false,
  setHeaders: (res, pathname) => {
    if (pathname.startsWith('/a/')) res.setHeader('X-Level', '3');
  },
});

const server = createServer((req, res) =>
  serve(req, res, () => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain');
    res.end('Not Found\n');
  }),
);
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`sirv listening on 127.0.0.1:${port}\n`));
process.once('SIGTERM', () => process.exit(0));
