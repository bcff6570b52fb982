import fs from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

/**
 * Debian's Chromium (Playwright cannot download its own browser here). CHROMIUM_PATH overrides;
 * .ci/run installs /usr/bin/chromium on a fresh machine.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * `webgpu`: WebGPU on (`--enable-unsafe-webgpu`: Debian's Chromium ships it off on Linux). Without a GPU
 * it runs on SwiftShader, Chromium's software adapter: slow, but computing what a GPU computes. Pages
 * must come from localhost or a file (WebGPU needs a secure context).
 */
export async function launchChromium(opts: { webgpu?: boolean } = {}): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const gpu = opts.webgpu ? ['--enable-unsafe-webgpu'] : ['--disable-gpu'];
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', ...gpu, '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
