/**
 * API server errors, shaped like metav1.Status so kubectl can print them as the real one does
 * (`Error from server (NotFound): pods "x" not found`).
 */
export type StatusReason = 'NotFound' | 'AlreadyExists' | 'Invalid' | 'BadRequest' | 'Forbidden' | 'Conflict' | 'MethodNotAllowed' | 'TooManyRequests' | 'InternalError';

export interface FieldCause {
  /** e.g. "spec.containers[0].image" */
  field: string;
  /** full text after the field, e.g. "Required value" */
  message: string;
}

export class ApiError extends Error {
  constructor(
    /** '' = metav1.StatusReasonUnknown, which kubectl prints as plain `Error from server: …`. */
    public readonly reason: StatusReason | '',
    message: string,
    public readonly code: number,
    /** For Invalid: the kind and name (`The Pod "x" is invalid: …`). */
    public readonly details?: { kind: string; name: string; causes: FieldCause[] },
  ) {
    super(message);
  }
}

export function notFound(resource: string, name: string): ApiError {
  return new ApiError('NotFound', `${resource} "${name}" not found`, 404);
}

export function alreadyExists(resource: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${resource} "${name}" already exists`, 409);
}

/** apimachinery NewInvalid: message `<Kind> "<name>" is invalid: <causes>`; kubectl reformats it from details. */
export function invalid(kind: string, name: string, causes: FieldCause[]): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`);
  const msg = `${kind} "${name}" is invalid: ` + (text.length === 1 ? text[0] : `[${text.join(', ')}]`);
  return new ApiError('Invalid', msg, 422, { kind, name, causes });
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message, 400);
}

export function forbidden(message: string): ApiError {
  return new ApiError('Forbidden', message, 403);
}

/** A failure with no reason, e.g. the API server failing to reach a kubelet (proxied logs, exec). */
export function serverError(message: string): ApiError {
  return new ApiError('', message, 500);
}
