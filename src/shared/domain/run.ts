/**
 * Run lifecycle. `paused` = stopped at an epoch boundary because its study was paused; `interrupted` =
 * its owner process went away while it ran. Resuming the study continues both from their last checkpoint.
 */
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'pruned', 'interrupted', 'paused'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'pruned'];

/** The user's last word on a running trial, stored so it outlives the process that heard it. */
export const STOP_REQUESTS = ['pause', 'cancel', 'prune'] as const;
export type StopRequest = (typeof STOP_REQUESTS)[number];

export const STUDY_STATUSES = ['created', 'running', 'paused', 'completed', 'failed', 'interrupted'] as const;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

export const BACKENDS = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** tfjs backend as actually loaded: tfjs-node-gpu, WebGPU (Dawn in Node), tfjs-node, wasm, pure-JS cpu. */
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = BackendName | 'auto';
/** Backends that train on a GPU: a trial using one holds a GPU slot. */
export const GPU_BACKENDS: readonly BackendName[] = ['tensorflow-gpu', 'webgpu'];

export type ObjectiveDirection = 'minimize' | 'maximize';
