import { Command } from 'commander';
import { AppError } from '../shared/result';
import { registerControlCommands } from './cli/commands-control';
import { registerDatasetCommands } from './cli/commands-datasets';
import { registerDeviceCommands } from './cli/commands-devices';
import { registerEnsembleCommands } from './cli/commands-ensemble';
import { registerInspectCommands } from './cli/commands-inspect';
import { registerRunCommands } from './cli/commands-run';
import { registerServeCommand } from './cli/commands-serve';
import { registerWorkerCommands } from './cli/commands-workers';

/** hparam-studio: the headless face of the app (same services as the desktop app and serve mode). */
const program = new Command()
  .name('hparam-studio')
  .description('Hyperparameter studies for TensorFlow.js models: run, inspect, export.')
  .option('--db <file>', 'database file (default: <data dir>/studies.db; env HPS_DB)')
  .option('--data-dir <dir>', 'data directory (default: the app data directory; env HPS_DATA_DIR)')
  .showHelpAfterError();

registerRunCommands(program);
registerInspectCommands(program);
registerControlCommands(program);
registerServeCommand(program);
registerDatasetCommands(program);
registerDeviceCommands(program);
registerEnsembleCommands(program);
registerWorkerCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // Expected failures (bad spec, unknown study) get one clear line; anything else keeps its stack.
  if (err instanceof AppError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = err instanceof AppError ? 2 : 1;
});
