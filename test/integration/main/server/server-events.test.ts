import { describe, expect, it } from 'vitest';
import { tinyStudySpec } from '../../../helpers/study-fixtures';
import { useTempDir } from '../../../helpers/temp-dir';
import { collectEvents, serve, type SseEvent } from './server-fixture';

describe('serve mode: live events over SSE', () => {
  const tempDir = useTempDir();

  it('streams study-updated, run-updated and epoch events while a tiny study runs', async () => {
    const s = await serve(tempDir());
    try {
      const url = `${s.server.baseUrl}/api/events?token=${s.server.token}`;
      const completed = (events: SseEvent[]) =>
        events.some((e) => e.event === 'study-updated' && s.services.store.getStudy((e.data as { studyId: number }).studyId)?.status === 'completed');
      const collecting = collectEvents(url, completed);
      // Only once the stream is open: the first study-updated must not be missed.
      await collecting.connected;
      const created = await s.post('/api/studies.create', JSON.stringify({ spec: tinyStudySpec({ budget: { maxTrials: 1 } }) }));
      expect(created.status).toBe(200);
      const studyId = created.json.value.id as number;
      const events = await collecting.events;

      const names = new Set(events.map((e) => e.event));
      for (const n of ['study-updated', 'run-updated', 'epoch']) expect(names).toContain(n);
      const epochs = events.filter((e) => e.event === 'epoch').map((e) => e.data as { studyId: number; epoch: number; metrics: Record<string, unknown> });
      expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(epochs[0]).toMatchObject({ studyId, metrics: { val_loss: expect.any(Number) } });
      // The wire carries the contract's fields only (the scheduler's `type` stays home).
      expect(events.find((e) => e.event === 'run-updated')?.data).toEqual({ runId: expect.any(Number), studyId });
    } finally {
      await s.close();
    }
  });

  it('refuses the stream without the token', async () => {
    const s = await serve(tempDir());
    try {
      const response = await fetch(`${s.server.baseUrl}/api/events?token=nope`);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe('unauthorized');
    } finally {
      await s.close();
    }
  });
});
