/**
 * Per-kind API server behaviour beyond the common path: validation, defaulting and conversion
 * for the workload kinds. Each kind's module registers itself here.
 */
import type { FieldCause } from '../errors';
import type { KObject } from '../objects';
import type { Rng } from '../rng';

export interface KindHooks {
  /** Field errors for create (and update, with `old`). */
  validate?(obj: KObject, old?: KObject): FieldCause[];
  /** Defaults applied on create/update (SetDefaults_*), and conversion from alternate versions. */
  default?(obj: KObject, ctx: { rng: Rng; now: () => string }): void;
  /** Fields an update may not change, checked after defaulting. Returns causes. */
  validateUpdate?(obj: KObject, old: KObject): FieldCause[];
}

export const KIND_HOOKS = new Map<string, KindHooks>();

export function registerKind(kind: string, hooks: KindHooks): void {
  KIND_HOOKS.set(kind, hooks);
}
