/**
 * kubectl for the autoscaling kinds: extra commands, `kubectl create <generator>` entries, and (on import)
 * table columns and describers registered with the printers.
 *
 * - `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE (printers.go, via the
 *   ported printHorizontalPodAutoscaler).
 * - `kubectl describe hpa` (describe.go describeHorizontalPodAutoscalerV2).
 * - `kubectl autoscale`, `kubectl top pod|node`.
 */
import type { KubectlContext } from '../context';
import type { CommandResult } from '../io';
import { registerTable } from '../printers/tables';
import { registerDescriber } from '../describe/registry';
import { humanDuration } from '../duration';
import { printHorizontalPodAutoscaler } from '../../cluster/hpa/format-metrics';
import { autoscale } from './autoscaling/autoscale';
import { top } from './autoscaling/top';
import { describeHpa } from './autoscaling/describe';

export type ExtCommand = (argv: string[], ctx: KubectlContext) => CommandResult;

/** Top-level verbs (e.g. rollout, scale, top, autoscale). */
export const COMMANDS: Record<string, ExtCommand> = { autoscale, top };
/** `kubectl create <name> …` generators (argv starts at the generator name). */
export const CREATE_GENERATORS: Record<string, ExtCommand> = {};
/** Resource types `kubectl get all` lists, in order. */
export const GET_ALL: string[] = ['horizontalpodautoscalers'];

const hpaRow = (o: any, now: number) =>
  printHorizontalPodAutoscaler(o, (created) => {
    const t = Date.parse(created);
    return Number.isNaN(t) ? '<unknown>' : humanDuration((now - t) / 1000);
  });

registerTable('HorizontalPodAutoscaler', [
  { name: 'NAME', value: (o, ctx) => hpaRow(o, ctx.now).NAME },
  { name: 'REFERENCE', value: (o, ctx) => hpaRow(o, ctx.now).REFERENCE },
  { name: 'TARGETS', value: (o, ctx) => hpaRow(o, ctx.now).TARGETS },
  { name: 'MINPODS', value: (o, ctx) => hpaRow(o, ctx.now).MINPODS },
  { name: 'MAXPODS', value: (o, ctx) => String(hpaRow(o, ctx.now).MAXPODS) },
  { name: 'REPLICAS', value: (o, ctx) => String(hpaRow(o, ctx.now).REPLICAS) },
  { name: 'AGE', value: (o, ctx) => hpaRow(o, ctx.now).AGE },
]);

registerDescriber('HorizontalPodAutoscaler', (o, ctx) => describeHpa(o, ctx.events, ctx.now));
