import fs from 'node:fs';
import YAML from 'yaml';
import type { Domain } from '../../../shared/domain/space';
import type { StudySpec } from '../../../shared/domain/study-spec';
import { AppError } from '../../../shared/result';
import { checkReadablePath } from '../fs/user-path';
import { validateStudySpec } from './validate-spec';

/** "line L, column C" of a character offset, 1-based like editors show it. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/**
 * JSON goes through JSON.parse: YAML would accept `"key": }` or a trailing comma that the user's
 * other JSON tools reject, and the spec must mean the same thing everywhere.
 */
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = position ? `${lineColumn(text, Number(position[1]))}: ` : '';
    throw new AppError('invalid_input', `${source}: ${where}not valid JSON (${message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s+/g, ' ')})`);
  }
}

/** A study spec needs a handful of aliases at most; the yaml library's default (100) is plenty. */
const MAX_ALIAS_COUNT = 100;

function parseYaml(text: string, source: string): unknown {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((err) => {
      const pos = err.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : 'syntax';
      // prettyErrors appends a code excerpt after the first line; keep the reason only.
      const reason = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return `${source}: ${where}: ${reason}`;
    });
    throw new AppError('invalid_input', lines.join('\n'));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml library throws a ReferenceError when aliases expand past the limit (a "billion laughs"
    // bomb: a few lines that would become gigabytes); anything else from toJS is a bug to surface.
    if (!(err instanceof ReferenceError)) throw err;
    throw new AppError('invalid_input', `${source}: YAML aliases (*name) expand too much (over ${MAX_ALIAS_COUNT} uses of an alias): not a study spec; write the values out`);
  }
}

/**
 * Parses a study spec written in YAML or JSON (told apart by the first character: a JSON spec is an
 * object) and validates it. `source` names the file in messages.
 */
export function parseStudySpec(text: string, source: string): StudySpec {
  const raw: unknown = text.trimStart().startsWith('{') ? parseJson(text, source) : parseYaml(text, source);
  if (raw === null || raw === undefined) throw new AppError('invalid_input', `${source}: the study spec is empty`);
  return validateStudySpec(raw, source);
}

export function loadStudySpecFile(file: string): StudySpec {
  if (fs.existsSync(file)) checkReadablePath(file, 'study spec', { folders: false }); // a FIFO would block the read forever
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not_found' : 'io_error', `${file}: cannot read study spec (${(err as Error).message})`);
  }
  return parseStudySpec(text, file);
}

/**
 * Runs `fn` (creating the study of a spec file) with the file named in its errors: a spec that is
 * valid on its own can still name a dataset that was never imported, and that error must say which
 * spec file to fix.
 */
export function inSpecFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AppError && !err.message.startsWith(`${file}:`)) throw new AppError(err.code, `${file}: ${err.message}`);
    throw err;
  }
}

/** A domain written the way people write it: a bare value, a list, or a one-line range. */
function domainNode(doc: YAML.Document, domain: Domain): unknown {
  if (domain.type === 'fixed') return domain.value;
  const node = doc.createNode(domain.type === 'choice' ? domain.values : domain);
  (node as YAML.YAMLSeq | YAML.YAMLMap).flow = true;
  return node;
}

const KEY_ORDER: (keyof StudySpec)[] = ['name', 'dataset', 'template', 'task', 'objective', 'algorithm', 'sampler', 'pruner', 'seed', 'budget', 'concurrency', 'backend', 'maxAttempts', 'repeats', 'executor', 'space'];

/** YAML that parseStudySpec reads back into an equal spec (the CLI's `export` and the form's "show YAML"). */
export function specToYaml(spec: StudySpec): string {
  const doc = new YAML.Document();
  const root = doc.createNode({}) as YAML.YAMLMap;
  for (const key of KEY_ORDER) {
    const value = spec[key];
    if (value === undefined) continue;
    if (key === 'space') {
      const space = doc.createNode({}) as YAML.YAMLMap;
      for (const [name, domain] of Object.entries(spec.space)) space.set(name, domainNode(doc, domain));
      root.set(key, space);
    } else {
      root.set(key, doc.createNode(value));
    }
  }
  doc.contents = root;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
