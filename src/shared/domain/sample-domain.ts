import { randInt, type Rng } from '../random';
import type { Domain, ParamValue } from './space';

/** One value drawn from a domain: uniform, log-uniform for log-float, on the step grid for int. */
export function sampleDomain(domain: Domain, rng: Rng): ParamValue {
  switch (domain.type) {
    case 'fixed':
      return domain.value;
    case 'choice':
      return domain.values[randInt(rng, domain.values.length)]!;
    case 'int': {
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
