/**
 * JS a chapter page ships before its lab scrolls into view: every <script type=module src> in the
 * built HTML plus the chunks those import statically (dynamic import() chunks are excluded: they
 * load when the lab boots). Budget: ≤ 100 KB gzip.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function eagerJs(dist: string, page: string): { files: string[]; gzip: number } {
  const html = readFileSync(join(dist, page), 'utf8');
  const queue = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  // Inline module scripts may import chunks too.
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) for (const i of m[1]!.matchAll(/import\s*(?:[^'"()]*?from\s*)?["']([^"']+\.js)["']/g)) queue.push(i[1]!);
  const seen = new Set<string>();
  let gzip = 0;
  let inlineGzip = 0;
  for (const m of html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)) inlineGzip += gzipSync(m[1]!).length;
  while (queue.length) {
    const src = queue.shift()!;
    const file = join(dist, src.replace(/^\//, ''));
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    gzip += gzipSync(code).length;
    const dir = src.slice(0, src.lastIndexOf('/') + 1);
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) {
      const spec = m[1]!;
      queue.push(spec.startsWith('.') ? dir + spec.replace(/^\.\//, '') : spec);
    }
  }
  return { files: [...seen].map((f) => f.slice(dist.length)), gzip: gzip + inlineGzip };
}
