import { keepRedactedPassword, parseRedisUrl, redactRedisUrl } from '../../remote/redis-url';
import type { UserSettings } from '../../settings';
import type { ApiContext } from '../context';
import type { HandlersOf } from '../handlers';

/** As the app sees them: the data directory added, a Redis password never sent out. */
const present = (settings: UserSettings, ctx: ApiContext) => ({
  ...settings,
  redisUrl: settings.redisUrl === null ? null : redactRedisUrl(settings.redisUrl),
  dataDir: ctx.services.paths.dataDir,
});

export const settingsHandlers: HandlersOf<'settings'> = {
  'settings.get': (_input, ctx) => present(ctx.services.settings.read(), ctx),

  'settings.set': (patch, ctx) => {
    if (patch.redisUrl) {
      const redisUrl = keepRedactedPassword(patch.redisUrl, ctx.services.settings.read().redisUrl);
      parseRedisUrl(redisUrl, 'redisUrl'); // a malformed URL is refused before it is saved
      patch = { ...patch, redisUrl };
    }
    const saved = ctx.services.settings.update(patch);
    // Fewer slots never kill running trials: the scheduler just launches nothing until below the limit.
    if (patch.concurrency !== undefined) ctx.services.scheduler.setConcurrency(saved.concurrency);
    if (patch.gpuTrials !== undefined) ctx.services.scheduler.setTrialsPerGpu(saved.gpuTrials);
    return present(saved, ctx);
  },
};
