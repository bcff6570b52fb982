import type { HandlersOf } from '../handlers';

export const deviceHandlers: HandlersOf<'devices'> = {
  'devices.list': async (_input, ctx) => {
    const inventory = await ctx.services.devices();
    const pool = ctx.services.scheduler.devices;
    const limits = pool.currentLimits;
    return { ...inventory, load: pool.load(), cpuTrials: limits.cpuTrials, gpuTrials: limits.trialsPerGpu };
  },
};
