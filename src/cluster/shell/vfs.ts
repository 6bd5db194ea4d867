/**
 * A per-container in-memory filesystem. Volumes are shared `Dir` objects mounted into several
 * containers' trees, so an emptyDir written by one container is read by another, exactly once.
 */

export interface FileNode {
  kind: 'file';
  data: string;
  mode: number;
  mtime: number;
  /** Dynamic content (e.g. /proc files) computed on read. */
  read?: () => string;
  /** Refuse writes with this error text (read-only mounts). */
  readOnly?: boolean;
}

export interface DirNode {
  kind: 'dir';
  entries: Map<string, Node>;
  mode: number;
  mtime: number;
  readOnly?: boolean;
}

export type Node = FileNode | DirNode;

export class FsError extends Error {
  constructor(
    public readonly code: 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EEXIST' | 'EROFS' | 'ENOTEMPTY',
    public readonly path: string,
  ) {
    super(`${code}: ${path}`);
  }
  /** busybox-style reason text, e.g. "No such file or directory". */
  get reason(): string {
    return {
      ENOENT: 'No such file or directory',
      ENOTDIR: 'Not a directory',
      EISDIR: 'Is a directory',
      EEXIST: 'File exists',
      EROFS: 'Read-only file system',
      ENOTEMPTY: 'Directory not empty',
    }[this.code];
  }
}

export function newDir(mode = 0o755, mtime = 0): DirNode {
  return { kind: 'dir', entries: new Map(), mode, mtime };
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/** Normalise `p` against `cwd`, resolving `.` and `..`. */
export function resolvePath(cwd: string, p: string): string {
  const parts = p.startsWith('/') ? [] : splitPath(cwd);
  for (const seg of splitPath(p)) {
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

export class Vfs {
  readonly root: DirNode;
  /** Clock for mtimes. */
  now: () => number;

  constructor(now: () => number = () => 0, root: DirNode = newDir()) {
    this.root = root;
    this.now = now;
  }

  /** Find a node; undefined if missing. */
  lookup(path: string): Node | undefined {
    let node: Node = this.root;
    for (const seg of splitPath(path)) {
      if (seg === '..') return this.lookup(resolvePath('/', path));
      if (node.kind !== 'dir') return undefined;
      const next = node.entries.get(seg);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  exists(path: string): boolean {
    return this.lookup(path) !== undefined;
  }

  isDir(path: string): boolean {
    return this.lookup(path)?.kind === 'dir';
  }

  readFile(path: string): string {
    const n = this.lookup(path);
    if (!n) throw new FsError('ENOENT', path);
    if (n.kind === 'dir') throw new FsError('EISDIR', path);
    return n.read ? n.read() : n.data;
  }

  /** Create or replace a file; parent directories must exist unless `parents` is set. */
  writeFile(path: string, data: string, opts: { append?: boolean; mode?: number; parents?: boolean } = {}): void {
    const { dir, name } = this.parentOf(path, opts.parents ?? false);
    if (dir.readOnly) throw new FsError('EROFS', path);
    const existing = dir.entries.get(name);
    if (existing?.kind === 'dir') throw new FsError('EISDIR', path);
    if (existing?.readOnly) throw new FsError('EROFS', path);
    if (existing) {
      existing.data = opts.append ? existing.data + data : data;
      existing.mtime = this.now();
      return;
    }
    dir.entries.set(name, { kind: 'file', data, mode: opts.mode ?? 0o644, mtime: this.now() });
  }

  /** Install a dynamic file (e.g. /proc/1/cmdline). */
  defineFile(path: string, read: () => string, mode = 0o444): void {
    const { dir, name } = this.parentOf(path, true);
    dir.entries.set(name, { kind: 'file', data: '', mode, mtime: this.now(), read, readOnly: true });
  }

  mkdir(path: string, parents = false): void {
    if (parents) {
      let node: DirNode = this.root;
      for (const seg of splitPath(path)) {
        const next = node.entries.get(seg);
        if (!next) {
          if (node.readOnly) throw new FsError('EROFS', path);
          const d = newDir(0o755, this.now());
          node.entries.set(seg, d);
          node = d;
        } else if (next.kind === 'dir') node = next;
        else throw new FsError('ENOTDIR', path);
      }
      return;
    }
    const { dir, name } = this.parentOf(path, false);
    if (dir.entries.has(name)) throw new FsError('EEXIST', path);
    if (dir.readOnly) throw new FsError('EROFS', path);
    dir.entries.set(name, newDir(0o755, this.now()));
  }

  /** Remove a file, or a directory if `recursive` (or empty). */
  remove(path: string, recursive = false): void {
    const { dir, name } = this.parentOf(path, false);
    const n = dir.entries.get(name);
    if (!n) throw new FsError('ENOENT', path);
    if (dir.readOnly || n.readOnly) throw new FsError('EROFS', path);
    if (n.kind === 'dir' && !recursive) {
      if (n.entries.size > 0) throw new FsError('ENOTEMPTY', path);
    }
    dir.entries.delete(name);
  }

  /** Names in a directory, sorted as `ls` prints them. */
  list(path: string): string[] {
    const n = this.lookup(path);
    if (!n) throw new FsError('ENOENT', path);
    if (n.kind !== 'dir') throw new FsError('ENOTDIR', path);
    return [...n.entries.keys()].sort();
  }

  /** Mount a shared directory at `path` (creating parents). The same DirNode may be mounted in many Vfs. */
  mount(path: string, dir: DirNode): void {
    const { dir: parent, name } = this.parentOf(path, true);
    parent.entries.set(name, dir);
  }

  /** Update file mtime or create an empty file (touch). */
  touch(path: string): void {
    const n = this.lookup(path);
    if (n) {
      if (n.readOnly) throw new FsError('EROFS', path);
      n.mtime = this.now();
      return;
    }
    this.writeFile(path, '');
  }

  private parentOf(path: string, parents: boolean): { dir: DirNode; name: string } {
    const parts = splitPath(resolvePath('/', path));
    const name = parts.pop();
    if (name === undefined) throw new FsError('EISDIR', path);
    let node: DirNode = this.root;
    for (const seg of parts) {
      let next = node.entries.get(seg);
      if (!next) {
        if (!parents) throw new FsError('ENOENT', path);
        next = newDir(0o755, this.now());
        node.entries.set(seg, next);
      }
      if (next.kind !== 'dir') throw new FsError('ENOTDIR', path);
      node = next;
    }
    return { dir: node, name };
  }
}
