// Branin-Hoo (Dixon & Szegő 1978), the usual 2-D smoke test for Bayesian optimization: three global
// minima of 0.397887 at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).
const { PI, cos } = Math;

export default {
  name: 'branin',
  direction: 'minimize',
  optimum: 0.397887,
  space: {
    x1: { type: 'float', low: -5, high: 10 },
    x2: { type: 'float', low: 0, high: 15 },
  },
  evaluate({ x1, x2 }) {
    const b = 5.1 / (4 * PI * PI);
    const c = 5 / PI;
    const t = 1 / (8 * PI);
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * cos(x1) + 10;
  },
};
