/** kubectl's entry: global flags, the command table, cobra's unknown-command text. */
import type { KubectlContext } from './context';
import type { CommandResult } from './io';
import { FlagError } from './flags';
import { get } from './commands/get';
import { describe } from './commands/describe';
import { apply } from './commands/apply';
import { del } from './commands/delete';
import { logs } from './commands/logs';
import { exec } from './commands/exec';
import { run } from './commands/run';
import { create } from './commands/create';
import { attach } from './commands/attach';
import { debug } from './commands/debug';
import { cordon, drain } from './commands/node-ops';
import { labelOrAnnotate, taint } from './commands/label';
import { expose } from './commands/expose';
import { apiResources } from './commands/api-resources';
import { events } from './commands/events';
import * as workloadsExt from './ext/workloads';
import './describe/discovery-policy'; // EndpointSlice columns; Endpoints, EndpointSlice and PDB describers
import * as batchExt from './ext/batch';
import * as autoscalingExt from './ext/autoscaling';
import { KINDS } from '../cluster/objects';
import { KUBERNETES_VERSION } from '../cluster/cluster';

type Command = (argv: string[], ctx: KubectlContext) => CommandResult;

const COMMANDS: Record<string, Command> = {
  get,
  describe,
  apply: (a, c) => apply(a, c, 'apply'),
  create,
  attach,
  debug,
  cordon: (a, c) => cordon(a, c, true),
  uncordon: (a, c) => cordon(a, c, false),
  drain,
  taint,
  expose,
  events,
  label: (a, c) => labelOrAnnotate(a, c, 'labels'),
  annotate: (a, c) => labelOrAnnotate(a, c, 'annotations'),
  delete: del,
  logs,
  exec,
  run,
  version: (_a, c) => {
    c.io.out(`Client Version: ${KUBERNETES_VERSION}\nKustomize Version: v5.7.1\nServer Version: ${KUBERNETES_VERSION}\n`);
    return { code: 0 };
  },
  'cluster-info': (_a, c) => {
    c.io.out('\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://172.18.0.2:6443\x1b[0m\n\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://172.18.0.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n\nTo further debug and diagnose cluster problems, use \'kubectl cluster-info dump\'.\n');
    return { code: 0 };
  },
  'api-resources': apiResources,
};

for (const ext of [workloadsExt, batchExt, autoscalingExt]) Object.assign(COMMANDS, ext.COMMANDS);

const KNOWN_ELSEWHERE = ['auth', 'certificate', 'completion', 'config', 'cp', 'diff', 'edit', 'explain', 'kustomize', 'patch', 'plugin', 'port-forward', 'proxy', 'replace'];

const HELP = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  get             Display one or many resources
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  debug           Create debugging sessions for troubleshooting workloads and nodes
  events          List events

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Other Commands:
  api-resources   Print the supported API resources on the server
  cluster-info    Display cluster information
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
`;

/** Levenshtein distance, for cobra's "Did you mean this?". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** Every verb this kubectl runs (tab completion). */
export function kubectlVerbs(): string[] {
  return Object.keys(COMMANDS).sort();
}

export function runKubectl(argv: string[], ctx: KubectlContext): CommandResult {
  // Global flags may come before the command: `kubectl -n kube-system get pods`.
  const pre: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    const a = argv[i]!;
    pre.push(a);
    if ((a === '-n' || a === '--namespace' || a === '--context' || a === '--kubeconfig') && i + 1 < argv.length) pre.push(argv[++i]!);
    i++;
  }
  const name = argv[i];
  const rest = [...pre, ...argv.slice(i + 1)];
  if (!name) {
    if (pre.includes('--help') || pre.includes('-h') || !pre.length) {
      ctx.io.out(HELP);
      return { code: 0 };
    }
    ctx.io.err(`error: unknown command "" for "kubectl"\n`);
    return { code: 1 };
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    if (KNOWN_ELSEWHERE.includes(name)) {
      ctx.io.err(`error: "kubectl ${name}" is not available in this lab yet\n`);
      return { code: 1 };
    }
    const suggestions = Object.keys(COMMANDS).filter((c) => distance(c, name) <= 2 || c.startsWith(name));
    let msg = `error: unknown command "${name}" for "kubectl"\n`;
    if (suggestions.length) msg += `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`;
    ctx.io.err(msg);
    return { code: 1 };
  }
  const dd = rest.indexOf('--');
  const flagPart = dd >= 0 ? rest.slice(0, dd) : rest;
  if (flagPart.includes('--help') || flagPart.includes('-h')) {
    ctx.io.out(`See https://kubernetes.io/docs/reference/kubectl/generated/kubectl_${name}/ for the flags of "kubectl ${name}".\n`);
    return { code: 0 };
  }
  try {
    return cmd(rest, ctx);
  } catch (e) {
    if (e instanceof FlagError) {
      ctx.io.err(`error: ${e.message}\nSee 'kubectl ${name} --help' for usage.\n`);
      return { code: 1 };
    }
    throw e;
  }
}
