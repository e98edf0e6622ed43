import type { IncomingMessage, ServerResponse } from 'node:http';
import serveStatic from 'serve-static';

/** Handles one HTTP request; anything it does not serve gets a bare 404. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves the files of the given folders (first match wins) and nothing else. A path that could
 * climb out of them in any encoding (`..`, `%2e%2e`, `%2f`, `%5c`, double encoding, NUL) is
 * answered 404 before any file is looked up, and every failure is a 404 that names nothing.
 */
export function staticFiles(dirs: readonly string[]): RequestHandler {
  const servers = dirs.map((dir) =>
    serveStatic(dir, {
      index: ['index.html'],
      dotfiles: 'ignore',
      redirect: false,
      fallthrough: true,
    }),
  );
  return (req, res) => {
    setSecurityHeaders(res);
    // NOTE: every error becomes the same bare 404 so a probe learns nothing about what exists.
    const notFound = (): void => sendNotFound(res);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isSafePath(req.url ?? '')) {
      notFound();
      return;
    }
    const tryServer = (i: number): void => {
      if (i >= servers.length) return notFound();
      servers[i](req, res, (error?: unknown) =>
        error === undefined ? tryServer(i + 1) : notFound(),
      );
    };
    tryServer(0);
  };
}

/** True when the URL's path, decoded as often as it decodes, stays a plain relative file path. */
export function isSafePath(url: string): boolean {
  const path = url.split('?')[0].split('#')[0];
  if (!path.startsWith('/')) return false;
  let decoded = path;
  for (let i = 0; i < 4; i++) {
    if (/[\\\0]/.test(decoded) || decoded.split('/').some((s) => s === '..' || s === '.'))
      return false;
    if (!decoded.includes('%')) return true;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return false;
    }
    // An encoded slash or any second layer of encoding has no business in a dashboard URL.
    if (i === 0 && /%2f|%5c/i.test(decoded)) return false;
    if (i >= 1) return false;
    decoded = next;
  }
  return false;
}

/** The one 404 this server sends: a fixed body that echoes nothing of the request. */
function sendNotFound(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 404;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', NOT_FOUND.length);
  res.end(NOT_FOUND);
}

const NOT_FOUND = 'Not found\n';

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  );
}
