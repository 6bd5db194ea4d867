/**
 * kubectl create configmap NAME / kubectl create secret generic NAME, from --from-literal,
 * --from-file=[key=]path (a file or a directory of the lab's file store) and --from-env-file
 * (kubectl pkg/cmd/create/create_configmap.go, create_secret.go, pkg/util ParseFileSource /
 * ParseLiteralSource, pkg/cmd/util env_file.go, pkg/util/hash).
 */
import type { KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { ApiError } from '../../cluster/errors';
import type { CommandResult } from '../io';
import { toYaml, forOutput } from './get';
import { isConfigMapKey, isEnvVarName } from '../../cluster/api/validate-env-volumes';
import { base64Encode, goQuote } from '../../cluster/kubelet/downward';

const FLAGS: FlagSpec[] = [
  { name: 'from-literal', type: 'strings' },
  { name: 'from-file', type: 'strings' },
  { name: 'from-env-file', type: 'strings' },
  { name: 'append-hash', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'validate', type: 'string' },
];
const SECRET_FLAGS: FlagSpec[] = [...FLAGS, { name: 'type', type: 'string' }];

class CmdError extends Error {}

/** pflag StringSlice: every occurrence is split on commas. */
function slice(v: unknown): string[] {
  return ((v as string[] | undefined) ?? []).flatMap((s) => s.split(','));
}

/** util.ParseLiteralSource. */
export function parseLiteralSource(source: string): [string, string] {
  const i = source.indexOf('=');
  if (i <= 0) throw new CmdError(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** util.ParseFileSource: `path` (key = basename) or `key=path`. */
export function parseFileSource(source: string): [string, string] {
  const n = source.split('=').length - 1;
  if (n === 0) return [source.replace(/\/+$/, '').split('/').pop() || source, source];
  if (n === 1 && source.startsWith('=')) throw new CmdError(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith('=')) throw new CmdError(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new CmdError(`key names or file paths cannot contain '='`);
  const [k, p] = source.split('=');
  return [k!, p!];
}

type Entry = { kind: 'file'; text: string } | { kind: 'dir'; files: { name: string; path: string }[] } | null;

/** The lab's file store seen as a filesystem: a name is a file, or a directory if names live under it. */
function stat(ctx: KubectlContext, path: string): Entry {
  const p = path.replace(/^\.\//, '').replace(/\/+$/, '');
  const text = ctx.files.read(p);
  if (text !== undefined) return { kind: 'file', text };
  const prefix = p === '.' || p === '' ? '' : p + '/';
  const files = ctx.files
    .list()
    .filter((f) => f.startsWith(prefix) && f.length > prefix.length && !f.slice(prefix.length).includes('/'))
    .sort()
    .map((f) => ({ name: f.slice(prefix.length), path: f }));
  return files.length || p === '.' ? { kind: 'dir', files } : null;
}

/** cmdutil.AddFromEnvFile: KEY=value lines; blank lines and # comments skipped; a bare KEY takes kubectl's (empty) environment value. */
export function parseEnvFile(path: string, text: string, add: (k: string, v: string) => void): void {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.replace(/\r$/, '');
    if (i === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (!line.length || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq >= 0 ? line.slice(0, eq) : line;
    const errs = isEnvVarName(key);
    if (errs.length) throw new CmdError(`${goQuote(key)} is not a valid key name: ${errs.join(';')}`);
    add(key, eq >= 0 ? line.slice(eq + 1) : '');
  });
  void path;
}

function readFileSources(ctx: KubectlContext, sources: string[], add: (k: string, v: string) => void): void {
  for (const src of sources) {
    const [key, path] = parseFileSource(src);
    const e = stat(ctx, path);
    if (!e) throw new CmdError(`error reading ${path}: no such file or directory`);
    if (e.kind === 'dir') {
      if (src.includes('=')) throw new CmdError('cannot give a key name for a directory path');
      for (const f of e.files) add(f.name, ctx.files.read(f.path) ?? '');
    } else add(key, e.text);
  }
}

function readEnvFiles(ctx: KubectlContext, sources: string[], what: 'config' | 'secret', add: (k: string, v: string) => void): void {
  for (const src of sources) {
    const e = stat(ctx, src);
    if (!e) throw new CmdError(`error reading ${src}: no such file or directory`);
    if (e.kind === 'dir') throw new CmdError(`env ${what} file cannot be a directory`);
    parseEnvFile(src, e.text, add);
  }
}

// --- pkg/util/hash (the --append-hash suffix) ---

function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];
  const H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const len = bytes.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const buf = new Uint8Array(total);
  buf.set(bytes);
  buf[len] = 0x80;
  const bits = len * 8;
  const view = new DataView(buf.buffer);
  view.setUint32(total - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(total - 4, bits >>> 0);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15]!, 7) ^ rotr(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3);
      const s1 = rotr(w[i - 2]!, 17) ^ rotr(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = H as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i]! + w[i]!) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    H[0] = (H[0]! + a) >>> 0;
    H[1] = (H[1]! + b) >>> 0;
    H[2] = (H[2]! + c) >>> 0;
    H[3] = (H[3]! + d) >>> 0;
    H[4] = (H[4]! + e) >>> 0;
    H[5] = (H[5]! + f) >>> 0;
    H[6] = (H[6]! + g) >>> 0;
    H[7] = (H[7]! + h) >>> 0;
  }
  return H.map((x) => x.toString(16).padStart(8, '0')).join('');
}

/** Go json.Marshal of maps/strings: sorted keys, HTML-safe escaping. */
function goJSON(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string')
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (typeof v === 'object')
    return (
      '{' +
      Object.keys(v as object)
        .sort()
        .map((k) => `${goJSON(k)}:${goJSON((v as any)[k])}`)
        .join(',') +
      '}'
    );
  return JSON.stringify(v);
}

function encodeHash(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join('');
}

export function configMapHash(cm: any): string {
  const m: any = { kind: 'ConfigMap', name: cm.metadata.name, data: cm.data ?? {} };
  if (cm.binaryData && Object.keys(cm.binaryData).length) m.binaryData = cm.binaryData;
  return encodeHash(sha256Hex(goJSON(m)));
}

export function secretHash(s: any): string {
  return encodeHash(sha256Hex(goJSON({ kind: 'Secret', type: s.type ?? '', name: s.metadata.name, data: s.data ?? {} })));
}

// --- the commands ---

function finish(ctx: KubectlContext, obj: any, label: 'configmap' | 'secret', dry: string | undefined, output: string | undefined, ns: string): CommandResult {
  const io = ctx.io;
  let shown = obj;
  if (dry !== 'client') {
    try {
      const toSend = structuredClone(obj);
      toSend.metadata.namespace = ns;
      if (label === 'secret') toSend.type ??= 'Opaque';
      shown = ctx.cluster.api.create(toSend, { dryRun: dry === 'server' });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      io.err(label === 'configmap' ? `error: failed to create configmap: ${e.message}\n` : `error: failed to create secret ${e.message}\n`);
      return { code: 1 };
    }
  }
  const suffix = dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : '';
  if (output === 'name') io.out(`${label}/${obj.metadata.name}\n`);
  else if (output === 'yaml') io.out(toYaml(forOutput(shown)));
  else if (output === 'json') io.out(JSON.stringify(forOutput(shown), null, 4) + '\n');
  else io.out(`${label}/${obj.metadata.name} created${suffix}\n`);
  return { code: 0 };
}

function common(argv: string[], specs: FlagSpec[], ctx: KubectlContext, pos: number, cmdPath: string) {
  const p = parseFlags(argv, specs);
  const names = p.args.slice(pos);
  if (names.length !== 1) throw new CmdError(`exactly one NAME is required, got ${names.length}\nSee '${cmdPath} -h' for help and examples`);
  const dry = p.flags['dry-run'] as string | undefined;
  if (dry !== undefined && !['client', 'server', 'none'].includes(dry)) throw new CmdError(`Invalid dry-run value (${dry}). Must be "none", "server", or "client".`);
  const output = p.flags.output as string | undefined;
  if (output !== undefined && !['yaml', 'json', 'name'].includes(output))
    throw new CmdError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  const nsSet = p.flags.namespace !== undefined;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const fileSources = slice(p.flags['from-file']);
  const literalSources = (p.flags['from-literal'] as string[] | undefined) ?? [];
  const envFileSources = slice(p.flags['from-env-file']);
  if (envFileSources.length && (fileSources.length || literalSources.length)) throw new CmdError('from-env-file cannot be combined with from-file or from-literal');
  return { p, name: names[0]!, dry: dry === 'none' ? undefined : dry, output, ns, nsSet, fileSources, literalSources, envFileSources };
}

/**
 * `kubectl create configmap|cm NAME [--from-file=[key=]source] [--from-literal=key=value] [--from-env-file=file]`.
 * `argv` is what `create` receives (starting with `configmap` or `cm`). Prints `configmap/NAME created`.
 */
export function createConfigMap(argv: string[], ctx: KubectlContext): CommandResult {
  try {
    const o = common(argv, FLAGS, ctx, 1, 'kubectl create configmap');
    const cm: any = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: o.name, ...(o.nsSet ? { namespace: o.ns } : {}) } };
    const data: Record<string, string> = {};
    const add = (k: string, v: string) => {
      const errs = isConfigMapKey(k);
      if (errs.length) throw new CmdError(`${goQuote(k)} is not a valid key name for a ConfigMap: ${errs.join(',')}`);
      if (Object.prototype.hasOwnProperty.call(data, k)) throw new CmdError(`cannot add key ${goQuote(k)}, another key by that name already exists in Data for ConfigMap ${goQuote(o.name)}`);
      data[k] = v;
    };
    readFileSources(ctx, o.fileSources, add);
    for (const s of o.literalSources) add(...parseLiteralSource(s));
    readEnvFiles(ctx, o.envFileSources, 'config', add);
    if (Object.keys(data).length) cm.data = data;
    if (o.p.flags['append-hash']) cm.metadata.name = `${o.name}-${configMapHash(cm)}`;
    return finish(ctx, cm, 'configmap', o.dry, o.output, o.ns);
  } catch (e) {
    if (!(e instanceof CmdError)) throw e;
    ctx.io.err(`error: ${e.message}\n`);
    return { code: 1 };
  }
}

/**
 * `kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key=value] [--from-env-file=file]`.
 * `argv` is what `create` receives (starting with `secret`). Data is stored base64-encoded. Prints `secret/NAME created`.
 */
export function createSecret(argv: string[], ctx: KubectlContext): CommandResult {
  const io = ctx.io;
  try {
    const sub = parseFlags(argv, SECRET_FLAGS).args[1];
    if (sub === undefined) {
      io.err('Create a secret with specified type.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]\n');
      return { code: 1 };
    }
    if (sub === 'tls' || sub === 'docker-registry') {
      io.err(`error: "kubectl create secret ${sub}" is not available in this lab yet\n`);
      return { code: 1 };
    }
    if (sub !== 'generic') throw new CmdError(`unknown command "${sub}"\nSee 'kubectl create secret -h' for help and examples`);
    const o = common(argv, SECRET_FLAGS, ctx, 2, 'kubectl create secret generic');
    const secret: any = { apiVersion: 'v1', kind: 'Secret', metadata: { name: o.name, ...(o.nsSet ? { namespace: o.ns } : {}) } };
    const type = o.p.flags.type as string | undefined;
    if (type) secret.type = type;
    const data: Record<string, string> = {};
    const add = (k: string, v: string) => {
      const errs = isConfigMapKey(k);
      if (errs.length) throw new CmdError(`${goQuote(k)} is not valid key name for a Secret ${errs.join(';')}`);
      if (Object.prototype.hasOwnProperty.call(data, k)) throw new CmdError(`cannot add key ${k}, another key by that name already exists`);
      data[k] = base64Encode(v);
    };
    for (const s of o.literalSources) add(...parseLiteralSource(s));
    readFileSources(ctx, o.fileSources, add);
    readEnvFiles(ctx, o.envFileSources, 'secret', add);
    secret.data = data;
    if (o.p.flags['append-hash']) secret.metadata.name = `${o.name}-${secretHash(secret)}`;
    if (!Object.keys(data).length) delete secret.data;
    return finish(ctx, secret, 'secret', o.dry, o.output, o.ns);
  } catch (e) {
    if (!(e instanceof CmdError)) throw e;
    io.err(`error: ${e.message}\n`);
    return { code: 1 };
  }
}
