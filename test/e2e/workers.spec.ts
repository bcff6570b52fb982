import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { openApp, reportPageErrors, serveFresh, shot } from './fixtures';
import { cli, type ServedApp } from './serve-app';

/** Settings → Workers: the owner's Redis set in the app, and the workers on it listed live (a killed one as lost). */

const TOKEN = 'e2e-worker-token-0123456789';
let redis: TestRedis;
let app: ServedApp;
let worker: ChildProcess;
let workDir: string;

test.beforeEach(async () => {
  redis = await startRedis();
  app = await serveFresh({ launched: true, env: { HPS_WORKER_TOKEN: TOKEN } });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hps-e2e-worker-'));
  worker = spawn(process.execPath, [cli, 'worker', '--redis', redis.url, '--concurrency', '2', '--gpus', 'none', '--work-dir', workDir], {
    env: { ...process.env, HPS_WORKER_TOKEN: TOKEN },
    stdio: 'ignore',
  });
});

test.afterEach(async ({ page }) => {
  reportPageErrors(page);
  worker.kill('SIGKILL');
  await app.stop();
  await redis.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('set the Redis URL, see the worker online, then lost once it is killed', async ({ page }) => {
  await openApp(page, app, '#/settings');
  await expect(page.getByTestId('workers-panel')).toHaveAttribute('data-state', 'unconfigured');
  await expect(page.getByTestId('settings-run-on-workers')).toBeDisabled();

  await page.getByTestId('settings-redis').fill(redis.url);
  await page.getByTestId('settings-redis').press('Tab'); // saved when the field is left
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('settings-run-on-workers')).toBeEnabled();

  const row = page.getByTestId('worker-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'online');
  await expect(row).toContainText(os.hostname());
  await expect(row).toContainText('0/2');
  await shot(page, 'settings-workers');

  worker.kill('SIGKILL');
  // Silent past the limit (ten seconds by Redis's clock): listed as lost, not dropped.
  await expect(row).toHaveAttribute('data-state', 'lost', { timeout: 60_000 });

  // A password never comes back to the page.
  await page.getByTestId('settings-redis').fill(`redis://:sekrit-pw@127.0.0.1:${redis.port}`);
  await page.getByTestId('settings-redis').press('Tab');
  await expect(page.getByTestId('settings-redis')).toHaveValue(`redis://:***@127.0.0.1:${redis.port}`);
  expect(await page.content()).not.toContain('sekrit-pw');
});
