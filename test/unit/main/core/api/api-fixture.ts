import { createApiContext, type ApiContext } from '../../../../../src/main/core/api/context';
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import { NodeLauncher } from '../../../../../src/main/core/scheduler/launcher-node';
import { Services } from '../../../../../src/main/core/services';
import type { ApiInput, ApiMethod, ApiOutput } from '../../../../../src/shared/contract';
import type { Result } from '../../../../../src/shared/result';
import { assertBuilt, trainerScript } from '../../../../helpers/temp-dir';

/** Real services (SQLite, trainer processes) in `dataDir`, behind the same dispatch the transports use. */
export function openApi(dataDir: string): { services: Services; ctx: ApiContext; close: () => Promise<void> } {
  assertBuilt();
  const services = new Services({ dataDir, launcher: new NodeLauncher(trainerScript), concurrency: 1 });
  const ctx = createApiContext(services);
  return {
    services,
    ctx,
    close: async () => {
      ctx.dispose();
      await services.close();
    },
  };
}

export function call<M extends ApiMethod>(ctx: ApiContext, method: M, input?: ApiInput<M>): Promise<Result<ApiOutput<M>>> {
  return dispatch(method, input, ctx) as Promise<Result<ApiOutput<M>>>;
}

/** The value of a call that must succeed; a failure shows its code and message in the test output. */
export async function value<M extends ApiMethod>(ctx: ApiContext, method: M, input?: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await call(ctx, method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Resolves when the study reaches one of `statuses` (announced by 'study-updated'). */
export function studyReaches(ctx: ApiContext, studyId: number, statuses: string[], timeoutMs = 90_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`study ${studyId} did not reach ${statuses.join('/')} in ${timeoutMs} ms (now ${ctx.services.store.getStudy(studyId)?.status})`));
    }, timeoutMs);
    const check = (): void => {
      const status = ctx.services.store.getStudy(studyId)?.status;
      if (status && statuses.includes(status)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    };
    const off = ctx.events.on('study-updated', (e) => {
      if (e.studyId === studyId) check();
    });
    check();
  });
}
