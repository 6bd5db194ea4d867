import { describe, expect, it } from 'vitest';
import { ShellSyntaxError, parseScript } from '~/cluster/shell';
import type { Node, Word } from '~/cluster/shell/ast';

function errOf(src: string): string {
  try {
    parseScript(src);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return e.message;
    throw e;
  }
  return '(parsed)';
}

const lit = (w: Word): string | null => w.lit;

describe('parseScript: constructs', () => {
  it('simple command with literal argv precomputed', () => {
    const n = parseScript('echo hello world') as Extract<Node, { t: 'simple' }>;
    expect(n.t).toBe('simple');
    expect(n.argv).toEqual(['echo', 'hello', 'world']);
  });

  it('assignments and redirections', () => {
    const n = parseScript('A=1 B="x y" cmd arg >out 2>&1 <in') as Extract<Node, { t: 'simple' }>;
    expect(n.assigns.map((a) => [a.name, a.value.lit])).toEqual([['A', '1'], ['B', 'x y']]);
    expect(n.argv).toEqual(['cmd', 'arg']);
    expect(n.redirs.map((r) => [r.fd, r.op, r.target.lit])).toEqual([[1, '>', 'out'], [2, '>&', '1'], [0, '<', 'in']]);
  });

  it('a word after the command name is not an assignment', () => {
    const n = parseScript('echo A=1') as Extract<Node, { t: 'simple' }>;
    expect(n.assigns).toEqual([]);
    expect(n.argv).toEqual(['echo', 'A=1']);
  });

  it('quotes, escapes and expansions become word parts', () => {
    const n = parseScript(`echo 'a $b' "c $d \${e:-f} $(g) \`h\` $((1+2))" i\\ j`) as Extract<Node, { t: 'simple' }>;
    expect(n.argv).toBeNull();
    const [, w1, w2, w3] = n.words;
    expect(lit(w1!)).toBe('a $b');
    expect(w2!.parts.map((p) => p.k)).toEqual(['lit', 'param', 'lit', 'param', 'lit', 'cmd', 'lit', 'cmd', 'lit', 'arith']);
    expect(w2!.parts.every((p) => p.q)).toBe(true);
    const param = w2!.parts[3] as { k: 'param'; name: string; op: string };
    expect([param.name, param.op]).toEqual(['e', ':-']);
    expect(lit(w3!)).toBe('i j');
  });

  it('pipelines, and-or lists, negation, background', () => {
    const n = parseScript('! a | b && c || d & e') as Extract<Node, { t: 'list' }>;
    expect(n.t).toBe('list');
    expect(n.bg).toEqual([true, false]);
    expect(n.texts[0]).toBe('! a | b && c || d');
    const ao = n.items[0] as Extract<Node, { t: 'andor' }>;
    expect(ao.ops).toEqual([true, false]);
    expect((ao.first as Extract<Node, { t: 'pipe' }>).bang).toBe(true);
  });

  it('compound commands', () => {
    const src = `
      if a; then b; elif c; then d; else e; fi
      while x; do y; done
      until x; do y; done
      for i in 1 2 3; do echo $i; done
      for j; do :; done
      case $x in a|b) one;; (c) two ;; *) ;; esac
      f() { echo hi; }
      ( sub ) > out
      { grp; }
    `;
    const n = parseScript(src) as Extract<Node, { t: 'list' }>;
    expect(n.items.map((i) => i.t)).toEqual(['if', 'while', 'while', 'for', 'for', 'case', 'func', 'sub', 'group']);
    const iff = n.items[0] as Extract<Node, { t: 'if' }>;
    expect(iff.conds).toHaveLength(2);
    expect(iff.orelse).not.toBeNull();
    expect((n.items[2] as Extract<Node, { t: 'while' }>).until).toBe(true);
    expect((n.items[4] as Extract<Node, { t: 'for' }>).words).toBeNull();
    const cs = n.items[5] as Extract<Node, { t: 'case' }>;
    expect(cs.items.map((i) => i.pats.map((p) => p.plain))).toEqual([['a', 'b'], ['c'], ['*']]);
    expect(cs.items[2]!.body).toBeNull();
    expect((n.items[7] as Extract<Node, { t: 'sub' }>).redirs[0]!.op).toBe('>');
  });

  it('keywords are only special in command position', () => {
    const n = parseScript('echo if then done }') as Extract<Node, { t: 'simple' }>;
    expect(n.argv).toEqual(['echo', 'if', 'then', 'done', '}']);
  });

  it('here-documents, quoted and unquoted', () => {
    const n = parseScript('cat <<EOF\nhi $USER\nEOF\ncat <<\'X\'\nraw $USER\nX\n') as Extract<Node, { t: 'list' }>;
    const a = n.items[0] as Extract<Node, { t: 'simple' }>;
    const b = n.items[1] as Extract<Node, { t: 'simple' }>;
    expect(a.redirs[0]!.target.parts.map((p) => p.k)).toEqual(['lit', 'param', 'lit']);
    expect(b.redirs[0]!.target.lit).toBe('raw $USER\n');
  });

  it('comments, line continuations, empty scripts', () => {
    expect(parseScript('# nothing here\n\n')).toBeNull();
    const n = parseScript('echo a \\\n  b # trailing') as Extract<Node, { t: 'simple' }>;
    expect(n.argv).toEqual(['echo', 'a', 'b']);
    expect((parseScript('echo a#b') as Extract<Node, { t: 'simple' }>).argv).toEqual(['echo', 'a#b']);
  });

  it('$( ) with case inside and nested substitutions', () => {
    const n = parseScript('x=$(case a in a) echo $(echo in);; esac)') as Extract<Node, { t: 'simple' }>;
    const part = n.assigns[0]!.value.parts[0] as { k: string; body: Node };
    expect(part.k).toBe('cmd');
    expect(part.body.t).toBe('case');
  });
});

describe('parseScript: busybox syntax errors', () => {
  it.each([
    ['while true; do echo; done; done', 'sh: syntax error: unexpected "done"'],
    ['echo hi; done', 'sh: syntax error: unexpected "done"'],
    ['while true; do done', 'sh: syntax error: unexpected "done"'],
    ['if true; then echo; done', 'sh: syntax error: unexpected "done" (expecting "fi")'],
    ['while true; do echo', 'sh: syntax error: unexpected end of file (expecting "done")'],
    ['if true; then', 'sh: syntax error: unexpected end of file'],
    ['echo "abc', 'sh: syntax error: unterminated quoted string'],
    ["echo 'abc", 'sh: syntax error: unterminated quoted string'],
    ['echo )', 'sh: syntax error: unexpected ")"'],
    ['( )', 'sh: syntax error: unexpected ")"'],
    ['a &&', 'sh: syntax error: unexpected end of file'],
    ['| a', 'sh: syntax error: unexpected "|"'],
    [';;', 'sh: syntax error: unexpected ";;"'],
    ['fi', 'sh: syntax error: unexpected "fi"'],
    ['case x in a) echo', 'sh: syntax error: unexpected end of file (expecting ";;")'],
    ['for 1 in a; do :; done', 'sh: syntax error: bad for loop variable'],
    ['for i in a; echo; done', 'sh: syntax error: unexpected word (expecting "do")'],
    ['echo ${', "sh: syntax error: missing '}'"],
    ['echo ${a', "sh: syntax error: missing '}'"],
    ['echo ${a!}', 'sh: syntax error: bad substitution'], ['echo ${}', 'sh: syntax error: bad substitution'],
    ['cat <', 'sh: syntax error: unexpected end of file'],
    ['cat < ;', 'sh: syntax error: unexpected ";"'],
    ['{ echo }', 'sh: syntax error: unexpected end of file (expecting "}")'],
  ])('%s → %s', (src, msg) => {
    expect(errOf(src)).toBe(msg);
  });

  it('marks end-of-input errors as incomplete (the REPL keeps reading)', () => {
    for (const [src, inc] of [['while true; do', true], ['echo "x', true], ['echo )', false]] as const) {
      try {
        parseScript(src);
      } catch (e) {
        expect((e as ShellSyntaxError).incomplete).toBe(inc);
      }
    }
  });
});
