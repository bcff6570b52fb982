import { randInt, type Rng } from '../random';
import type { Domain, ParamValue } from './space';

/** One value drawn from a domain: uniform, log-uniform for log-float (and int log), on the step grid for int. */
export function sampleDomain(domain: Domain, rng: Rng): ParamValue {
  switch (domain.type) {
    case 'fixed':
      return domain.value;
    case 'choice':
      return domain.values[randInt(rng, domain.values.length)]!;
    case 'int': {
      if (domain.log) {
        // Uniform over [log(low − ½), log(high + ½)], then rounded: each integer gets the log-width of its cell.
        const a = Math.log(domain.low - 0.5);
        const v = Math.round(Math.exp(a + rng() * (Math.log(domain.high + 0.5) - a)));
        return Math.min(domain.high, Math.max(domain.low, v));
      }
      const n = Math.floor((domain.high - domain.low) / domain.step) + 1;
      return domain.low + domain.step * randInt(rng, n);
    }
    case 'float':
      return domain.low + rng() * (domain.high - domain.low);
    case 'log-float': {
      const a = Math.log(domain.low);
      return Math.exp(a + rng() * (Math.log(domain.high) - a));
    }
  }
}
