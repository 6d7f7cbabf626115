// Peer: serve-static + finalhandler (Express's static file stack) on node:http.
// Usage: node serve-static.js ROOT PORT (binds 127.0.0.1). No listing, no authentication.
import { createServer } from 'node:http';
import finalhandler from 'finalhandler';
import serveStatic from 'serve-static';

const [root, port] = process.argv.slice(2);
if (!root || !port) throw new Error('usage: serve-static.js ROOT PORT');

const serve = serveStatic(root, {
  index: ['index.html'],
  dotfiles: 'deny',
  setHeaders: (res, path) => {
    if (path.includes('/a/')) res.setHeader('X-Level', '3');
  },
});

const server = createServer((req, res) => {
  serve(req, res, finalhandler(req, res));
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`serve-static listening on 127.0.0.1:${port}\n`));
process.once('SIGTERM', () => process.exit(0));
