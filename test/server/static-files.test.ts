import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startDashboardServer, type DashboardServer } from '../../src/server/dashboard-server.ts';
import { isSafePath } from '../../src/server/static-files.ts';

let server: DashboardServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends the path byte for byte (fetch would normalise it) and returns status and body. */
function rawGet(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const climbs = [
  '/../package.json',
  '/../../etc/passwd',
  '/%2e%2e/package.json',
  '/%2E%2E/%2E%2E/etc/passwd',
  '/..%2fpackage.json',
  '/..%2Fsrc%2Fserver%2Fprotocol.ts',
  '/%2e%2e%2fpackage.json',
  '/%252e%252e/package.json',
  '/%252e%252e%252fpackage.json',
  '/..\\package.json',
  '/..%5cpackage.json',
  '/%5c..%5cpackage.json',
  '/.%2e/package.json',
  '/%2e./package.json',
  '/./../package.json',
  '/index.html%00.js',
  '/%c0%ae%c0%ae/package.json',
  '/.git/config',
  '//etc/passwd',
];

describe('dashboard HTTP', () => {
  it.each(climbs)('answers %s with a bare 404', async (path) => {
    server = await startDashboardServer({ port: 0 });
    const res = await rawGet(server.port, path);
    expect(res.status).toBe(404);
    expect(res.body).toBe('Not found\n');
  });

  it('refuses methods other than GET and HEAD', async () => {
    server = await startDashboardServer({ port: 0 });
    expect(await rawGet(server.port, '/index.html', 'POST')).toEqual({
      status: 404,
      body: 'Not found\n',
    });
    expect((await rawGet(server.port, '/index.html', 'HEAD')).status).toBe(200);
  });

  it('sends a content security policy and nosniff with the page', async () => {
    server = await startDashboardServer({ port: 0 });
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('isSafePath', () => {
  it('accepts plain dashboard paths', () => {
    expect(['/', '/main.js', '/style.css?v=2', '/a%20b.css'].map(isSafePath)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('rejects dot segments, encoded separators and double encoding', () => {
    expect(
      climbs
        .filter((p) => !p.startsWith('/.git') && p !== '//etc/passwd')
        .map(isSafePath)
        .every((ok) => !ok),
    ).toBe(true);
  });
});
