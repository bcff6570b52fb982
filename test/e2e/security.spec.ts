import { expect, test } from '@playwright/test';
import { serveFresh, shot } from './fixtures';
import type { ServedApp } from './serve-app';

/** Serve mode answers only the holder of its token, and a bad request changes nothing. */

let app: ServedApp;
test.beforeEach(async () => {
  app = await serveFresh({ launched: true });
});
test.afterEach(async () => {
  await app.stop();
});

const goodSpec = {
  name: 'should-not-exist',
  dataset: 'sample:binary-1000x10',
  template: 'mlp',
  objective: { metric: 'val_loss', direction: 'minimize' },
  algorithm: 'random',
  budget: { maxTrials: 1 },
  space: { epochs: { type: 'fixed', value: 1 } },
};

test('a wrong token is refused: no page, no API, nothing created', async ({ page }) => {
  const response = await page.goto(`${app.baseUrl}/?token=wrong`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('needs its access token');
  await expect(page.locator('[data-app-state]')).toHaveCount(0);
  await shot(page, 'wrong-token');

  // From the refused page itself: every API route answers 401, including the one that would create.
  const statuses = await page.evaluate(
    async ({ spec }) => {
      const post = (method: string, body: unknown, token: string) =>
        fetch(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const create = await post('studies.create', { spec }, 'wrong');
      const createBody = (await create.json()) as { ok: boolean; error?: { code: string } };
      const list = await fetch('/api/studies.list', { method: 'POST', headers: { authorization: 'Bearer wrong' } });
      const noHeader = await fetch('/api/studies.list', { method: 'POST' });
      const events = await fetch('/api/events?token=wrong');
      return { create: create.status, createOk: createBody.ok, createCode: createBody.error?.code, list: list.status, noHeader: noHeader.status, events: events.status };
    },
    { spec: goodSpec },
  );
  expect(statuses).toEqual({ create: 401, createOk: false, createCode: 'unauthorized', list: 401, noHeader: 401, events: 401 });

  expect(await app.call<unknown[]>('studies.list')).toEqual([]);
  expect(await app.call<unknown[]>('datasets.list')).toEqual([]);
});

test('a malformed request gets a clear error naming the problem and changes nothing', async () => {
  const post = (body: string) =>
    fetch(`${app.baseUrl}/api/studies.create`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` }, body });
  type Answer = { ok: boolean; error?: { code: string; message: string } };

  const broken = await post('{"spec": {"name": ');
  expect(broken.status).toBe(400);
  const brokenBody = (await broken.json()) as Answer;
  expect(brokenBody.ok).toBe(false);
  expect(brokenBody.error?.message).toMatch(/json/i);

  // A spec whose objective direction and learning-rate range are wrong: both fields are named.
  const badSpec = { ...goodSpec, objective: { metric: 'val_loss', direction: 'sideways' }, space: { learning_rate: { type: 'log-float', low: 0.1, high: 0.001 } } };
  const invalid = await post(JSON.stringify({ spec: badSpec }));
  expect(invalid.status).toBe(400);
  const invalidBody = (await invalid.json()) as Answer;
  expect(invalidBody.ok).toBe(false);
  expect(invalidBody.error?.code).toBe('invalid_input');
  expect(invalidBody.error?.message).toContain('objective.direction');
  expect(invalidBody.error?.message).toContain('learning_rate');

  // Input that is not the contract's shape (unknown key) is refused the same way.
  const unknownKey = await post(JSON.stringify({ spec: goodSpec, launchMissiles: true }));
  expect(unknownKey.status).toBe(400);
  expect(((await unknownKey.json()) as Answer).error?.message).toContain('launchMissiles');

  expect(await app.call<unknown[]>('studies.list')).toEqual([]);
  expect(await app.call<unknown[]>('datasets.list')).toEqual([]);
});
