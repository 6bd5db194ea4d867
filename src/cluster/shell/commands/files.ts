/** File applets over the vfs, with busybox's messages. */
import { applet } from './registry';
import { MONTHS, abs, fsReason, getopt, inputs, wallMs } from './util';
import type { Fds } from '../io';
import { globMatch } from '../pattern';
import type { Shell } from '../state';
import { FsError, type DirNode, type Node } from '../vfs';

function usage(io: Fds, name: string, msg: string): number {
  io.err.write(`${name}: ${msg}\n`);
  return 1;
}

applet('cat', function* (sh, io, argv) {
  const o = getopt(argv, 'nuAevt');
  if (typeof o === 'string') return usage(io, 'cat', o);
  if (!o.flags.has('n') && (o.args.length === 0 || (o.args.length === 1 && o.args[0] === '-'))) {
    // Stream stdin through as it arrives (a tty delivers it line by line).
    for (;;) {
      const d = io.in.read();
      if (d === null) return 0;
      if (d !== undefined) {
        io.out.write(d);
        continue;
      }
      const r = yield* sh.th.waitInput();
      if (r) return 128 + r;
    }
  }
  let n = 0;
  return yield* inputs(sh, io, 'cat', o.args, (text) => {
    if (!o.flags.has('n')) return io.out.write(text);
    const ls = text.split('\n');
    const last = ls.pop();
    io.out.write(ls.map((l) => `${String(++n).padStart(6)}\t${l}\n`).join('') + (last ? `${String(++n).padStart(6)}\t${last}` : ''));
  });
});

// ---- ls ----------------------------------------------------------------------------------

function modeString(n: Node): string {
  const m = n.mode;
  let s = n.kind === 'dir' ? 'd' : '-';
  for (const shift of [6, 3, 0]) {
    const b = (m >> shift) & 7;
    s += (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  }
  return s;
}

function size(n: Node): number {
  return n.kind === 'dir' ? 4096 : (n.read ? n.read() : n.data).length;
}

function human(b: number): string {
  if (b < 1024) return String(b);
  const units = ['K', 'M', 'G', 'T'];
  let v = b;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return (v < 10 ? v.toFixed(1) : Math.round(v).toString()) + units[u];
}

function lsDate(sh: Shell, mtime: number): string {
  const ms = wallMs(sh, mtime);
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const mon = MONTHS[d.getUTCMonth()]!;
  const now = wallMs(sh, sh.proc.host.now());
  if (Math.abs(now - ms) < 182 * 86400000) {
    return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  }
  return `${mon} ${day}  ${d.getUTCFullYear()}`;
}

function longLine(sh: Shell, n: Node, name: string, h: boolean): string {
  const links = n.kind === 'dir' ? 2 + [...n.entries.values()].filter((e) => e.kind === 'dir').length : 1;
  const sz = h ? human(size(n)) : String(size(n));
  return `${modeString(n)} ${String(links).padStart(4)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${sz.padStart(9)} ${lsDate(sh, n.mtime)} ${name}`;
}

/** Names in columns (down then across) the way ls prints to an 80-column terminal. */
function columns(names: string[]): string {
  if (!names.length) return '';
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const cols = Math.max(1, Math.floor(80 / width));
  const rows = Math.ceil(names.length / cols);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      const i = c * rows + r;
      if (i >= names.length) break;
      const last = (c + 1) * rows + r >= names.length;
      line += last ? names[i] : names[i]!.padEnd(width);
    }
    out += line + '\n';
  }
  return out;
}

applet('ls', (sh, io, argv) => {
  const o = getopt(argv, 'laA1dhtrRFC');
  if (typeof o === 'string') return usage(io, 'ls', o);
  const f = o.flags;
  const long = f.has('l');
  const fs = sh.proc.host.fs;
  const targets = o.args.length ? o.args : ['.'];
  let st = 0;
  const files: [string, Node][] = [];
  const dirs: [string, DirNode][] = [];
  for (const t of targets) {
    const n = fs.lookup(abs(sh, t));
    if (!n) {
      io.err.write(`ls: ${t}: No such file or directory\n`);
      st = 1;
    } else if (n.kind === 'dir' && !f.has('d')) dirs.push([t, n]);
    else files.push([t, n]);
  }
  const sortEntries = (e: [string, Node][]): [string, Node][] => {
    const s = e.slice();
    if (f.has('t')) s.sort((a, b) => b[1].mtime - a[1].mtime || (a[0] < b[0] ? -1 : 1));
    if (f.has('r')) s.reverse();
    return s;
  };
  const print = (entries: [string, Node][], withTotal: boolean): string => {
    if (long) {
      let out = '';
      if (withTotal) {
        const blocks = entries.reduce((acc, [, n]) => acc + Math.ceil(size(n) / 4096) * 4, 0);
        out += `total ${blocks}\n`;
      }
      for (const [name, n] of entries) out += longLine(sh, n, name, f.has('h')) + '\n';
      return out;
    }
    const names = entries.map(([name, n]) => name + (f.has('F') && n.kind === 'dir' ? '/' : ''));
    if (io.out.tty && !f.has('1')) return columns(names);
    return names.map((n) => n + '\n').join('');
  };
  let out = print(sortEntries(files), false);
  const multi = targets.length > 1 || f.has('R');
  const listDir = (label: string, d: DirNode, path: string): void => {
    const entries: [string, Node][] = [];
    if (f.has('a')) entries.push(['.', d], ['..', fs.lookup(path + '/..') ?? d]);
    for (const name of [...d.entries.keys()].sort()) {
      if (name.startsWith('.') && !f.has('a') && !f.has('A')) continue;
      entries.push([name, d.entries.get(name)!]);
    }
    if (out || multi) out += (out ? '\n' : '') + `${label}:\n`;
    out += print(sortEntries(entries), true);
    if (f.has('R')) {
      for (const [name, n] of entries) {
        if (n.kind === 'dir' && name !== '.' && name !== '..') listDir(`${label}/${name}`, n, `${path}/${name}`);
      }
    }
  };
  for (const [label, d] of dirs) listDir(label, d, abs(sh, label));
  io.out.write(out);
  return st;
});

// ---- create / remove -------------------------------------------------------------------------

applet('touch', (sh, io, argv) => {
  const o = getopt(argv, 'cam');
  if (typeof o === 'string') return usage(io, 'touch', o);
  let st = 0;
  const fs = sh.proc.host.fs;
  for (const a of o.args) {
    const p = abs(sh, a);
    if (o.flags.has('c') && !fs.exists(p)) continue;
    try {
      fs.touch(p);
    } catch (e) {
      io.err.write(`touch: ${a}: ${fsReason(e)}\n`);
      st = 1;
    }
  }
  return st;
});

applet('rm', (sh, io, argv) => {
  const o = getopt(argv, 'frRiv');
  if (typeof o === 'string') return usage(io, 'rm', o);
  const force = o.flags.has('f');
  const rec = o.flags.has('r') || o.flags.has('R');
  if (!o.args.length && !force) return usage(io, 'rm', 'missing operand');
  const fs = sh.proc.host.fs;
  let st = 0;
  for (const a of o.args) {
    const p = abs(sh, a);
    const n = fs.lookup(p);
    if (!n) {
      if (!force) {
        io.err.write(`rm: can't remove '${a}': No such file or directory\n`);
        st = 1;
      }
      continue;
    }
    if (n.kind === 'dir' && !rec) {
      io.err.write(`rm: '${a}' is a directory\n`);
      st = 1;
      continue;
    }
    try {
      fs.remove(p, true);
      if (o.flags.has('v')) io.out.write(`removed '${a}'\n`);
    } catch (e) {
      io.err.write(`rm: can't remove '${a}': ${fsReason(e)}\n`);
      st = 1;
    }
  }
  return st;
});

applet('rmdir', (sh, io, argv) => {
  let st = 0;
  const fs = sh.proc.host.fs;
  for (const a of argv.slice(1)) {
    const p = abs(sh, a);
    const n = fs.lookup(p);
    try {
      if (!n) throw new FsError('ENOENT', p);
      if (n.kind !== 'dir') throw new FsError('ENOTDIR', p);
      fs.remove(p, false);
    } catch (e) {
      io.err.write(`rmdir: '${a}': ${fsReason(e)}\n`);
      st = 1;
    }
  }
  return st;
});

applet('mkdir', (sh, io, argv) => {
  const o = getopt(argv, 'pm:v');
  if (typeof o === 'string') return usage(io, 'mkdir', o);
  const fs = sh.proc.host.fs;
  let st = 0;
  for (const a of o.args) {
    const p = abs(sh, a);
    try {
      fs.mkdir(p, o.flags.has('p'));
      const mode = o.vals.get('m');
      const n = fs.lookup(p);
      if (mode && n && /^[0-7]+$/.test(mode)) n.mode = parseInt(mode, 8);
    } catch (e) {
      io.err.write(`mkdir: can't create directory '${a}': ${fsReason(e)}\n`);
      st = 1;
    }
  }
  return st;
});

function copyNode(n: Node, now: number): Node {
  if (n.kind === 'file') return { kind: 'file', data: n.read ? n.read() : n.data, mode: n.mode, mtime: now };
  const d: DirNode = { kind: 'dir', entries: new Map(), mode: n.mode, mtime: now };
  for (const [k, v] of n.entries) d.entries.set(k, copyNode(v, now));
  return d;
}

/** Place `node` at `dest` (or inside it when it is a directory). */
function place(sh: Shell, node: Node, src: string, dest: string): void {
  const fs = sh.proc.host.fs;
  let target = abs(sh, dest);
  if (fs.lookup(target)?.kind === 'dir') target = `${target === '/' ? '' : target}/${src.replace(/\/+$/, '').split('/').pop()}`;
  const slash = target.lastIndexOf('/');
  const parentPath = target.slice(0, slash) || '/';
  const parent = fs.lookup(parentPath);
  if (!parent) throw new FsError('ENOENT', target);
  if (parent.kind !== 'dir') throw new FsError('ENOTDIR', target);
  if (parent.readOnly) throw new FsError('EROFS', target);
  if (node.kind === 'file') fs.writeFile(target, node.data, { mode: node.mode });
  else parent.entries.set(target.slice(slash + 1), node);
}

applet(['cp', 'mv'], (sh, io, argv) => {
  const name = argv[0]!.split('/').pop()!;
  const o = getopt(argv, 'rRafpvin');
  if (typeof o === 'string') return usage(io, name, o);
  const rec = name === 'mv' || o.flags.has('r') || o.flags.has('R') || o.flags.has('a');
  if (o.args.length < 2) return usage(io, name, 'missing operand');
  const dest = o.args[o.args.length - 1]!;
  const fs = sh.proc.host.fs;
  let st = 0;
  for (const src of o.args.slice(0, -1)) {
    const n = fs.lookup(abs(sh, src));
    if (!n) {
      io.err.write(`${name}: can't stat '${src}': No such file or directory\n`);
      st = 1;
      continue;
    }
    if (n.kind === 'dir' && !rec) {
      io.err.write(`${name}: omitting directory '${src}'\n`);
      st = 1;
      continue;
    }
    try {
      place(sh, copyNode(n, sh.proc.host.now()), src, dest);
      if (name === 'mv') fs.remove(abs(sh, src), true);
    } catch (e) {
      io.err.write(`${name}: can't create '${dest}': ${fsReason(e)}\n`);
      st = 1;
    }
  }
  return st;
});

// ---- metadata ----------------------------------------------------------------------------

function fmtTime(sh: Shell, mtime: number): string {
  return new Date(wallMs(sh, mtime)).toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1000000 +0000');
}

applet('stat', (sh, io, argv) => {
  const o = getopt(argv, 'c:Lft', { format: 'c' });
  if (typeof o === 'string') return usage(io, 'stat', o);
  let st = 0;
  for (const a of o.args) {
    const n = sh.proc.host.fs.lookup(abs(sh, a));
    if (!n) {
      io.err.write(`stat: can't stat '${a}': No such file or directory\n`);
      st = 1;
      continue;
    }
    const sz = size(n);
    const fmt = o.vals.get('c');
    if (fmt !== undefined) {
      const out = fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
        switch (c) {
          case 's': return String(sz);
          case 'n': return a;
          case 'a': return n.mode.toString(8);
          case 'A': return modeString(n);
          case 'F': return n.kind === 'dir' ? 'directory' : sz ? 'regular file' : 'regular empty file';
          case 'U':
          case 'G': return 'root';
          case 'u':
          case 'g': return '0';
          case 'Y': return String(Math.floor(wallMs(sh, n.mtime) / 1000));
          case 'y': return fmtTime(sh, n.mtime);
          case '%': return '%';
        }
        return m;
      });
      io.out.write(out + '\n');
      continue;
    }
    const type = n.kind === 'dir' ? 'directory' : sz ? 'regular file' : 'regular empty file';
    const t = fmtTime(sh, n.mtime);
    io.out.write(
      `  File: ${a}\n` +
        `  Size: ${String(sz).padEnd(10)}\tBlocks: ${String(Math.ceil(sz / 512)).padEnd(10)} IO Block: 4096   ${type}\n` +
        `Access: (${n.mode.toString(8).padStart(4, '0')}/${modeString(n)})  Uid: (    0/    root)   Gid: (    0/    root)\n` +
        `Access: ${t}\nModify: ${t}\nChange: ${t}\n`,
    );
  }
  return st;
});

/** Apply a chmod mode (octal or symbolic like u+x, go-w, a=r) to a mode. */
function applyMode(spec: string, mode: number, isDir: boolean): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let m = mode;
  for (const clause of spec.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxX]*)$/.exec(clause);
    if (!c) return null;
    const who = c[1] || 'a';
    let bits = 0;
    for (const p of c[3]!) bits |= p === 'r' ? 4 : p === 'w' ? 2 : p === 'x' || (p === 'X' && (isDir || mode & 0o111)) ? 1 : 0;
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= bits << 6;
    if (who.includes('g') || who.includes('a')) mask |= bits << 3;
    if (who.includes('o') || who.includes('a')) mask |= bits;
    let whoMask = 0;
    if (who.includes('u') || who.includes('a')) whoMask |= 0o700;
    if (who.includes('g') || who.includes('a')) whoMask |= 0o070;
    if (who.includes('o') || who.includes('a')) whoMask |= 0o007;
    if (c[2] === '+') m |= mask;
    else if (c[2] === '-') m &= ~mask;
    else m = (m & ~whoMask) | mask;
  }
  return m;
}

applet('chmod', (sh, io, argv) => {
  const args = argv.slice(1).filter((a) => a !== '-R' && a !== '-v' && a !== '-f');
  const spec = args[0];
  if (spec === undefined || args.length < 2) return usage(io, 'chmod', 'missing operand');
  let st = 0;
  for (const a of args.slice(1)) {
    const n = sh.proc.host.fs.lookup(abs(sh, a));
    if (!n) {
      io.err.write(`chmod: ${a}: No such file or directory\n`);
      st = 1;
      continue;
    }
    if (n.readOnly) {
      io.err.write(`chmod: ${a}: Read-only file system\n`);
      st = 1;
      continue;
    }
    const m = applyMode(spec, n.mode, n.kind === 'dir');
    if (m === null) {
      io.err.write(`chmod: invalid mode '${spec}'\n`);
      return 1;
    }
    n.mode = m;
  }
  return st;
});

applet(['chown', 'chgrp'], (sh, io, argv) => {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  let st = 0;
  for (const a of args.slice(1)) {
    if (!sh.proc.host.fs.exists(abs(sh, a))) {
      io.err.write(`${argv[0]}: ${a}: No such file or directory\n`);
      st = 1;
    }
  }
  return st;
});

applet('basename', (sh, io, argv) => {
  const p = argv[1];
  if (p === undefined) return usage(io, 'basename', 'missing operand');
  let b = p.replace(/\/+$/, '').split('/').pop() || (p.startsWith('/') ? '/' : '');
  const suf = argv[2];
  if (suf && b.endsWith(suf) && b !== suf) b = b.slice(0, -suf.length);
  io.out.write(b + '\n');
  return 0;
});

applet('dirname', (sh, io, argv) => {
  const p = argv[1];
  if (p === undefined) return usage(io, 'dirname', 'missing operand');
  const t = p.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  io.out.write((i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i).replace(/\/+$/, '') || '/') + '\n');
  return 0;
});

applet('find', (sh, io, argv) => {
  const roots: string[] = [];
  let i = 1;
  while (i < argv.length && !argv[i]!.startsWith('-')) roots.push(argv[i++]!);
  if (!roots.length) roots.push('.');
  let name: string | null = null;
  let iname = false;
  let type: string | null = null;
  let maxDepth = Infinity;
  let minDepth = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    if ((a === '-name' || a === '-iname') && v !== undefined) {
      name = a === '-iname' ? v.toLowerCase() : v;
      iname = a === '-iname';
      i++;
    } else if (a === '-type' && v !== undefined) {
      type = v;
      i++;
    } else if (a === '-maxdepth' && v !== undefined) {
      maxDepth = Number(v);
      i++;
    } else if (a === '-mindepth' && v !== undefined) {
      minDepth = Number(v);
      i++;
    } else if (a !== '-print') {
      io.err.write(`find: unrecognized: ${a}\n`);
      return 1;
    }
  }
  let out = '';
  let st = 0;
  const walk = (path: string, n: Node, depth: number): void => {
    const base = path.split('/').pop() || path;
    const nameOk = name === null || globMatch(name, iname ? base.toLowerCase() : base);
    const typeOk = type === null || (type === 'd' ? n.kind === 'dir' : type === 'f' ? n.kind === 'file' : false);
    if (depth >= minDepth && nameOk && typeOk) out += path + '\n';
    if (n.kind === 'dir' && depth < maxDepth) {
      for (const k of [...n.entries.keys()].sort()) walk(`${path === '/' ? '' : path.replace(/\/$/, '')}/${k}`, n.entries.get(k)!, depth + 1);
    }
  };
  for (const r of roots) {
    const n = sh.proc.host.fs.lookup(abs(sh, r));
    if (!n) {
      io.err.write(`find: ${r}: No such file or directory\n`);
      st = 1;
      continue;
    }
    walk(r, n, 0);
  }
  io.out.write(out);
  return st;
});
