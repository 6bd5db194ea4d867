/** Label selectors: map form (Service, nodeSelector) and LabelSelector (matchLabels + matchExpressions). */
export function matchesSelector(sel: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in sel) if (labels[k] !== sel[k]) return false;
  return true;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function matchesLabelSelector(sel: LabelSelector, labels: Record<string, string>): boolean {
  if (sel.matchLabels && !matchesSelector(sel.matchLabels, labels)) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = r.key in labels;
    const v = labels[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !(r.values ?? []).includes(v!)) return false;
        break;
      case 'NotIn':
        if (has && (r.values ?? []).includes(v!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/**
 * kubectl `-l` syntax: `app=web`, `app!=web`, `tier in (a,b)`, `tier notin (a)`, `app`, `!app`.
 * Returns null with an error message when malformed.
 */
export function parseSelector(s: string): { sel: LabelSelector } | { error: string } {
  const sel: LabelSelector = { matchLabels: {}, matchExpressions: [] };
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3]!.split(',').map((v) => v.trim()).filter(Boolean) });
    } else if ((m = /^([\w./-]+)\s*!=\s*([\w.-]*)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1]!, operator: 'NotIn', values: [m[2]!] });
    } else if ((m = /^([\w./-]+)\s*==?\s*([\w.-]*)$/.exec(p))) {
      sel.matchLabels![m[1]!] = m[2]!;
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1]!, operator: 'DoesNotExist' });
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      sel.matchExpressions!.push({ key: m[1]!, operator: 'Exists' });
    } else {
      return { error: `unable to parse requirement: found '${p}', expected: identifier` };
    }
  }
  return { sel };
}
