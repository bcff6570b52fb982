import { createRequire } from 'node:module';
import path from 'node:path';

// Resolve from this file (the bundle in out/node/, or the source under vitest) so the app's own
// node_modules is searched whatever the working directory; an ESM build has no __filename, and the
// entry script lives in the app as well.
const requireFromApp = createRequire(typeof __filename === 'string' ? __filename : path.resolve(process.argv[1] ?? 'index.js'));

/**
 * `require` for optional packages (tfjs-node, tfjs-node-gpu, tfjs-backend-webgpu, webgpu). The name is a runtime value, so
 * bundlers neither resolve nor inline it: a machine without the package still builds and runs.
 */
export function requireOptional(moduleName: string): unknown {
  try {
    return requireFromApp(moduleName);
  } catch (err) {
    const reason = firstLine(err);
    // A package that is present but whose native addon is missing also throws MODULE_NOT_FOUND, naming the addon.
    if ((err as { code?: unknown }).code === 'MODULE_NOT_FOUND' && reason.includes(`'${moduleName}'`)) {
      throw new Error(`not installed (${reason})`);
    }
    throw new Error(`${moduleName} is installed but failed to load: ${reason}`);
  }
}

/** `require` from the app's own node_modules, for package files reached by path (not optional ones). */
export const appRequire: NodeJS.Require = requireFromApp;

/** First line of an error's message: enough for a one-line note ("Cannot find module 'x'"). */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]?.trim() || 'unknown error';
}
