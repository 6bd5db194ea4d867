/**
 * The narrow seam between kubectl (pure) and whatever shows its output: a terminal in the page,
 * or the `podlab run` transcript. Commands may run on virtual time (delete waits, logs -f, exec).
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** A command still running on virtual time. The driver advances the clock until `done` fires. */
export interface Running {
  /** Ctrl-C. */
  interrupt(): void;
  /** Keystrokes for interactive sessions (exec -it). */
  input?(data: string): void;
}

export interface CommandResult {
  /** Exit status when finished synchronously. */
  code?: number;
  /** Present when the command keeps running; `onDone` is called with the exit status. */
  running?: Running;
}

/** Split a command line like a POSIX shell would (quotes, backslashes); no expansion. */
export function tokenize(line: string): { tokens: string[] } | { error: string } {
  const tokens: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: 'unexpected EOF while looking for matching `\'\'' };
      cur += line.slice(i + 1, end);
      has = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const c = line[i]!;
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          cur += line[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          cur += c;
          i++;
        }
      }
      if (!closed) return { error: 'unexpected EOF while looking for matching `"\'' };
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[i + 1];
      has = true;
      i += 2;
    } else if (ch === ' ' || ch === '\t') {
      if (has) tokens.push(cur);
      cur = '';
      has = false;
      i++;
    } else {
      cur += ch;
      has = true;
      i++;
    }
  }
  if (has) tokens.push(cur);
  return { tokens };
}
