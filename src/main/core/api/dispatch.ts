import type { z } from 'zod';
import { apiContract, isApiMethod, isReadOnlyMethod } from '../../../shared/contract';
import { AppError, fail, ok, type Result } from '../../../shared/result';
import type { ApiContext } from './context';
import { handlers } from './handlers';

export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
}

/**
 * The one entry point of every transport: parses the input with the contract, runs the handler, trims
 * the output to the contract. Every failure comes back as data with a code; an unexpected error keeps
 * its message but never its stack (that goes to main's log).
 */
export async function dispatch(method: string, rawInput: unknown, ctx: ApiContext): Promise<Result<unknown>> {
  if (!isApiMethod(method)) return fail('not_found', `method: unknown API method ${JSON.stringify(method)}`);
  if (!ctx.services.isOwner && !isReadOnlyMethod(method)) {
    return fail('conflict', `${method}: this process only reads ${ctx.services.paths.dataDir}; changes go through the process that owns it`);
  }
  const spec = apiContract[method];
  const input = spec.input.safeParse(rawInput);
  if (!input.success) return fail('invalid_input', `${method}: ${formatZodIssues(input.error)}`);
  try {
    // The map is indexed by the same key as the schema, so the parsed input fits this handler.
    const handler = handlers[method] as (input: unknown, ctx: ApiContext) => unknown;
    const output = spec.output.safeParse(await handler(input.data, ctx));
    if (!output.success) return fail('internal', `${method} returned data outside the contract: ${formatZodIssues(output.error)}`);
    return ok(output.data);
  } catch (err) {
    if (err instanceof AppError) return fail(err.code, err.message);
    console.error(`[api] ${method} failed:`, err);
    return fail('internal', `${method}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
