/**
 * A port of Go's text/tabwriter (no flags), which kubectl uses for every table and for describe.
 * Cells are tab-terminated; a column is aligned over each block of consecutive lines that have a
 * cell in it, exactly as Go does, so describe's sections line up byte-for-byte.
 */
interface Cell {
  text: string;
  width: number;
}

const ASCII = /^[\x00-\x7f]*$/;

export class TabWriter {
  constructor(
    private readonly minwidth: number,
    private readonly padding: number,
  ) {}

  format(text: string): string {
    const rawLines = text.split('\n');
    const endsWithNewline = text.endsWith('\n');
    if (endsWithNewline) rawLines.pop();
    // Width in runes (Go counts UTF-8 runes); ASCII cells skip the costly code-point split.
    const width = (t: string) => (ASCII.test(t) ? t.length : [...t].length);
    const lines: Cell[][] = rawLines.map((l) => l.split('\t').map((t) => ({ text: t, width: width(t) })));
    const out: string[] = [];
    const widths: number[] = [];
    const writeLines = (line0: number, line1: number) => {
      for (let i = line0; i < line1; i++) {
        const line = lines[i]!;
        let s = '';
        for (let j = 0; j < line.length; j++) {
          const c = line[j]!;
          s += c.text;
          if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j]! - c.width));
        }
        out.push(s);
      }
    };
    const fmt = (line0: number, line1: number): void => {
      const column = widths.length;
      for (let t = line0; t < line1; t++) {
        if (column >= lines[t]!.length - 1) continue;
        writeLines(line0, t);
        line0 = t;
        let width = this.minwidth;
        for (; t < line1; t++) {
          const line = lines[t]!;
          if (column >= line.length - 1) break;
          const w = line[column]!.width + this.padding;
          if (w > width) width = w;
        }
        widths.push(width);
        fmt(line0, t);
        widths.pop();
        line0 = t;
        t--; // the outer loop's t++ must re-examine line `t`
      }
      writeLines(line0, line1);
    };
    fmt(0, lines.length);
    return out.join('\n') + (endsWithNewline ? '\n' : '');
  }
}

/** kubectl get: printers.GetNewTabWriter (minwidth 6, padding 3). */
export function tableWriter(): TabWriter {
  return new TabWriter(6, 3);
}

/** kubectl describe: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export function describeWriter(): TabWriter {
  return new TabWriter(0, 2);
}
