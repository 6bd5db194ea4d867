/**
 * A small cobra/pflag-alike: per-command flag specs, `--flag=v`, `--flag v`, `-n v`, `-nv`,
 * combined booleans `-it`, `--` to end flags, and pflag's error texts.
 */
export type FlagType = 'bool' | 'string' | 'int' | 'strings';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | boolean | number;
}

export interface Parsed {
  flags: Record<string, string | boolean | number | string[]>;
  args: string[];
  /** Arguments after `--` (exec/debug/create job). */
  rest: string[] | null;
  /** Flags the user actually set. */
  set: Set<string>;
}

export class FlagError extends Error {}

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'v', short: 'v', type: 'int' },
  { name: 'request-timeout', type: 'string' },
];

export function parseFlags(argv: string[], specs: FlagSpec[]): Parsed {
  const all = [...specs, ...GLOBAL_FLAGS];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: Parsed['flags'] = {};
  const set = new Set<string>();
  for (const s of all) if (s.default !== undefined) flags[s.name] = s.default;
  const args: string[] = [];
  let rest: string[] | null = null;
  const assign = (s: FlagSpec, v: string | boolean) => {
    set.add(s.name);
    if (s.type === 'bool') {
      if (typeof v === 'string') {
        if (!['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(v)) throw new FlagError(`invalid argument "${v}" for "--${s.name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
        flags[s.name] = ['true', '1', 't', 'TRUE', 'True'].includes(v);
      } else flags[s.name] = v;
    } else if (s.type === 'int') {
      if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new FlagError(`invalid argument "${v}" for "${s.short ? `-${s.short}, ` : ''}--${s.name}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`);
      flags[s.name] = Number(v);
    } else if (s.type === 'strings') {
      flags[s.name] = [...((flags[s.name] as string[]) ?? []), String(v)];
    } else flags[s.name] = String(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const s = byName.get(name);
      if (!s) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) assign(s, a.slice(eq + 1));
      else if (s.type === 'bool') assign(s, true);
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        assign(s, argv[++i]!);
      }
    } else if (a.startsWith('-') && a.length > 1) {
      let j = 1;
      while (j < a.length) {
        const ch = a[j]!;
        const s = byShort.get(ch);
        if (!s) throw new FlagError(`unknown shorthand flag: '${ch}' in ${a}`);
        if (s.type === 'bool') {
          if (a[j + 1] === '=') {
            assign(s, a.slice(j + 2));
            break;
          }
          assign(s, true);
          j++;
          continue;
        }
        const v = a.slice(j + 1);
        if (v.startsWith('=')) assign(s, v.slice(1));
        else if (v) assign(s, v);
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${ch}' in -${ch}`);
          assign(s, argv[++i]!);
        }
        break;
      }
    } else args.push(a);
  }
  return { flags, args, rest, set };
}
