import type { ApiContext } from '../context';
import type { HandlersOf } from '../handlers';

const withDataDir = (ctx: ApiContext) => ({ dataDir: ctx.services.paths.dataDir });

export const settingsHandlers: HandlersOf<'settings'> = {
  'settings.get': (_input, ctx) => ({ ...ctx.services.settings.read(), ...withDataDir(ctx) }),

  'settings.set': (patch, ctx) => {
    const saved = ctx.services.settings.update(patch);
    // Fewer slots never kill running trials: the scheduler just launches nothing until below the limit.
    if (patch.concurrency !== undefined) ctx.services.scheduler.setConcurrency(saved.concurrency);
    if (patch.gpuTrials !== undefined) ctx.services.scheduler.setTrialsPerGpu(saved.gpuTrials);
    return { ...saved, ...withDataDir(ctx) };
  },
};
