/** Run lifecycle. `interrupted` = the app died while it ran; resuming continues from its last checkpoint. */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'pruned', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'pruned'];

export const STUDY_STATUSES = ['created', 'running', 'paused', 'completed', 'failed', 'interrupted'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** tfjs backend as actually loaded: tfjs-node-gpu, tfjs-node, wasm, pure-JS cpu. */
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = BackendName | 'auto';

export type ObjectiveDirection = 'minimize' | 'maximize';
