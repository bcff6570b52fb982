import type { ParamValue } from '../../../shared/domain/space';
import { AppError } from '../../../shared/result';

export type ParamKind = 'num' | 'text' | 'bool';

export interface ParamDbRow {
  name: string;
  kind: ParamKind;
  num_value: number | null;
  text_value: string | null;
}

/** One hyperparameter as a run_param row; booleans keep their own kind so `true` never reads back as "true". */
export function encodeParam(runLabel: string, name: string, value: ParamValue): ParamDbRow {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AppError('invalid_input', `${runLabel}: hyperparameter \`${name}\` is ${value}; it must be a finite number`);
    return { name, kind: 'num', num_value: value, text_value: null };
  }
  if (typeof value === 'boolean') return { name, kind: 'bool', num_value: null, text_value: String(value) };
  if (typeof value === 'string') return { name, kind: 'text', num_value: null, text_value: value };
  throw new AppError('invalid_input', `${runLabel}: hyperparameter \`${name}\` must be a number, string or boolean, not ${typeof value}`);
}

export function decodeParam(row: ParamDbRow): ParamValue {
  if (row.kind === 'num') return row.num_value ?? Number.NaN;
  if (row.kind === 'bool') return row.text_value === 'true';
  return row.text_value ?? '';
}
