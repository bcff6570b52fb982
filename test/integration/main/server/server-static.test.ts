import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../helpers/temp-dir';
import { rawRequest, serve } from './server-fixture';

describe('serve mode: the page', () => {
  const tempDir = useTempDir();

  function rendererDir(): string {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>HParam Studio</title><script src="./assets/app.js"></script>');
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("app")');
    return dir;
  }

  it('opens with the token in the URL, then loads assets on the cookie it set', async () => {
    const dir = rendererDir();
    const s = await serve(tempDir(), { rendererDir: dir });
    try {
      const { server } = s;
      const page = await rawRequest(server.url, {});
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>HParam Studio</title>');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      const cookie = String(page.headers['set-cookie']?.[0]).split(';')[0]!;
      expect(cookie).toBe(`hps_token_${server.port}=${server.token}`);
      expect(page.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);

      const asset = await rawRequest(`${server.baseUrl}/assets/app.js`, { headers: { cookie } });
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
      // Client-side routes get the app; missing files with an extension do not.
      expect((await rawRequest(`${server.baseUrl}/studies/3`, { headers: { cookie } })).body).toContain('<title>');
      expect((await rawRequest(`${server.baseUrl}/assets/missing.js`, { headers: { cookie } })).status).toBe(404);
      // A file next to the renderer folder stays out of reach, however the path is encoded.
      fs.writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'secret');
      for (const probe of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/..\\secret.txt']) {
        const r = await rawRequest(`${server.baseUrl}${probe}`, { headers: { cookie } });
        expect({ probe, status: r.status, leaked: r.body.includes('secret') && !r.body.includes('<title>') }).toEqual({ probe, status: 404, leaked: false });
      }

      // The cookie opens the page, never the API.
      const api = await rawRequest(`${server.baseUrl}/api/studies.list`, { method: 'POST', headers: { cookie } });
      expect(api.status).toBe(401);
    } finally {
      await s.close();
    }
  });

  it('refuses the page without the token, and explains a missing build', async () => {
    const s = await serve(tempDir(), { rendererDir: rendererDir() });
    try {
      expect((await rawRequest(`${s.server.baseUrl}/`, {})).status).toBe(401);
      expect((await rawRequest(`${s.server.baseUrl}/assets/app.js`, {})).status).toBe(401);
      expect((await rawRequest(`${s.server.baseUrl}/?token=${'0'.repeat(64)}`, {})).status).toBe(401);
    } finally {
      await s.close();
    }
    const unbuilt = await serve(tempDir(), { rendererDir: path.join(tempDir(), 'missing') });
    try {
      const page = await rawRequest(unbuilt.server.url, {});
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/UI is not built/);
    } finally {
      await unbuilt.close();
    }
  });
});
