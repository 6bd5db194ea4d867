/**
 * A small sed: addresses (N, $, /re/, ranges) with s///[gpI N], d, p, q and -n/-i/-e/-E.
 * Enough for the config templating container scripts do (`sed -i "s/PORT/$PORT/" conf`).
 */
import { applet } from './registry';
import { abs, fsReason, readAll, readFile } from './util';
import { posixRegex } from './text';

type Addr = { k: 'line'; n: number } | { k: 'last' } | { k: 're'; re: RegExp };

interface Cmd {
  a1: Addr | null;
  a2: Addr | null;
  neg: boolean;
  op: string;
  re?: RegExp;
  rep?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  inRange: boolean;
}

class SedError extends Error {}

/** Read up to an unescaped `delim`; returns [text, index after delim]. */
function until(s: string, i: number, delim: string): [string, number] {
  let out = '';
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const d = s[i + 1]!;
      out += d === delim ? d : c + d;
      i++;
    } else if (c === delim) return [out, i + 1];
    else if (c === '\n' && delim !== '\n') throw new SedError('unterminated `s\' command');
    else out += c;
  }
  throw new SedError(delim === '/' ? 'unterminated address regex' : "unterminated `s' command");
}

function compile(script: string, ere: boolean): Cmd[] {
  const cmds: Cmd[] = [];
  let i = 0;
  const ws = (): void => {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
  };
  const addr = (): Addr | null => {
    const c = script[i];
    if (c === '$') {
      i++;
      return { k: 'last' };
    }
    if (c !== undefined && c >= '0' && c <= '9') {
      const m = /^\d+/.exec(script.slice(i))!;
      i += m[0].length;
      return { k: 'line', n: Number(m[0]) };
    }
    if (c === '/' || c === '\\') {
      const delim = c === '\\' ? script[++i]! : '/';
      const [src, next] = until(script, i + 1, delim);
      i = next;
      return { k: 're', re: new RegExp(posixRegex(src, ere)) };
    }
    return null;
  };
  for (ws(); i < script.length; ws()) {
    const cmd: Cmd = { a1: addr(), a2: null, neg: false, op: '', inRange: false };
    if (cmd.a1 && script[i] === ',') {
      i++;
      cmd.a2 = addr();
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      cmd.neg = true;
      i++;
    }
    const op = script[i++];
    if (op === undefined) throw new SedError('missing command');
    cmd.op = op;
    if (op === 's') {
      const delim = script[i]!;
      const [pat, j] = until(script, i + 1, delim);
      const [rep, k] = until(script, j, delim);
      i = k;
      let flags = '';
      cmd.global = false;
      for (; i < script.length && /[gpiI0-9]/.test(script[i]!); i++) {
        const f = script[i]!;
        if (f === 'g') cmd.global = true;
        else if (f === 'p') cmd.print = true;
        else if (f === 'i' || f === 'I') flags += 'i';
        else cmd.nth = Number(f);
      }
      cmd.re = new RegExp(posixRegex(pat, ere), 'g' + flags);
      // sed's & and \1 become JS's $& and $1; a literal $ must be doubled.
      cmd.rep = rep.replace(/\$/g, '$$$$').replace(/\\([&\\n1-9])|&/g, (m, e: string | undefined) => {
        if (e === undefined) return '$&';
        if (e === '&') return '&';
        if (e === 'n') return '\n';
        if (e === '\\') return '\\';
        return '$' + e;
      });
    } else if (!'dpqP='.includes(op)) throw new SedError(`unsupported command ${op}`);
    cmds.push(cmd);
  }
  return cmds;
}

function hit(a: Addr, n: number, last: boolean, line: string): boolean {
  return a.k === 'line' ? a.n === n : a.k === 'last' ? last : a.re.test(line);
}

function selected(c: Cmd, n: number, last: boolean, line: string): boolean {
  let on: boolean;
  if (!c.a1) on = true;
  else if (!c.a2) on = hit(c.a1, n, last, line);
  else if (c.inRange) {
    on = true;
    if (hit(c.a2, n, last, line) || (c.a2.k === 'line' && n >= c.a2.n)) c.inRange = false;
  } else {
    on = hit(c.a1, n, last, line);
    if (on) c.inRange = !(c.a2.k === 'line' && c.a2.n <= n);
  }
  return on !== c.neg;
}

function run(cmds: Cmd[], text: string, quiet: boolean): { out: string; quit: boolean } {
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '';
  if (trailing) lines.pop();
  let out = '';
  for (let n = 1; n <= lines.length; n++) {
    let line = lines[n - 1]!;
    const last = n === lines.length;
    let deleted = false;
    let quit = false;
    for (const c of cmds) {
      if (!selected(c, n, last, line)) continue;
      if (c.op === 'd') {
        deleted = true;
        break;
      }
      if (c.op === 'p' || c.op === 'P') out += line + '\n';
      else if (c.op === '=') out += n + '\n';
      else if (c.op === 'q') {
        quit = true;
        break;
      } else if (c.op === 's') {
        let count = 0;
        let changed = false;
        line = line.replace(c.re!, (...m) => {
          count++;
          if ((c.nth && count !== c.nth) || (!c.global && !c.nth && count > 1)) return m[0] as string;
          changed = true;
          return (m[0] as string).replace(new RegExp(c.re!.source, c.re!.flags.replace('g', '')), c.rep!);
        });
        if (changed && c.print) out += line + '\n';
      }
    }
    if (!deleted && !quiet) out += line + (last && !trailing ? '' : '\n');
    if (quit) return { out, quit: true };
  }
  return { out, quit: false };
}

applet('sed', function* (sh, io, argv) {
  let quiet = false;
  let inPlace = false;
  let ere = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-n') quiet = true;
    else if (a === '-i' || a.startsWith('-i')) inPlace = true;
    else if (a === '-E' || a === '-r') ere = true;
    else if (a === '-e') scripts.push(argv[++i] ?? '');
    else if (/^-[nEr]+$/.test(a)) {
      quiet ||= a.includes('n');
      ere ||= /[Er]/.test(a);
    } else files.push(a);
  }
  if (!scripts.length) {
    const s = files.shift();
    if (s === undefined) {
      io.err.write('sed: no script specified\n');
      return 1;
    }
    scripts.push(s);
  }
  let cmds: Cmd[];
  try {
    cmds = compile(scripts.join('\n'), ere);
  } catch (e) {
    if (!(e instanceof SedError) && !(e instanceof SyntaxError)) throw e;
    io.err.write(`sed: -e expression #1: ${e.message}\n`);
    return 1;
  }
  if (!files.length) {
    const text = yield* readAll(sh, io.in);
    if (typeof text === 'number') return text;
    io.out.write(run(cmds, text, quiet).out);
    return 0;
  }
  let st = 0;
  for (const f of files) {
    let text: string;
    try {
      text = readFile(sh, f);
    } catch (e) {
      io.err.write(`sed: ${f}: ${fsReason(e)}\n`);
      st = 1;
      continue;
    }
    for (const c of cmds) c.inRange = false;
    const r = run(cmds, text, quiet);
    if (inPlace) {
      try {
        sh.proc.host.fs.writeFile(abs(sh, f), r.out);
      } catch (e) {
        io.err.write(`sed: can't create '${f}': ${fsReason(e)}\n`);
        st = 1;
      }
    } else io.out.write(r.out);
    if (r.quit) break;
  }
  return st;
});
