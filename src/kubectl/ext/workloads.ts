/**
 * kubectl for the workloads kinds: extra commands, `kubectl create <generator>` entries, and (on import)
 * table columns and describers registered with the printers.
 */
import type { KubectlContext } from '../context';
import type { CommandResult } from '../io';
import './workloads/printers';
import { createDeployment, rollout, scale, set } from './workloads/commands';

export type ExtCommand = (argv: string[], ctx: KubectlContext) => CommandResult;

/** Top-level verbs (e.g. rollout, scale, top, autoscale). */
export const COMMANDS: Record<string, ExtCommand> = { rollout, scale, set };
/** `kubectl create <name> …` generators (argv starts at the generator name). */
export const CREATE_GENERATORS: Record<string, ExtCommand> = { deployment: createDeployment, deploy: createDeployment };
/** Resource types `kubectl get all` lists, in order. */
export const GET_ALL: string[] = ['daemonsets', 'deployments', 'replicasets'];
