import type { ApiArgs, ApiEventName, ApiEventPayload, ApiMethod, ApiOutput } from '../../../shared/contract';
import { AppError } from '../../../shared/result';
import { createApiContext } from '../../core/api/context';
import { dispatch } from '../../core/api/dispatch';
import type { Services } from '../../core/services';
import type { CliApi } from './cli-api';

/** The contract answered in this process, through the same dispatch the transports use. */
export function localApi(services: Services, onClose: () => Promise<void> = () => services.close()): CliApi {
  const ctx = createApiContext(services);
  return {
    mode: services.isOwner ? 'owner' : 'reader',
    dataDir: services.paths.dataDir,
    async call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiOutput<M>> {
      const result = await dispatch(method, args[0], ctx);
      if (!result.ok) throw new AppError(result.error.code, result.error.message);
      return result.value as ApiOutput<M>;
    },
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void {
      return ctx.events.on(event, listener);
    },
    lost: new Promise<string>(() => undefined),
    async close() {
      ctx.dispose();
      await onClose();
    },
  };
}
