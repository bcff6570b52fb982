import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../../../helpers/chromium';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { repoRoot, useTempDir, waitFor } from '../../../helpers/temp-dir';
import { serve } from './server-fixture';

/** The renderer's API module alone, bundled for the page as `window.hpsApi` (the UI itself changes often). */
async function pageWithApiClient(dir: string): Promise<void> {
  await build({
    entryPoints: [path.join(repoRoot, 'src/renderer/src/lib/api/index.ts')],
    outfile: path.join(dir, 'api.js'),
    bundle: true,
    format: 'iife',
    globalName: 'hpsApi',
    platform: 'browser',
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>api</title><script src="./api.js"></script>');
}

describe('serve mode in Chromium', () => {
  const tempDir = useTempDir();

  it('connects with the URL token, hides it, calls over HTTP and follows events over EventSource', async () => {
    const rendererDir = tempDir();
    await pageWithApiClient(rendererDir);
    const s = await serve(tempDir(), { rendererDir });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(s.server.url);
      await page.evaluate(() => {
        type Api = ReturnType<typeof import('../../../../src/renderer/src/lib/api').connectApi>;
        const w = window as unknown as { hpsApi: typeof import('../../../../src/renderer/src/lib/api'); seen: string[]; api: Api };
        const api = (w.api = w.hpsApi.connectApi());
        w.seen = [];
        api.on('study-updated', (e) => w.seen.push(`study-updated:${e.studyId}`));
        api.on('epoch', (e) => w.seen.push(`epoch:${e.epoch}`));
      });
      // EventSource connects asynchronously: the study starts once the server has the stream on its bus.
      await waitFor('the page to open its event stream', () => s.server.eventStreams() > 0, 30_000);
      const connected = await page.evaluate(async (spec) => {
        const { api } = window as unknown as { api: ReturnType<typeof import('../../../../src/renderer/src/lib/api').connectApi> };
        const study = await api.call('studies.create', { spec, start: true });
        const bad = await api.call('studies.get', { id: 12345 }).catch((e: { code: string; message: string }) => `${e.code}: ${e.message}`);
        return { transport: api.transport, studyId: study.id, href: location.href, bad };
      }, tinyStudySpec({ budget: { maxTrials: 1 } }));
      expect(connected.transport).toBe('http');
      expect(connected.href).toBe(`${s.server.baseUrl}/`);
      expect(connected.bad).toBe('not_found: id: no study 12345');
      await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.includes('epoch:3'), undefined, { timeout: 90_000 });
      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      expect(seen).toContain(`study-updated:${connected.studyId}`);

      // A reload has no token in the URL: the page comes on the cookie, the API on the tab's stored token.
      await page.reload();
      const afterReload = await page.evaluate(async () => {
        const w = window as unknown as { hpsApi: typeof import('../../../../src/renderer/src/lib/api') };
        return (await w.hpsApi.connectApi().call('studies.list')).length;
      });
      expect(afterReload).toBe(1);
    } finally {
      await browser.close();
      await s.close();
    }
  });
});
