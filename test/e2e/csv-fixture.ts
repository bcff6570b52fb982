/**
 * A small learnable binary-classification CSV, generated (not checked in): `rows` rows of `features`
 * numeric features and a `label` column (yes/no) decided by a noisy linear rule, so a few epochs of an
 * MLP already beat chance.
 */
export function binaryCsv(rows = 300, features = 6, seed = 42): string {
  let state = seed >>> 0;
  const rand = () => {
    // mulberry32: deterministic, so a failure reproduces with the same file
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const weights = Array.from({ length: features }, (_, i) => (i % 2 === 0 ? 1 : -0.7) / (1 + i * 0.3));
  const header = [...Array.from({ length: features }, (_, i) => `f${i + 1}`), 'label'].join(',');
  const lines = [header];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: features }, () => rand() * 4 - 2);
    const score = x.reduce((s, v, i) => s + v * weights[i]!, 0) + (rand() - 0.5) * 0.5;
    lines.push([...x.map((v) => v.toFixed(4)), score > 0 ? 'yes' : 'no'].join(','));
  }
  return `${lines.join('\n')}\n`;
}
