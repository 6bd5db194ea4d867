/**
 * Shell patterns (`case`, `${x#pat}`, pathname globbing). Patterns arrive with quoted characters
 * backslash-escaped by the expander, so `"*"` stays literal while `*` matches.
 */
import type { Vfs } from './vfs';
import { resolvePath } from './vfs';

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

const cache = new Map<string, RegExp>();

function reEscape(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? '\\' + c : c;
}

/** Regex source for a glob pattern (no anchors). */
export function globSource(pat: string): string {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) re += reEscape(pat[++i]!);
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const end = classEnd(pat, i);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pat.slice(i + 1, end);
      let neg = false;
      if (body[0] === '!' || body[0] === '^') {
        neg = true;
        body = body.slice(1);
      }
      let cls = '';
      for (let j = 0; j < body.length; j++) {
        const m = /^\[:([a-z]+):\]/.exec(body.slice(j));
        if (m && CLASSES[m[1]!]) {
          cls += CLASSES[m[1]!];
          j += m[0].length - 1;
        } else if (body[j] === '\\' && j + 1 < body.length) cls += reEscape(body[++j]!);
        else if (body[j] === '-' && j > 0 && j < body.length - 1) cls += '-';
        else cls += reEscape(body[j]!);
      }
      re += (neg ? '[^' : '[') + cls + ']';
      i = end;
    } else re += reEscape(c);
  }
  return re;
}

/** Index of the `]` closing a bracket expression at `i`, or -1. */
function classEnd(pat: string, i: number): number {
  let j = i + 1;
  if (pat[j] === '!' || pat[j] === '^') j++;
  if (pat[j] === ']') j++;
  for (; j < pat.length; j++) {
    if (pat[j] === '[' && pat[j + 1] === ':') {
      const e = pat.indexOf(':]', j + 2);
      if (e > 0) {
        j = e + 1;
        continue;
      }
    }
    if (pat[j] === ']') return j;
  }
  return -1;
}

/** Whole-string match of a glob pattern. */
export function globMatch(pat: string, s: string): boolean {
  let re = cache.get(pat);
  if (!re) {
    if (cache.size > 500) cache.clear();
    re = new RegExp('^' + globSource(pat) + '$');
    cache.set(pat, re);
  }
  return re.test(s);
}

/** True when the pattern has an unescaped `*`, `?` or `[`. */
export function hasMagic(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

export function unescapePattern(pat: string): string {
  return pat.replace(/\\([\s\S])/g, '$1');
}

/** Pathname expansion against the vfs; returns sorted matches, or [] when nothing matches. */
export function globPaths(fs: Vfs, cwd: string, pat: string): string[] {
  const abs = pat.startsWith('/');
  const segs = pat.split('/').filter((s) => s !== '');
  let prefixes = [abs ? '/' : ''];
  for (const seg of segs) {
    const next: string[] = [];
    if (!hasMagic(seg)) {
      const name = unescapePattern(seg);
      for (const p of prefixes) next.push(p + name + '/');
    } else {
      for (const p of prefixes) {
        const dir = resolvePath(cwd, p || '.');
        let names: string[];
        try {
          names = fs.list(dir);
        } catch {
          continue;
        }
        const dot = seg.startsWith('.') || seg.startsWith('\\.');
        for (const n of names) {
          if (n.startsWith('.') && !dot) continue;
          if (globMatch(seg, n)) next.push(p + n + '/');
        }
      }
    }
    prefixes = next;
    if (!prefixes.length) return [];
  }
  const trailing = pat.endsWith('/');
  const out: string[] = [];
  for (const p of prefixes) {
    const path = trailing ? p : p.slice(0, -1);
    const node = fs.lookup(resolvePath(cwd, path));
    if (!node || (trailing && node.kind !== 'dir')) continue;
    out.push(path);
  }
  return out.sort();
}
