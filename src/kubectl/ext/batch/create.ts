/** kubectl create job / create cronjob (kubectl pkg/cmd/create/create_job.go, create_cronjob.go). */
import { stringify } from 'yaml';
import type { KubectlContext } from '../../context';
import type { CommandResult } from '../../io';
import { parseFlags, FlagError, type FlagSpec } from '../../flags';
import { ApiError } from '../../../cluster/errors';
import { formatApiError } from '../../errors';
import { deepClone } from '../../../cluster/objects';

const COMMON: FlagSpec[] = [
  { name: 'image', type: 'string' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string' },
  { name: 'field-manager', type: 'string' },
];

function parse(argv: string[], extra: FlagSpec[], ctx: KubectlContext) {
  try {
    return parseFlags(argv, [...COMMON, ...extra]);
  } catch (e) {
    if (e instanceof FlagError) {
      ctx.io.err(`error: ${e.message}\n`);
      return null;
    }
    throw e;
  }
}

function send(ctx: KubectlContext, obj: any, label: string, dry: string | undefined, output: string | undefined, nsSet = false): CommandResult {
  let shown = obj;
  if (dry === 'client' && !nsSet) {
    shown = deepClone(obj);
    delete shown.metadata.namespace;
  }
  try {
    if (dry !== 'client') shown = ctx.cluster.api.create(obj, { dryRun: dry === 'server' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    ctx.io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  if (output === 'yaml') ctx.io.out(stringify(shown, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' } as any));
  else if (output === 'json') ctx.io.out(JSON.stringify(shown, null, 4) + '\n');
  else if (output === 'name') ctx.io.out(`${label}\n`);
  else ctx.io.out(`${label} created${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`);
  return { code: 0 };
}

function container(name: string, image: string, command: string[] | null): any {
  const c: any = { name, image, resources: {} };
  if (command && command.length) c.command = command;
  return c;
}

export function createJob(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parse(argv, [{ name: 'from', type: 'string' }], ctx);
  if (!p) return { code: 1 };
  const name = p.args[1];
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  if (!name) {
    ctx.io.err('error: exactly one NAME is required, got 0\n');
    return { code: 1 };
  }
  const image = p.flags.image as string | undefined;
  const from = p.flags.from as string | undefined;
  if ((!image && !from) || (image && from)) {
    ctx.io.err('error: either --image or --from must be specified\n');
    return { code: 1 };
  }
  if (p.rest && p.rest.length && from) {
    ctx.io.err('error: cannot specify --from and command\n');
    return { code: 1 };
  }
  const dry = p.flags['dry-run'] as string | undefined;
  const output = p.flags.output as string | undefined;
  if (image) {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: ns },
      spec: { template: { metadata: {}, spec: { containers: [container(name, image, p.rest)], restartPolicy: 'Never' } } },
      status: {},
    };
    return send(ctx, job, `job.batch/${name}`, dry, output, p.set.has('namespace'));
  }
  const [type, cjName] = from!.includes('/') ? from!.split('/') : [from!, ''];
  if (!['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(type!)) {
    ctx.io.err(`error: from must be an existing cronjob: ${from}\n`);
    return { code: 1 };
  }
  const cj = ctx.cluster.store.get('CronJob', ns, cjName!);
  if (!cj) {
    ctx.io.err(`Error from server (NotFound): cronjobs.batch "${cjName}" not found\n`);
    return { code: 1 };
  }
  const tmpl = deepClone(cj.spec?.jobTemplate ?? {});
  const annotations: Record<string, string> = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tmpl.metadata?.annotations ?? {}) };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: ns,
      ...(tmpl.metadata?.labels ? { labels: tmpl.metadata.labels } : {}),
      annotations,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid }],
    },
    spec: tmpl.spec ?? {},
    status: {},
  };
  return send(ctx, job, `job.batch/${name}`, dry, output, p.set.has('namespace'));
}

export function createCronJob(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parse(
    argv,
    [
      { name: 'schedule', type: 'string' },
      { name: 'restart', type: 'string' },
    ],
    ctx,
  );
  if (!p) return { code: 1 };
  const name = p.args[1];
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  if (!name) {
    ctx.io.err('error: exactly one NAME is required, got 0\n');
    return { code: 1 };
  }
  const image = p.flags.image as string | undefined;
  if (!image) {
    ctx.io.err('error: --image must be specified\n');
    return { code: 1 };
  }
  const schedule = p.flags.schedule as string | undefined;
  if (!schedule) {
    ctx.io.err('error: --schedule must be specified\n');
    return { code: 1 };
  }
  const restart = (p.flags.restart as string | undefined) || 'OnFailure';
  if (restart !== 'OnFailure' && restart !== 'Never') {
    ctx.io.err(`error: invalid restart policy: ${restart}\n`);
    return { code: 1 };
  }
  const cj = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: ns },
    spec: {
      schedule,
      jobTemplate: {
        metadata: { name },
        spec: { template: { metadata: {}, spec: { containers: [container(name, image, p.rest)], restartPolicy: restart } } },
      },
    },
    status: {},
  };
  return send(ctx, cj, `cronjob.batch/${name}`, p.flags['dry-run'] as string | undefined, p.flags.output as string | undefined, p.set.has('namespace'));
}
