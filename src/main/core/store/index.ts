export { Store } from './store';
export type { RunStart, Settlement } from './run-lifecycle';
export type { Recovered } from './recovery';
export type { NewRun } from './runs';
export type { Objective } from './metrics';
export type { Annotation, AnnotationPatch } from './annotations';
export * from './types';
export { LATEST_SCHEMA_VERSION } from './migrations';
