import type { ParamValue } from '../../../shared/domain/space';

/** Objectives span 1e-5 (losses) to 1e3 (MSE on raw targets): 4 significant digits reads well for both. */
export function formatObjective(value: number | null): string {
  return value === null ? '—' : Number(value.toPrecision(4)).toString();
}

export function formatParamValue(value: ParamValue): string {
  return typeof value === 'number' ? Number(value.toPrecision(4)).toString() : String(value);
}

export function formatParams(params: Record<string, ParamValue>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${formatParamValue(value)}`)
    .join(', ');
}
