/**
 * Reading manifests the way kubectl's resource builder does: YAML 1.1 (so `0644` is 420), one
 * object per document, go-yaml's error texts, and decode errors for missing kind/apiVersion.
 * Everything is decoded before anything is sent, so a broken document means nothing is applied.
 */
import { parseAllDocuments, LineCounter, type YAMLError } from 'yaml';
import type { KObject } from '../cluster/objects';

export interface ManifestDoc {
  obj: KObject;
  /** 1-based line of the document's first line in the file (for editor markers). */
  line: number;
}

export type ManifestResult = { docs: ManifestDoc[] } | { error: string; line?: number };

/** go-yaml's wording for what eemeli/yaml reports. */
function goYamlMessage(e: YAMLError): string {
  switch (e.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context';
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token';
    case 'MISSING_CHAR':
      return /quote|"|'/.test(e.message) ? 'found unexpected end of stream' : "could not find expected ':'";
    case 'BAD_INDENT':
    case 'UNEXPECTED_TOKEN':
      return /sequence|-/.test(e.message) ? "did not find expected '-' indicator" : 'did not find expected key';
    case 'DUPLICATE_KEY':
      return 'duplicate key';
    case 'BLOCK_IN_FLOW':
    case 'BAD_COLLECTION_TYPE':
      return "did not find expected ',' or ']'";
    default:
      return e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  }
}

export function parseManifest(source: string, text: string): ManifestResult {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, version: '1.1', prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ManifestDoc[] = [];
  for (const doc of list) {
    const docStart = doc.range ? lc.linePos(doc.range[0]).line : 1;
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const absLine = e.linePos?.[0]?.line ?? (e.pos ? lc.linePos(e.pos[0]).line : docStart);
      // go-yaml counts lines within the document chunk kubectl split off at `---`.
      const rel = absLine - docStart + 1;
      if (e.code === 'DUPLICATE_KEY') {
        const key = /"?([^"]+)"?/.exec(e.message.replace(/^Map keys must be unique.*$/s, ''))?.[1];
        void key;
        return { error: `error: error parsing ${source}: error converting YAML to JSON: yaml: unmarshal errors:\n  line ${rel}: mapping key already defined`, line: absLine };
      }
      return { error: `error: error parsing ${source}: error converting YAML to JSON: yaml: line ${rel}: ${goYamlMessage(e)}`, line: absLine };
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue; // empty document
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { error: `error: error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`, line: docStart };
    }
    const obj = value as any;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push({ obj: item, line: docStart });
      continue;
    }
    if (!obj.apiVersion || !obj.kind) {
      const which = !obj.kind ? 'Kind' : 'apiVersion';
      return { error: `error: unable to decode "${source}": Object '${which}' is missing in '${JSON.stringify(obj)}'`, line: docStart };
    }
    obj.metadata ??= {};
    out.push({ obj, line: docStart });
  }
  return { docs: out };
}
