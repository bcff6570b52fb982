import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { BASE_HEADERS } from './http-util';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>HParam Studio</title>
<p>The HParam Studio UI is not built. Run <code>npx electron-vite build</code> (or <code>npm run build</code>) and reload; the API at <code>/api</code> works meanwhile.</p>`;

/** A path under `root`, or null for one that leaves it (`..`, encoded slashes, NUL). */
function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/**
 * Serves the built renderer. Paths without an extension that match no file get index.html, so a
 * reload on a client-side route still opens the app.
 */
export function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, rendererDir: string, pathname: string, extraHeaders: http.OutgoingHttpHeaders): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...BASE_HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
    return;
  }
  const root = path.resolve(rendererDir);
  const indexHtml = path.join(root, 'index.html');
  let file = resolveInside(root, pathname);
  if (!file) {
    res.writeHead(404, { ...BASE_HEADERS, 'content-type': 'text/plain' }).end('not found');
    return;
  }
  if (file === root || (fs.existsSync(file) && fs.statSync(file).isDirectory())) file = path.join(file, 'index.html');
  if (!fs.existsSync(file) && path.extname(file) === '') file = indexHtml;
  if (!fs.existsSync(file)) {
    if (file === indexHtml) {
      res.writeHead(200, { ...BASE_HEADERS, ...extraHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(NOT_BUILT_PAGE);
    } else {
      res.writeHead(404, { ...BASE_HEADERS, 'content-type': 'text/plain' }).end('not found');
    }
    return;
  }
  const isHtml = path.extname(file) === '.html';
  res.writeHead(200, {
    ...BASE_HEADERS,
    ...extraHeaders,
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': fs.statSync(file).size,
    // index.html names hashed bundles: it must be fresh, the bundles may be cached.
    'cache-control': isHtml ? 'no-store' : 'private, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
