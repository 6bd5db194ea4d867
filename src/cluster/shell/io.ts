/**
 * File descriptors as the interpreter sees them: stdin/stdout/stderr objects that redirections
 * swap. Outputs write through immediately so the runtime can timestamp log lines as produced.
 */
import type { Vfs } from './vfs';

export interface Output {
  write(s: string): void;
  /** Output goes to a terminal (ls prints columns). */
  readonly tty: boolean;
  /** A pipe whose reader would have gone away (lets `yes | head` end). */
  readonly full?: boolean;
}

export interface Input {
  /** Next line including its newline (the last may lack one); null at EOF; undefined: wait. */
  readLine(): string | null | undefined;
  /** Everything available now; null at EOF; undefined: wait. */
  read(): string | null | undefined;
}

export interface Fds {
  in: Input;
  out: Output;
  err: Output;
}

export const NULL_OUT: Output = { write() {}, tty: false };

export const EMPTY_IN: Input = {
  readLine: () => null,
  read: () => null,
};

/** `$(...)` and pipe buffers. */
export class Capture implements Output {
  readonly tty = false;
  private chunks: string[] = [];
  private size = 0;
  write(s: string): void {
    this.chunks.push(s);
    this.size += s.length;
  }
  get full(): boolean {
    return this.size > 65536;
  }
  text(): string {
    return this.chunks.join('');
  }
}

export class StringInput implements Input {
  private pos = 0;
  constructor(private readonly s: string) {}
  readLine(): string | null {
    if (this.pos >= this.s.length) return null;
    const nl = this.s.indexOf('\n', this.pos);
    const end = nl < 0 ? this.s.length : nl + 1;
    const line = this.s.slice(this.pos, end);
    this.pos = end;
    return line;
  }
  read(): string | null {
    if (this.pos >= this.s.length) return null;
    const rest = this.s.slice(this.pos);
    this.pos = this.s.length;
    return rest;
  }
}

/** Appends to a vfs file on every write, so readers in other containers see data immediately. */
export class FileOutput implements Output {
  readonly tty = false;
  constructor(
    private readonly fs: Vfs,
    private readonly path: string,
  ) {}
  write(s: string): void {
    try {
      this.fs.writeFile(this.path, s, { append: true });
    } catch {
      // The file vanished or became read-only under us: data is lost, as with a deleted inode.
    }
  }
}

/** Writes to a runtime-provided device (e.g. /proc/1/fd/1). */
export class FnOutput implements Output {
  readonly tty = false;
  constructor(private readonly fn: (s: string) => void) {}
  write(s: string): void {
    this.fn(s);
  }
}
