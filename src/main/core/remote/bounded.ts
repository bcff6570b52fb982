/**
 * Waits for `work` at most `ms`: clean-up in Redis (a worker's record, a job's keys) must not hold a
 * process open when Redis is gone, since its connection queues commands until Redis is back. What is
 * left behind expires on its own (every key has a TTL). Resolves true when the work finished in time.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
