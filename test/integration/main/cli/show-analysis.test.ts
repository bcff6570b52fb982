import { describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli';
import { SEEDED_IMPORTANCE, seedTpeAshaStudy } from '../../../helpers/seeded-study';
import { assertBuilt, useTempDir } from '../../../helpers/temp-dir';

/**
 * `hparam-studio show <study>` on a finished TPE + ASHA study whose objective depends strongly on
 * learning_rate, less on dropout and not at all on units: the search and pruner are named, the budget
 * spent is counted, and the importance ranking comes out in that order.
 */
describe('show: search, budget and importance', () => {
  const tempDir = useTempDir();

  it('names TPE and ASHA, counts trials and epochs, and ranks learning_rate first and units last', async () => {
    assertBuilt();
    const dir = tempDir();
    const { studyId } = seedTpeAshaStudy(dir, { completed: 24, pruned: 6 });
    const { code, output } = await runCli(dir, ['show', String(studyId)]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^Search: TPE.*· ASHA/m);
    expect(output).toMatch(/^Budget: .*30/m);
    const rows = output.split('\n').filter((l) => /^ {2}\w+ +█*\s+\d+\.\d%$/.test(l));
    const ranked = rows.map((l) => l.trim().split(/\s+/)[0]);
    expect(ranked, output).toHaveLength(4);
    expect(ranked[0], output).toBe(SEEDED_IMPORTANCE.strongest);
    expect(ranked.at(-1), output).toBe(SEEDED_IMPORTANCE.none);
    expect(output).toMatch(/Importance \(PED-ANOVA over 24 completed runs\)/);
  });

  it('says how many more completed runs importance needs', async () => {
    assertBuilt();
    const dir = tempDir();
    const { studyId } = seedTpeAshaStudy(dir, { completed: 4, pruned: 0 });
    const { code, output } = await runCli(dir, ['show', String(studyId)]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Importance: after 6 more completed run\(s\) \(4 so far\)/);
  });
});
