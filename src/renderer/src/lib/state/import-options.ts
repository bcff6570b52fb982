import type { Task } from '../../../../shared/domain/hparams';
import type { ImportOptions } from './imports.svelte';

/** The Import options form as typed: strings, '' meaning "let the importer decide". */
export interface ImportOptionsForm {
  target: string;
  task: '' | Task;
  missing: '' | 'impute' | 'drop';
  /** Percentages, e.g. "70" "15" "15"; all empty = the importer's default split. */
  trainPct: string;
  valPct: string;
  testPct: string;
  seed: string;
  imageWidth: string;
  imageHeight: string;
  color: '' | 'grayscale' | 'rgb';
}

export const emptyImportOptionsForm = (): ImportOptionsForm => ({
  target: '',
  task: '',
  missing: '',
  trainPct: '',
  valPct: '',
  testPct: '',
  seed: '',
  imageWidth: '',
  imageHeight: '',
  color: '',
});

export type ImportFormErrors = Partial<Record<'split' | 'seed' | 'imageSize', string>>;

const intIn = (s: string, lo: number, hi: number): number | null => {
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isInteger(n) && n >= lo && n <= hi ? n : null;
};

/** Form → datasets.import options, or the errors to show next to the fields that caused them. */
export function buildImportOptions(form: ImportOptionsForm): { options: ImportOptions; errors: ImportFormErrors } {
  const errors: ImportFormErrors = {};
  const options: ImportOptions = {};
  const inner: NonNullable<ImportOptions['options']> = {};
  if (form.target.trim()) inner.target = form.target.trim();
  if (form.task) inner.task = form.task;
  if (form.missing) inner.missing = form.missing;
  if (form.color) inner.color = form.color;

  const pcts = [form.trainPct, form.valPct, form.testPct];
  if (pcts.some((p) => p.trim() !== '')) {
    const nums = pcts.map((p) => (p.trim() === '' ? 0 : Number(p)));
    if (nums.some((n) => !Number.isFinite(n) || n < 0 || n > 100)) errors.split = 'Each split is a percentage from 0 to 100.';
    else if (Math.abs(nums.reduce((a, b) => a + b, 0) - 100) > 0.01) errors.split = `The splits add up to ${nums.reduce((a, b) => a + b, 0)}%, not 100%.`;
    else if ((nums[0] ?? 0) <= 0) errors.split = 'The training split cannot be empty.';
    else options.split = [nums[0]! / 100, nums[1]! / 100, nums[2]! / 100];
  }
  if (form.seed.trim() !== '') {
    const seed = intIn(form.seed, 0, 2 ** 31 - 1);
    if (seed === null) errors.seed = 'The seed is a whole number ≥ 0.';
    else options.seed = seed;
  }
  if (form.imageWidth.trim() !== '' || form.imageHeight.trim() !== '') {
    const w = intIn(form.imageWidth || form.imageHeight, 4, 512);
    const h = intIn(form.imageHeight || form.imageWidth, 4, 512);
    if (w === null || h === null) errors.imageSize = 'Image size is 4 to 512 pixels per side.';
    else inner.imageSize = [h, w];
  }
  if (Object.keys(inner).length > 0) options.options = inner;
  return { options, errors };
}
