import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_CASES } from '../../unit/trainer/backends/fixtures/layer-cases';
import { OPTIMIZER_CASES } from '../../unit/trainer/backends/fixtures/optimizers';
import { launchChromium } from '../../helpers/chromium';
import { serveStatic } from '../../helpers/static-server';
import { repoRoot } from '../../helpers/temp-dir';
import type { Comparison, WebgpuPageApi } from './webgpu-page/entry';
import { TEMPLATE_CASES } from './webgpu-page/template-cases';

// float32 with other summation orders (WGSL shaders, tiled matmuls) vs the cpu backend's loops: the
// bound the wasm and native backends are held to as well (layer-gradients.test.ts).
const TOLERANCE = 1e-3;

/**
 * tfjs-backend-webgpu's correctness for everything a trial trains with: the gradient of every layer and
 * loss, two steps of every optimizer, and a few steps of each template through the trainer's own epoch
 * loop, against the cpu backend in the same page. Chromium's WebGPU here is SwiftShader (a CPU
 * implementation of the same API and shader compiler path), so this proves the kernels, not the
 * speed; bench/gpu-check.sh repeats the gradient check on a real GPU in Node.
 */
describe('webgpu backend in Chromium (software adapter) vs cpu', () => {
  const bundle = path.join(repoRoot, 'out', 'test', `webgpu-page-${process.pid}`);
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    fs.mkdirSync(bundle, { recursive: true });
    await build({
      entryPoints: [path.join(repoRoot, 'test/integration/trainer/webgpu-page/entry.ts')],
      outfile: path.join(bundle, 'page.js'),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      logLevel: 'warning',
      absWorkingDir: repoRoot,
    });
    fs.writeFileSync(path.join(bundle, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="page.js"></script>');
    server = await serveStatic({ '/': bundle });
    browser = await launchChromium({ webgpu: true });
    page = await browser.newPage();
    page.on('pageerror', (err) => console.error(`[page] ${err.message}`));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => document.title === 'ready');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(bundle, { recursive: true, force: true });
  });

  const call = <K extends 'layer' | 'optimizer' | 'template'>(kind: K, i: number) =>
    page.evaluate(([k, n]) => (globalThis as unknown as { hps: WebgpuPageApi }).hps[k](n), [kind, i] as const);

  function expectSame(r: Comparison, tolerance = TOLERANCE): void {
    expect(Math.abs(r.lossGpu - r.lossCpu), `loss ${r.lossGpu} vs ${r.lossCpu}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(r.lossCpu)));
    for (const e of r.errors) expect(e.error, `${e.name}: normalized max error ${e.error}`).toBeLessThanOrEqual(tolerance);
  }

  it('the page has a WebGPU adapter (else every test below would prove nothing)', async () => {
    const adapter = await page.evaluate(() => (globalThis as unknown as { hps: WebgpuPageApi }).hps.adapter());
    expect(adapter, 'Chromium started with --enable-unsafe-webgpu offers no adapter').not.toBeNull();
  });

  describe('loss gradients w.r.t. every weight', () => {
    it.each(LAYER_CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
      const r = await call('layer', i);
      // A gradient that is all zeros would match trivially and prove nothing about the kernels.
      for (const e of r.errors) expect(e.nonZero, `${e.name} has a non-zero gradient`).toBe(true);
      expectSame(r);
    });
  });

  describe('two optimizer steps on the conv + batchNorm model', () => {
    it.each(OPTIMIZER_CASES.map((o, i) => [o.name, i] as const))('%s', async (_name, i) => {
      expectSame(await call('optimizer', i));
    });
  });

  describe('three training steps of each template (trainEpoch, as a trial runs it)', () => {
    it.each(TEMPLATE_CASES.map((t, i) => [t.name, i] as const))('%s', async (_name, i) => {
      const r = await call('template', i);
      expectSame(r);
      for (const [name, value] of Object.entries(r.metrics!.cpu)) expect(r.metrics!.gpu[name], name).toBeCloseTo(value, 3);
    });
  });
});
