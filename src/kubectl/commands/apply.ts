/**
 * kubectl apply -f / create -f: read every file, decode every document, and only then send
 * objects one by one (server errors for one object do not stop the others, as in kubectl).
 */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { parseManifest } from '../manifest';
import { resolveResource, qualifiedSingular, kindInfo, type KObject } from '../../cluster/objects';
import { ApiError } from '../../cluster/errors';
import { formatApiError } from '../errors';
import { strictDecode } from '../schema/strict';
import type { CommandResult } from '../io';

export const APPLY_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'dry-run', type: 'string' },
  { name: 'validate', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'server-side', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'prune', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
];

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Go's json.Marshal of a map: keys sorted at every level (that is how the annotation looks). */
function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goJson((v as any)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

export interface Decoded {
  obj: KObject;
  source: string;
}

/** Read and decode all -f inputs. Returns an error string (nothing must be applied) or the objects. */
export function readObjects(files: string[], ctx: KubectlContext, ns: string, nsSet: boolean): { objs: Decoded[] } | { error: string } {
  const objs: Decoded[] = [];
  for (const f of files) {
    const text = f === '-' ? undefined : ctx.files.read(f.replace(/^\.\//, ''));
    if (text === undefined) return { error: `error: the path "${f}" does not exist` };
    const r = parseManifest(f, text);
    if ('error' in r) return { error: r.error };
    for (const d of r.docs) {
      const info = kindInfo(d.obj.kind);
      if (!info || (info.apiVersion !== d.obj.apiVersion && !(info.altVersions ?? []).includes(d.obj.apiVersion))) {
        return { error: `error: resource mapping not found for name: "${d.obj.metadata?.name ?? ''}" namespace: "${d.obj.metadata?.namespace ?? ''}" from "${f}": no matches for kind "${d.obj.kind}" in version "${d.obj.apiVersion}"\nensure CRDs are installed first` };
      }
      const objNs = d.obj.metadata?.namespace;
      if (info.namespaced && objNs && nsSet && objNs !== ns) {
        return { error: `error: the namespace from the provided object "${objNs}" does not match the namespace "${ns}". You must pass '--namespace=${objNs}' to perform this operation.` };
      }
      if (info.namespaced) d.obj.metadata.namespace = objNs ?? ns;
      objs.push({ obj: d.obj, source: f });
    }
  }
  return { objs };
}

export function apply(argv: string[], ctx: KubectlContext, mode: 'apply' | 'create'): CommandResult {
  const p = parseFlags(argv, APPLY_FLAGS);
  const io = ctx.io;
  const files = (p.flags.filename as string[]) ?? [];
  if (!files.length) {
    io.err(mode === 'apply' ? 'error: must specify one of -f and -k\n' : 'error: must specify one of -f and -k\n');
    return { code: 1 };
  }
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const dry = p.flags['dry-run'] as string | undefined;
  if (dry !== undefined && !['client', 'server', 'none'].includes(dry)) {
    io.err(`error: Invalid dry-run value (${dry}). Must be "none", "server", or "client".\n`);
    return { code: 1 };
  }
  const dryRun = dry === 'client' || dry === 'server';
  const suffix = dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : '';
  const validate = (p.flags.validate as string | undefined) ?? 'strict';
  const read = readObjects(files, ctx, ns, p.set.has('namespace'));
  if ('error' in read) {
    io.err(read.error + '\n');
    return { code: 1 };
  }
  if (!read.objs.length) {
    io.err('error: no objects passed to ' + mode + '\n');
    return { code: 1 };
  }
  let code = 0;
  const api = ctx.cluster.api;
  for (const { obj, source } of read.objs) {
    const info = resolveResource(obj.kind)!;
    const name = `${qualifiedSingular(info)}/${obj.metadata.name ?? ''}`;
    try {
      const strict = strictDecode(obj);
      if (strict.typeError) throw new ApiError('BadRequest', `${obj.kind} in version "${obj.apiVersion}" cannot be handled as a ${obj.kind}: ${strict.typeError}`, 400);
      if (strict.unknownFields.length && validate !== 'false' && validate !== 'ignore') {
        if (validate === 'warn') for (const f of strict.unknownFields) io.err(`Warning: unknown field "${f}"\n`);
        else throw new ApiError('BadRequest', `${obj.kind} in version "${obj.apiVersion}" cannot be handled as a ${obj.kind}: strict decoding error: ${strict.unknownFields.map((f) => `unknown field "${f}"`).join(', ')}`, 400);
      }
      const live = ctx.cluster.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
      if (mode === 'create' || !live) {
        const toCreate = structuredClone(obj);
        if (mode === 'apply' || p.flags['save-config']) {
          toCreate.metadata.annotations = { ...(toCreate.metadata.annotations ?? {}), [LAST_APPLIED]: goJson(obj) + '\n' };
        }
        if (dry !== 'client') api.create(toCreate, { dryRun });
        io.out(`${name} created${suffix}\n`);
        continue;
      }
      const lastApplied = goJson(obj) + '\n';
      if (live.metadata.annotations?.[LAST_APPLIED] === lastApplied) {
        io.out(`${name} unchanged${suffix}\n`);
        continue;
      }
      const desired = structuredClone(live);
      desired.metadata.labels = obj.metadata.labels;
      desired.metadata.annotations = { ...(live.metadata.annotations ?? {}), ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied };
      for (const k of Object.keys(obj)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) desired[k] = structuredClone(obj[k]);
      if (dry !== 'client') api.update(desired, { dryRun });
      io.out(`${name} configured${suffix}\n`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      io.err(formatApiError(e, source, mode === 'apply' && ctx.cluster.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name) ? 'patching' : 'creating') + '\n');
      code = 1;
    }
  }
  return { code };
}
