/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): text with `{...}` actions,
 * `.a.b`, `['k.with.dots']`, `[n]`, `[*]`, `..x`, `[?(@.type=="Ready")]`, `{range}{end}`, string
 * literals `{"\n"}`. Multiple results are joined by a space, as kubectl prints them.
 */
type Seg = { kind: 'field'; name: string } | { kind: 'index'; i: number } | { kind: 'all' } | { kind: 'recurse'; name: string } | { kind: 'filter'; path: Seg[]; op: string; value: string | number | null };

type Node = { kind: 'text'; text: string } | { kind: 'path'; segs: Seg[] } | { kind: 'range'; segs: Seg[]; body: Node[] };

function parsePath(src: string): Seg[] {
  const segs: Seg[] = [];
  let i = 0;
  if (src[0] === '@' || src[0] === '$') i++;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '.') {
      if (src[i + 1] === '.') {
        const m = /^[\w-]+/.exec(src.slice(i + 2));
        segs.push({ kind: 'recurse', name: m?.[0] ?? '' });
        i += 2 + (m?.[0].length ?? 0);
        continue;
      }
      // A field name runs to the next unescaped '.' or '['; `\.` is a literal dot (kubernetes\.io/name).
      let j = i + 1;
      let name = '';
      while (j < src.length && src[j] !== '.' && src[j] !== '[') {
        if (src[j] === '\\' && src[j + 1] === '.') {
          name += '.';
          j += 2;
        } else name += src[j++];
      }
      if (!name) {
        i++;
        continue;
      }
      segs.push({ kind: 'field', name });
      i = j;
    } else if (c === '[') {
      const end = matchBracket(src, i);
      const inner = src.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') segs.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) segs.push({ kind: 'index', i: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) segs.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(')) {
        const expr = inner.slice(2, -1).trim();
        const m = /^(@[^=!<>]*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr);
        if (m) {
          let v: string | number | null = m[3]!.trim();
          if (/^["'].*["']$/.test(v)) v = v.slice(1, -1);
          else if (/^-?\d+(\.\d+)?$/.test(v)) v = Number(v);
          segs.push({ kind: 'filter', path: parsePath(m[1]!.trim()), op: m[2]!, value: v });
        } else segs.push({ kind: 'filter', path: parsePath(expr), op: 'exists', value: null });
      } else throw new Error(`invalid array index ${inner}`);
    } else throw new Error(`unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
  }
  return segs;
}

function matchBracket(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) return j;
  }
  throw new Error('unclosed array expect ]');
}

function evalPath(segs: Seg[], roots: unknown[]): unknown[] {
  let cur = roots;
  for (const s of segs) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (s.kind === 'field') {
        if (v && typeof v === 'object' && !Array.isArray(v) && s.name in (v as any)) next.push((v as any)[s.name]);
      } else if (s.kind === 'index') {
        if (Array.isArray(v)) {
          const idx = s.i < 0 ? v.length + s.i : s.i;
          if (idx >= 0 && idx < v.length) next.push(v[idx]);
          else throw new Error(`array index out of bounds: index ${s.i}, length ${v.length}`);
        }
      } else if (s.kind === 'all') {
        if (Array.isArray(v)) next.push(...v);
        else if (v && typeof v === 'object') next.push(...Object.values(v as object));
      } else if (s.kind === 'recurse') {
        const walk = (x: unknown) => {
          if (Array.isArray(x)) x.forEach(walk);
          else if (x && typeof x === 'object') {
            if (s.name in (x as any)) next.push((x as any)[s.name]);
            Object.values(x as object).forEach(walk);
          }
        };
        walk(v);
      } else if (s.kind === 'filter') {
        const items = Array.isArray(v) ? v : [v];
        for (const it of items) {
          const got = evalPath(s.path, [it]);
          if (s.op === 'exists' ? got.length > 0 : got.some((g) => compare(g, s.op, s.value))) next.push(it);
        }
      }
    }
    cur = next;
  }
  return cur;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
      return String(a) === String(b);
    case '!=':
      return String(a) !== String(b);
    case '<':
      return Number(a) < Number(b);
    case '>':
      return Number(a) > Number(b);
    case '<=':
      return Number(a) <= Number(b);
    case '>=':
      return Number(a) >= Number(b);
  }
  return false;
}

function parseTemplate(t: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < t.length) {
    const open = t.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ kind: 'text', text: t.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ kind: 'text', text: t.slice(i, open) });
    const close = findClose(t, open);
    const action = t.slice(open + 1, close).trim();
    i = close + 1;
    if (/^".*"$|^'.*'$/s.test(action)) {
      stack[stack.length - 1]!.push({ kind: 'text', text: unescape(action.slice(1, -1)) });
    } else if (action.startsWith('range ')) {
      const node: Node = { kind: 'range', segs: parsePath(action.slice(6).trim()), body: [] };
      stack[stack.length - 1]!.push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (stack.length === 1) throw new Error('not in range, nothing to end');
      stack.pop();
    } else stack[stack.length - 1]!.push({ kind: 'path', segs: parsePath(action) });
  }
  return root;
}

function findClose(t: string, open: number): number {
  let inStr: string | null = null;
  for (let j = open + 1; j < t.length; j++) {
    const c = t[j]!;
    if (inStr) {
      if (c === '\\') j++;
      else if (c === inStr) inStr = null;
    } else if (c === '"' || c === "'") inStr = c;
    else if (c === '}') return j;
  }
  throw new Error(`unclosed action`);
}

function unescape(s: string): string {
  return s.replace(/\\([nt"\\])/g, (_, c) => ({ n: '\n', t: '\t', '"': '"', '\\': '\\' })[c as 'n']!);
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function render(nodes: Node[], data: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'path') out += evalPath(n.segs, [data]).map(show).join(' ');
    else for (const item of evalPath(n.segs, [data])) out += render(n.body, item);
  }
  return out;
}

export function jsonpath(template: string, data: unknown): { text: string } | { error: string } {
  try {
    // kubectl wraps a bare path: `-o jsonpath=.metadata.name` → `{.metadata.name}`.
    const t = template.includes('{') ? template : `{${template}}`;
    return { text: render(parseTemplate(t), data) };
  } catch (e) {
    return { error: `error parsing jsonpath ${template}, ${(e as Error).message}` };
  }
}
