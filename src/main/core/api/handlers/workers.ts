import type { HandlersOf } from '../handlers';

/** Ages are measured on Redis's clock (the machines' clocks may disagree), then shown on this one's. */
const agoIso = (ms: number) => new Date(Date.now() - Math.max(0, ms)).toISOString();

export const workerHandlers: HandlersOf<'workers'> = {
  'workers.list': async (_input, { services }) => {
    const { redis, error, now, workers } = await services.remote.listWorkers();
    return {
      redis,
      error,
      workers: workers.map((w) => ({
        id: w.id,
        host: w.host,
        pid: w.pid,
        backend: w.backend,
        concurrency: w.concurrency,
        gpus: w.gpus,
        state: w.state,
        lastHeartbeatAt: agoIso(w.ageMs),
        secondsSinceHeartbeat: Math.round(w.ageMs / 100) / 10,
        running: w.running.map((r) => ({ runId: r.runId, studyId: r.studyId, attempt: r.attempt, since: agoIso(now - r.since) })),
      })),
    };
  },
};
