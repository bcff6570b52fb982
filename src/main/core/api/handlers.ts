import type { ApiMethod, ApiMethodIn, ApiOutput, ApiParsedInput } from '../../../shared/contract';
import type { ApiContext } from './context';
import { baseModelHandlers, ensembleHandlers } from './handlers/analysis';
import { annotationHandlers } from './handlers/annotations';
import { appHandlers } from './handlers/app';
import { datasetHandlers } from './handlers/datasets';
import { deviceHandlers } from './handlers/devices';
import { runHandlers } from './handlers/runs';
import { settingsHandlers } from './handlers/settings';
import { studyHandlers } from './handlers/studies';
import { trialHandlers } from './handlers/trials';
import { workerHandlers } from './handlers/workers';

/**
 * Handlers see parsed input and may return store rows; dispatch trims them to the contract's output.
 * They know no transport: IPC and serve mode call them through dispatch alike.
 */
export type Handler<M extends ApiMethod> = (input: ApiParsedInput<M>, ctx: ApiContext) => ApiOutput<M> | Promise<ApiOutput<M>>;

/** The handlers of one namespace; a missing or misspelled method is a compile error. */
export type HandlersOf<N extends string> = { [M in ApiMethodIn<N>]: Handler<M> };

export type Handlers = { [M in ApiMethod]: Handler<M> };

export const handlers: Handlers = {
  ...studyHandlers,
  ...runHandlers,
  ...datasetHandlers,
  ...deviceHandlers,
  ...settingsHandlers,
  ...appHandlers,
  ...ensembleHandlers,
  ...baseModelHandlers,
  ...annotationHandlers,
  ...trialHandlers,
  ...workerHandlers,
};
