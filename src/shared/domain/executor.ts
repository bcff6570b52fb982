import { z } from 'zod';

/**
 * Where a study's trials train: in trainer processes of the owner ('local', the default), or on remote
 * workers that pull them from a BullMQ queue on Redis ('bullmq'; `hparam-studio worker` on each box).
 * A spec is stored with its study and shown in the app, so it names Redis by host and port only: the
 * password comes from the owner (--redis, HPS_REDIS_URL or Settings → Workers).
 */
export const REDIS_URL_SCHEMES = ['redis:', 'rediss:'] as const;

export const redisUrlInSpecSchema = z
  .string()
  .regex(/^rediss?:\/\/[^\s/]+/, 'must be a redis://HOST:PORT or rediss://HOST:PORT URL')
  .refine((url) => !/^rediss?:\/\/[^/]*@/.test(url), {
    message: 'credentials do not belong in a spec (it is stored with the study and shown in the app); keep HOST:PORT here and give the full URL with --redis, HPS_REDIS_URL or Settings → Workers',
  });

export const executorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('local') }).strict(),
  z.object({ type: z.literal('bullmq'), redis: redisUrlInSpecSchema.optional() }).strict(),
]);
export type Executor = z.infer<typeof executorSchema>;

export const isRemoteExecutor = (executor: Executor | undefined | null): executor is Extract<Executor, { type: 'bullmq' }> => executor?.type === 'bullmq';
