import { AppError } from '../../../../../shared/result';

/** Bad input in a CSV file: the message names the file, the line where known, and the reason. */
export function csvError(file: string, reason: string, line?: number): AppError {
  return new AppError('invalid_input', line === undefined ? `${file}: ${reason}` : `${file}: line ${line}: ${reason}`);
}
