/** kubectl create deployment, scale, set image, rollout status|history|undo|restart|pause|resume. */
import type { KubectlContext } from '../../context';
import type { CommandResult } from '../../io';
import { parseFlags, type FlagSpec } from '../../flags';
import { formatApiError } from '../../errors';
import { ApiError, notFound } from '../../../cluster/errors';
import { resolveResource, qualifiedResource, qualifiedSingular, type KObject } from '../../../cluster/objects';
import { controllerRef, REVISION_ANN, revisionOf, templateKey } from '../../../cluster/controllers/workloads/util';

function fail(ctx: KubectlContext, msg: string): CommandResult {
  ctx.io.err(msg.endsWith('\n') ? msg : msg + '\n');
  return { code: 1 };
}

function apiFail(ctx: KubectlContext, e: unknown): CommandResult {
  if (!(e instanceof ApiError)) throw e;
  return fail(ctx, formatApiError(e));
}

/** TYPE NAME or TYPE/NAME → object. */
function target(args: string[], ctx: KubectlContext, ns: string, allowed: string[]): { obj: KObject; label: string } | CommandResult {
  let typ = args[0];
  let name = args[1];
  if (typ?.includes('/')) [typ, name] = typ.split('/') as [string, string];
  if (!typ) return fail(ctx, 'error: required resource not specified');
  const info = resolveResource(typ);
  if (!info) return fail(ctx, `error: the server doesn't have a resource type "${typ}"`);
  if (!name) return fail(ctx, `error: resource(s) were provided, but no name was specified`);
  if (!allowed.includes(info.kind)) return fail(ctx, `error: no ${'objects'} passed to command`);
  const obj = ctx.cluster.store.get(info.kind, ns, name);
  if (!obj) return fail(ctx, formatApiError(notFound(qualifiedResource(info), name)));
  return { obj, label: `${qualifiedSingular(info)}/${name}` };
}

function update(ctx: KubectlContext, obj: KObject): KObject {
  return ctx.cluster.api.update(obj).obj;
}

const CREATE_DEPLOY_FLAGS: FlagSpec[] = [
  { name: 'image', type: 'strings' },
  { name: 'replicas', short: 'r', type: 'int', default: 1 },
  { name: 'port', type: 'int', default: -1 },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
];

export function createDeployment(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv.slice(1), CREATE_DEPLOY_FLAGS);
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const name = p.args[0];
  if (!name) return fail(ctx, 'error: exactly one NAME is required, got 0');
  const imgs = (p.flags.image as string[]) ?? [];
  if (!imgs.length) return fail(ctx, 'error: required flag(s) "image" not set');
  const names = new Map<string, number>();
  const containers = imgs.map((img) => {
    // kubectl: container name from the image's last path segment, minus tag/digest
    let base = img.split('/').pop()!.split('@')[0]!.split(':')[0]!.replace(/[^a-z0-9-]/g, '-');
    const c = names.get(base) ?? 0;
    names.set(base, c + 1);
    if (c) base = `${base}-${c}`;
    return { name: base, image: img, resources: {} } as any;
  });
  if (p.rest?.length) containers[0].command = p.rest;
  const port = p.flags.port as number;
  if (port >= 0) containers[0].ports = [{ containerPort: port }];
  const obj: KObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { replicas: p.flags.replicas as number, selector: { matchLabels: { app: name } }, strategy: {}, template: { metadata: { labels: { app: name } }, spec: { containers } } },
  };
  const dry = p.flags['dry-run'] as string | undefined;
  try {
    if (dry !== 'client') ctx.cluster.api.create(obj, { dryRun: dry === 'server' });
  } catch (e) {
    return apiFail(ctx, e);
  }
  ctx.io.out(`deployment.apps/${name} created${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`);
  return { code: 0 };
}

export function scale(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, [
    { name: 'replicas', type: 'int', default: -1 },
    { name: 'current-replicas', type: 'int', default: -1 },
  ]);
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const replicas = p.flags.replicas as number;
  if (replicas < 0) return fail(ctx, 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const t = target(p.args, ctx, ns, ['Deployment', 'ReplicaSet']);
  if (!('obj' in t)) return t;
  const cur = p.flags['current-replicas'] as number;
  if (cur >= 0 && (t.obj.spec.replicas ?? 1) !== cur) return fail(ctx, `error: Expected replicas to be ${cur}, was ${t.obj.spec.replicas ?? 1}`);
  const next = structuredClone(t.obj);
  next.spec.replicas = replicas;
  try {
    update(ctx, next);
  } catch (e) {
    return apiFail(ctx, e);
  }
  ctx.io.out(`${t.label} scaled\n`);
  return { code: 0 };
}

export function set(argv: string[], ctx: KubectlContext): CommandResult {
  if (argv[0] !== 'image') return fail(ctx, `error: unknown command "${argv[0] ?? ''}" for "kubectl set"`);
  const p = parseFlags(argv.slice(1), []);
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const pairs = p.args.filter((a) => a.includes('='));
  const refs = p.args.filter((a) => !a.includes('='));
  if (!pairs.length) return fail(ctx, 'error: at least one image update is required');
  const t = target(refs, ctx, ns, ['Deployment', 'ReplicaSet', 'DaemonSet']);
  if (!('obj' in t)) return t;
  const next = structuredClone(t.obj);
  const cs: any[] = [...(next.spec.template.spec.initContainers ?? []), ...next.spec.template.spec.containers];
  for (const pair of pairs) {
    const [cname, image] = pair.split('=') as [string, string];
    const hits = cs.filter((c) => cname === '*' || c.name === cname);
    if (!hits.length) return fail(ctx, `error: unable to find container named "${cname}"`);
    for (const c of hits) c.image = image;
  }
  try {
    const r = ctx.cluster.api.update(next);
    if (!r.changed) {
      ctx.io.out(`${t.label} image updated\n`);
      return { code: 0 };
    }
  } catch (e) {
    return apiFail(ctx, e);
  }
  ctx.io.out(`${t.label} image updated\n`);
  return { code: 0 };
}

function ownedRSs(ctx: KubectlContext, d: KObject): KObject[] {
  return ctx.cluster.store.list('ReplicaSet', d.metadata.namespace).filter((r) => controllerRef(r)?.uid === d.metadata.uid);
}

/** polymorphichelpers DeploymentStatusViewer. */
export function deploymentStatus(d: KObject): { msg: string; done: boolean; err?: string } {
  const name = d.metadata.name;
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 1) <= (st.observedGeneration ?? 0)) {
    const cond = (st.conditions ?? []).find((c: any) => c.type === 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') return { msg: '', done: false, err: `deployment "${name}" exceeded its progress deadline` };
    const want = d.spec.replicas ?? 1;
    if ((st.updatedReplicas ?? 0) < want) return { msg: `Waiting for deployment "${name}" rollout to finish: ${st.updatedReplicas ?? 0} out of ${want} new replicas have been updated...\n`, done: false };
    if ((st.replicas ?? 0) > (st.updatedReplicas ?? 0)) return { msg: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - (st.updatedReplicas ?? 0)} old replicas are pending termination...\n`, done: false };
    if ((st.availableReplicas ?? 0) < (st.updatedReplicas ?? 0)) return { msg: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${st.updatedReplicas ?? 0} updated replicas are available...\n`, done: false };
    return { msg: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { msg: 'Waiting for deployment spec update to be observed...\n', done: false };
}

export function rollout(argv: string[], ctx: KubectlContext): CommandResult {
  const sub = argv[0];
  const p = parseFlags(argv.slice(1), [
    { name: 'to-revision', type: 'int', default: 0 },
    { name: 'revision', type: 'int', default: 0 },
    { name: 'watch', short: 'w', type: 'bool', default: true },
    { name: 'timeout', type: 'string' },
  ]);
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const subs = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];
  if (!sub || !subs.includes(sub)) return fail(ctx, sub ? `error: unknown command "${sub}" for "kubectl rollout"` : 'error: Required resource not specified.');
  const t = target(p.args, ctx, ns, ['Deployment', 'DaemonSet']);
  if (!('obj' in t)) return t;
  const d = t.obj;
  const store = ctx.cluster.store;
  switch (sub) {
    case 'status': {
      const uid = d.metadata.uid;
      const first = deploymentStatus(d);
      if (first.err) return fail(ctx, `error: ${first.err}`);
      ctx.io.out(first.msg);
      if (first.done || p.flags.watch === false) return { code: 0 };
      let lastRv = d.metadata.resourceVersion;
      let stopped = false;
      const unwatch = store.watch('Deployment', (e) => {
        if (stopped || e.object.metadata.uid !== uid) return;
        if (e.type === 'DELETED') {
          stopped = true;
          unwatch();
          ctx.cluster.clock.after(0, () => {
            ctx.io.err(`error: object has been deleted\n`);
            ctx.done(1);
          });
          return;
        }
        if (e.object.metadata.resourceVersion === lastRv) return;
        lastRv = e.object.metadata.resourceVersion;
        const s = deploymentStatus(e.object);
        if (s.err) {
          stopped = true;
          unwatch();
          ctx.cluster.clock.after(0, () => {
            ctx.io.err(`error: ${s.err}\n`);
            ctx.done(1);
          });
          return;
        }
        ctx.io.out(s.msg);
        if (s.done) {
          stopped = true;
          unwatch();
          ctx.cluster.clock.after(0, () => ctx.done(0));
        }
      });
      return {
        running: {
          interrupt: () => {
            stopped = true;
            unwatch();
            ctx.done(130);
          },
        },
      };
    }
    case 'history': {
      const rss = ownedRSs(ctx, d);
      const rev = p.flags.revision as number;
      const byRev = new Map<number, KObject>();
      for (const r of rss) byRev.set(revisionOf(r), r);
      if (rev > 0) {
        const r = byRev.get(rev);
        if (!r) return fail(ctx, `error: unable to find the specified revision`);
        ctx.io.out(`${t.label} with revision #${rev}\n`);
        ctx.io.out(templateText(r.spec.template));
        return { code: 0 };
      }
      const revs = [...byRev.keys()].sort((a, b) => a - b);
      const rows = ['REVISION\tCHANGE-CAUSE', ...revs.map((r) => `${r}\t${byRev.get(r)!.metadata.annotations?.['kubernetes.io/change-cause'] || '<none>'}`)];
      const width = Math.max(...rows.map((r) => r.split('\t')[0]!.length)) + 2;
      ctx.io.out(`${t.label} \n` + rows.map((r) => r.split('\t')[0]!.padEnd(width) + r.split('\t')[1]).join('\n') + '\n\n');
      return { code: 0 };
    }
    case 'undo': {
      if (d.spec.paused) return fail(ctx, `error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
      const rss = ownedRSs(ctx, d);
      const toRev = p.flags['to-revision'] as number;
      let target: KObject | undefined;
      if (toRev > 0) {
        target = rss.find((r) => revisionOf(r) === toRev);
        if (!target) return fail(ctx, `error: unable to find specified revision ${toRev} in history`);
      } else {
        const sorted = [...rss].sort((a, b) => revisionOf(b) - revisionOf(a));
        const cur = Number(d.metadata.annotations?.[REVISION_ANN] ?? 0);
        target = sorted.find((r) => revisionOf(r) !== cur && revisionOf(r) < cur) ?? sorted.find((r) => revisionOf(r) !== cur);
        if (!target) return fail(ctx, `error: no rollout history found for deployment "${d.metadata.name}"`);
      }
      if (templateKey(target.spec.template) === templateKey(d.spec.template)) {
        ctx.io.out(`${t.label} skipped rollback (current template already matches revision ${revisionOf(target)})\n`);
        return { code: 0 };
      }
      const next = structuredClone(d);
      const tmpl = structuredClone(target.spec.template);
      delete tmpl.metadata.labels['pod-template-hash'];
      next.spec.template = tmpl;
      try {
        update(ctx, next);
      } catch (e) {
        return apiFail(ctx, e);
      }
      ctx.io.out(`${t.label} rolled back\n`);
      return { code: 0 };
    }
    case 'restart': {
      if (d.spec.paused) return fail(ctx, `error: deployments.apps "${d.metadata.name}" can't restart paused deployment (run rollout resume first)`);
      const next = structuredClone(d);
      next.spec.template.metadata ??= {};
      next.spec.template.metadata.annotations = { ...(next.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(Date.parse(store.timestamp())).toISOString().replace('.000Z', 'Z') };
      try {
        update(ctx, next);
      } catch (e) {
        return apiFail(ctx, e);
      }
      ctx.io.out(`${t.label} restarted\n`);
      return { code: 0 };
    }
    case 'pause':
    case 'resume': {
      const want = sub === 'pause';
      if (!!d.spec.paused === want) {
        ctx.io.out(`${t.label} ${want ? 'already paused' : 'already resumed'}\n`);
        return { code: 0 };
      }
      const next = structuredClone(d);
      if (want) next.spec.paused = true;
      else delete next.spec.paused;
      try {
        update(ctx, next);
      } catch (e) {
        return apiFail(ctx, e);
      }
      ctx.io.out(`${t.label} ${want ? 'paused' : 'resumed'}\n`);
      return { code: 0 };
    }
  }
  return { code: 1 };
}

function templateText(t: any): string {
  const lines = ['Pod Template:', `  Labels:\t${Object.entries(t?.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`).join('\n\t') || '<none>'}`, '  Containers:'];
  for (const c of t?.spec?.containers ?? []) lines.push(`   ${c.name}:`, `    Image:\t${c.image}`);
  return lines.join('\n') + '\n\n';
}
