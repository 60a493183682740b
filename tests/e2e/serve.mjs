// A tiny static file server for the built page, on loopback only. It serves `dist/` under a
// sub-path, as an LMS or a course site would, so relative URLs are tested too, and compresses
// what a browser accepts compressed, as any web host does (the page's size goals are gzipped).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves `root` at `http://127.0.0.1:<port><prefix>`; resolves to { url, close, requests }. */
export async function serve(root, prefix = '/course/unit-1/playground/') {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    let rel = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, '');
    if (rel === '' || rel === '.' || rel.endsWith('/')) rel = join(rel, 'index.html');
    try {
      const body = await readFile(join(root, rel));
      const headers = { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' };
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && body.length > 1024) {
        headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers);
        res.end(gzipSync(body, { level: 6 }));
        return;
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    // The browser keeps idle connections open for a minute or more: drop them, or close()
    // would wait for them.
    close: () => new Promise((ok) => {
      server.close(ok);
      server.closeAllConnections();
    }),
  };
}
