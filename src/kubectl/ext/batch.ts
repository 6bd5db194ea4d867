/**
 * kubectl for the batch kinds: extra commands, `kubectl create <generator>` entries, and (on import)
 * table columns and describers registered with the printers.
 */
import type { KubectlContext } from '../context';
import type { CommandResult } from '../io';
import { registerTable } from '../printers/tables';
import { registerDescriber } from '../describe/registry';
import { JOB_COLUMNS, CRONJOB_COLUMNS, describeJob, describeCronJob } from './batch/printers';
import { createJob, createCronJob } from './batch/create';
import { waitCommand } from './batch/wait';

export type ExtCommand = (argv: string[], ctx: KubectlContext) => CommandResult;

registerTable('Job', JOB_COLUMNS);
registerTable('CronJob', CRONJOB_COLUMNS);
registerDescriber('Job', (o, ctx) => describeJob(o, ctx.events, ctx.now));
registerDescriber('CronJob', (o, ctx) => describeCronJob(o, ctx.events, ctx.now));

/** Top-level verbs (e.g. rollout, scale, top, autoscale). */
export const COMMANDS: Record<string, ExtCommand> = { wait: waitCommand };
/** `kubectl create <name> …` generators (argv starts at the generator name). */
export const CREATE_GENERATORS: Record<string, ExtCommand> = { job: createJob, cronjob: createCronJob, cj: createCronJob };
/** Resource types `kubectl get all` lists, in order. */
export const GET_ALL: string[] = ['cronjobs', 'jobs'];
