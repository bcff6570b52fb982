import type { SpecIssueDto } from '../../../shared/contract';
import type { StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { SAMPLE_PREFIX } from '../datasets/samples/catalog';
import { parseStudySpec } from '../search/load-spec';
import { validateStudySpec } from '../search/validate-spec';
import type { Store } from '../store/store';

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

/** A spec valid on its own may still name a dataset that was never imported; creating it would fail. */
export function datasetIssues(store: Store, spec: StudySpec): SpecIssueDto[] {
  if (spec.dataset.startsWith(SAMPLE_PREFIX) || store.getDataset(spec.dataset)) return [];
  return [{ path: 'dataset', message: `no dataset named or hashed ${JSON.stringify(spec.dataset)}; import it first or pick a built-in sample` }];
}
