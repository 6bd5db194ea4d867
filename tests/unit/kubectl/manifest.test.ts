import { describe, it, expect } from 'vitest';
import { parseManifest } from '~/kubectl/manifest';

describe('manifest decoding (kubectl builder semantics)', () => {
  it('reads multi-document files and skips empty documents', () => {
    const r = parseManifest('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n');
    expect('docs' in r && r.docs.map((d) => d.obj.kind)).toEqual(['Pod', 'Service']);
  });

  it('uses YAML 1.1 like kubectl: 0644 is octal 420, yes is true', () => {
    const r = parseManifest('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  mode: 0644\n  flag: yes\n');
    expect('docs' in r && r.docs[0]!.obj.spec).toEqual({ mode: 420, flag: true });
  });

  it("prints go-yaml's message with the document-relative line", () => {
    const r = parseManifest('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: app: web\n');
    expect(r).toMatchObject({ error: 'error: error parsing pod.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context' });
  });

  it('tabs as indentation are rejected with go-yaml wording', () => {
    const r = parseManifest('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n');
    expect('error' in r && r.error).toContain('found character that cannot start any token');
  });

  it('reports a missing kind like kubectl', () => {
    const r = parseManifest('pod.yaml', 'apiVersion: v1\nmetadata:\n  name: a\n');
    expect(r).toMatchObject({ error: `error: unable to decode "pod.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"a"}}'` });
  });
});
