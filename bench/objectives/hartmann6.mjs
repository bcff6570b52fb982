// Hartmann-6 on the unit hypercube: six local minima, the global one −3.32237 at
// (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). Constants from Surjanovic & Bingham's
// Virtual Library of Simulation Experiments.
const ALPHA = [1.0, 1.2, 3.0, 3.2];
const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

const unit = { type: 'float', low: 0, high: 1 };

export default {
  name: 'hartmann6',
  direction: 'minimize',
  optimum: -3.32237,
  space: { x1: unit, x2: unit, x3: unit, x4: unit, x5: unit, x6: unit },
  evaluate(p) {
    const x = [p.x1, p.x2, p.x3, p.x4, p.x5, p.x6];
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += A[i][j] * (x[j] - P[i][j]) ** 2;
      sum += ALPHA[i] * Math.exp(-inner);
    }
    return -sum;
  },
};
