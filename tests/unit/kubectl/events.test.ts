import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { TerminalSession } from '~/kubectl/session';

function lab() {
  const c = new Cluster();
  let out = '';
  const s = new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t: string) => (out += t) });
  const run = (line: string) => {
    out = '';
    s.runLine(line);
    return out;
  };
  return { c, run };
}

describe('kubectl events', () => {
  it('says when there are none', () => {
    expect(lab().run('kubectl events')).toBe('No events found in default namespace.\n');
  });

  it('sorts by last seen, prints Kind/name and repeat counts, filters with --for and --types', () => {
    const { c, run } = lab();
    run('kubectl run bad --image=nginx:doesnotexist');
    c.advance(90_000);
    const all = run('kubectl events').split('\n');
    expect(all[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(all[1]).toMatch(/^90s\s+Normal\s+Scheduled\s+Pod\/bad\s+Successfully assigned default\/bad to node0\d$/);
    expect(all.some((l) => /^\d+s \(x\d over \d+s\)\s+Warning\s+Failed\s+Pod\/bad\s+Error: ErrImagePull$/.test(l))).toBe(true);
    const warnings = run('kubectl events --for pod/bad --types=Warning').trimEnd().split('\n').slice(1);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((l) => /\sWarning\s/.test(l))).toBe(true);
    expect(run('kubectl events --types=Info')).toBe('error: valid --types are Normal or Warning\n');
    expect(run('kubectl events -A --for pod/bad').split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN/);
  });
});
