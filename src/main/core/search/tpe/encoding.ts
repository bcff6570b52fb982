import type { Domain, ParamValue } from '../../../../shared/domain/space';
import { valueKey } from '../domain-values';

/**
 * A domain as TPE models it, in Optuna's manner: numbers on the scale they are searched on (log for
 * log-float and log ints), an int lattice widened by half a step at each end so the end values get
 * full cells, categories by index. `encode` gives null for a value outside the domain (a warm-start
 * trial from a study whose space differed), which is then treated as missing.
 */
export type Encoding =
  | {
      kind: 'numeric';
      /** Bounds of the kernels' support on the internal scale. */
      low: number;
      high: number;
      /** Lattice step on the internal scale for linear ints (kernels give cell masses); null when continuous. */
      q: number | null;
      encode(v: ParamValue): number | null;
      decode(x: number): ParamValue;
    }
  | { kind: 'categorical'; n: number; encode(v: ParamValue): number | null; decode(i: number): ParamValue };

const num = (v: ParamValue): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
/** Values that went through SQLite or JSON may be off in the last digits. */
const within = (v: number, lo: number, hi: number): boolean => v >= lo - 1e-9 * Math.abs(lo) && v <= hi + 1e-9 * Math.abs(hi);

/** The encoding of a searched domain; null for a fixed one (nothing to model). */
export function encodingFor(domain: Domain): Encoding | null {
  switch (domain.type) {
    case 'fixed':
      return null;
    case 'choice': {
      const values: ParamValue[] = [];
      const index = new Map<string, number>();
      for (const v of domain.values) {
        const key = valueKey(v);
        if (!index.has(key)) {
          index.set(key, values.length);
          values.push(v);
        }
      }
      return { kind: 'categorical', n: values.length, encode: (v) => index.get(valueKey(v)) ?? null, decode: (i) => values[i]! };
    }
    case 'float':
      return {
        kind: 'numeric',
        low: domain.low,
        high: domain.high,
        q: null,
        encode: (v) => { const x = num(v); return x !== null && within(x, domain.low, domain.high) ? clamp(x, domain.low, domain.high) : null; },
        decode: (x) => clamp(x, domain.low, domain.high),
      };
    case 'log-float':
      return {
        kind: 'numeric',
        low: Math.log(domain.low),
        high: Math.log(domain.high),
        q: null,
        encode: (v) => { const x = num(v); return x !== null && within(x, domain.low, domain.high) ? Math.log(clamp(x, domain.low, domain.high)) : null; },
        decode: (x) => clamp(Math.exp(x), domain.low, domain.high),
      };
    case 'int': {
      const { low, high, step } = domain;
      const onLattice = (x: number | null): x is number => x !== null && Number.isInteger(x) && x >= low && x <= high && (x - low) % step === 0;
      if (domain.log) {
        return {
          kind: 'numeric',
          low: Math.log(low - 0.5),
          high: Math.log(high + 0.5),
          q: null,
          encode: (v) => { const x = num(v); return onLattice(x) ? Math.log(x) : null; },
          decode: (x) => clamp(Math.round(Math.exp(x)), low, high),
        };
      }
      return {
        kind: 'numeric',
        low: low - 0.5 * step,
        high: high + 0.5 * step,
        q: step,
        encode: (v) => { const x = num(v); return onLattice(x) ? x : null; },
        decode: (x) => clamp(Math.round((x - low) / step) * step + low, low, high),
      };
    }
  }
}
