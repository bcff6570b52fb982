import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { ParamSet, SearchSpace } from '../../src/shared/domain/space';

export interface SideFigures {
  medianBest: number;
  msPerSuggestion: number;
  /** Mean over the last 10% of suggestions: the cost once the history is long. */
  lateMsPerSuggestion: number;
  /** Mean CPU time (user) per suggestion. */
  cpuMsPerSuggestion: number;
}

/** Debian's interpreter, where python3-optuna installs (a pyenv or venv python3 would not see it). */
const PYTHON = '/usr/bin/python3';

function optunaVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/**
 * Optuna's figures for the same objective: bench/lib/optuna-search.py asks Optuna for each point and
 * this process evaluates it, so both sides score the same code.
 */
export async function optunaSearch(
  objective: { direction: string; space: SearchSpace; evaluate(p: ParamSet): number },
  algorithm: string,
  evals: number,
  seeds: number,
  multivariate: boolean,
): Promise<(SideFigures & { version: string }) | { skipped: string }> {
  if (algorithm !== 'tpe' && algorithm !== 'random') return { skipped: `no Optuna counterpart for ${algorithm}` };
  const version = optunaVersion();
  if (!version) return { skipped: `python3-optuna is not installed for ${PYTHON} (apt-get install -y python3-optuna)` };
  const child = spawn(PYTHON, [path.join('bench', 'lib', 'optuna-search.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.write(JSON.stringify({ space: objective.space, direction: objective.direction, algorithm, multivariate, evals, seeds }) + '\n');
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const message = JSON.parse(line) as { params?: ParamSet; done?: SideFigures };
    if (message.done) {
      child.stdin.end();
      await exited;
      return { ...message.done, version };
    }
    child.stdin.write(JSON.stringify({ value: objective.evaluate(message.params!) }) + '\n');
  }
  throw new Error(`optuna-search.py exited (${await exited}) before reporting`);
}
