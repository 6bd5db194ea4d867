/** How kubectl prints failures (cmdutil.CheckErr and friends). */
import { ApiError } from '../cluster/errors';

/** `Error from server (NotFound): pods "x" not found`, or the Invalid special case. */
export function formatApiError(e: ApiError, source?: string, op: 'creating' | 'updating' | 'applying' | 'patching' | 'deleting' = 'creating'): string {
  if (e.reason === 'Invalid' && e.details) {
    const causes = e.details.causes;
    if (causes.length === 1) return `The ${e.details.kind} "${e.details.name}" is invalid: ${causes[0]!.field}: ${causes[0]!.message}`;
    return `The ${e.details.kind} "${e.details.name}" is invalid: \n${causes.map((c) => `* ${c.field}: ${c.message}`).join('\n')}`;
  }
  const where = source ? `error when ${op} "${source}": ` : '';
  return `Error from server${e.reason ? ` (${e.reason})` : ''}: ${where}${e.message}`;
}

export class KubectlError extends Error {}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
