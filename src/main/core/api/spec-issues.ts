import type { SpecIssueDto } from '../../../shared/contract';
import type { StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { SAMPLE_PREFIX } from '../datasets/samples/catalog';
import { parseStudySpec } from '../search/load-spec';
import { validateStudySpec } from '../search/validate-spec';
import type { Store } from '../store/store';
import { RUN_REF } from '../transfer/base-models';
import { fitProblems } from '../transfer/check-fit';

/** Names the spec's origin in messages, so a pasted YAML error reads "yaml: line 3, column 5: …". */
export const SPEC_SOURCE = { object: 'spec', text: 'yaml' } as const;

/** The form sends an object, the paste box text; both go through the CLI's validator. */
export function specFrom(input: { spec?: Record<string, unknown>; yaml?: string }): StudySpec {
  if (input.yaml !== undefined) return parseStudySpec(input.yaml, SPEC_SOURCE.text);
  return validateStudySpec(input.spec, SPEC_SOURCE.object);
}

/** A key path as validate-spec writes it: `budget.maxTrials`, `space.units.values[1]`, `(root)`. */
const KEY_PATH = /^((?:[A-Za-z_][\w-]*|\(root\))(?:\.[A-Za-z_][\w-]*|\[\d+\])*): ([\s\S]*)$/;

/**
 * validate-spec reports one `<source>: <key path>: <reason>` line per problem; the form wants them by
 * field. Lines without a key path (a YAML syntax error at "line 3, column 5") get path ''.
 */
export function specIssuesOf(err: AppError): SpecIssueDto[] {
  return err.message.split('\n').map((line) => {
    const withoutSource = line.replace(new RegExp(`^(${SPEC_SOURCE.object}|${SPEC_SOURCE.text}): `), '');
    const m = KEY_PATH.exec(withoutSource);
    return m ? { path: m[1] === '(root)' ? '' : m[1]!, message: m[2]! } : { path: '', message: withoutSource };
  });
}

/**
 * A spec valid on its own may still name a dataset that was never imported, or a base model that does
 * not exist or does not fit the dataset; creating it would fail.
 */
export function datasetIssues(store: Store, spec: StudySpec): SpecIssueDto[] {
  const issues: SpecIssueDto[] = [];
  const dataset = store.getDataset(spec.dataset);
  if (!spec.dataset.startsWith(SAMPLE_PREFIX) && !dataset) {
    issues.push({ path: 'dataset', message: `no dataset named or hashed ${JSON.stringify(spec.dataset)}; import it first or pick a built-in sample` });
  }
  if (spec.template === 'transfer' && spec.baseModel && !RUN_REF.test(spec.baseModel)) {
    const base = store.baseModels.get(spec.baseModel);
    if (!base) issues.push({ path: 'baseModel', message: `no base model ${JSON.stringify(spec.baseModel)}; import one first or name an earlier run as run:<id>` });
    else if (dataset) for (const p of fitProblems(base.ref, dataset.meta)) issues.push({ path: 'baseModel', message: p });
  }
  return issues;
}
