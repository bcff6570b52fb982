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
  /** CSV: '' detect, 'yes' the first line names the columns, 'no' it is data. */
  header: '' | 'yes' | 'no';
  /** CSV: lines to skip before the table; '' lets the importer detect a metadata line. */
  skipRows: string;
  /** CSV: one character, or "tab"; '' detects it. */
  delimiter: string;
  /** CSV: '' / 'expand' turns date columns into year, month, day of week, day of year; 'drop' drops them. */
  dates: '' | 'expand' | 'drop';
  /** CSV: comma-separated columns to keep although they look like an ID, free text or dates. */
  keepColumns: string;
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
  header: '',
  skipRows: '',
  delimiter: '',
  dates: '',
  keepColumns: '',
});

export type ImportFormErrors = Partial<Record<'split' | 'seed' | 'imageSize' | 'skipRows' | 'delimiter', string>>;

const intIn = (s: string, lo: number, hi: number): number | null => {
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isInteger(n) && n >= lo && n <= hi ? n : null;
};

/**
 * The form as text. Svelte binds `<input type="number">` to a number (null when cleared), whatever the
 * form's type says; every field is read as the text the user typed.
 */
function asText(form: ImportOptionsForm): ImportOptionsForm {
  const entries = Object.entries(form).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)]);
  return Object.fromEntries(entries) as ImportOptionsForm;
}

/** Form → datasets.import options, or the errors to show next to the fields that caused them. */
export function buildImportOptions(typed: ImportOptionsForm): { options: ImportOptions; errors: ImportFormErrors } {
  const form = asText(typed);
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
  Object.assign(inner, csvOptions(form, errors));
  if (Object.keys(inner).length > 0) options.options = inner;
  return { options, errors };
}

/** The CSV part of the form: where the table starts, how it is cut, what becomes of dates and ID-like columns. */
function csvOptions(form: ImportOptionsForm, errors: ImportFormErrors): NonNullable<ImportOptions['options']> {
  const inner: NonNullable<ImportOptions['options']> = {};
  if (form.header) inner.header = form.header === 'yes';
  if (form.skipRows.trim() !== '') {
    const skip = intIn(form.skipRows, 0, 1000);
    if (skip === null) errors.skipRows = 'Lines to skip is a whole number from 0 to 1000.';
    else inner.skipRows = skip;
  }
  const delimiter = form.delimiter === '\t' ? '\t' : form.delimiter.trim();
  if (delimiter !== '') {
    if (delimiter.toLowerCase() === 'tab' || delimiter === '\t' || delimiter === '\\t') inner.delimiter = '\t';
    else if (delimiter.length !== 1 || delimiter === '"') errors.delimiter = 'The delimiter is one character (or "tab"), not a quote.';
    else inner.delimiter = delimiter;
  }
  if (form.dates) inner.dates = form.dates;
  const keep = form.keepColumns.split(',').map((c) => c.trim()).filter((c) => c !== '');
  if (keep.length > 0) inner.keepColumns = keep;
  return inner;
}
