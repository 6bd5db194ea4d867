/**
 * `$(( ... ))` evaluation: C integer expressions with shell variables, as busybox's math.c.
 * Evaluates while parsing (precedence climbing); `skip` suppresses side effects in untaken
 * branches of `&&`, `||` and `?:`.
 */

export class ArithError extends Error {}

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
  '**': 11,
};
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);
const TOKEN = /\s*(0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||\+\+|--|[-+*/%&^|]=|[-+*/%<>=!~&^|?:(),])/y;

function toNum(s: string): number {
  const t = s.trim();
  if (t === '') return 0;
  let n: number;
  if (/^-?0[xX][0-9a-fA-F]+$/.test(t)) n = parseInt(t, 16);
  else if (/^-?0[0-7]+$/.test(t)) n = parseInt(t, 8);
  else if (/^[-+]?[0-9]+$/.test(t)) n = parseInt(t, 10);
  else throw new ArithError('arithmetic syntax error');
  return n;
}

function binop(op: string, a: number, b: number): number {
  switch (op) {
    case '||': return a || b ? 1 : 0;
    case '&&': return a && b ? 1 : 0;
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0) throw new ArithError('divide by zero');
      return Math.trunc(a / b);
    case '%':
      if (b === 0) throw new ArithError('divide by zero');
      return a % b;
    case '**': return a ** b;
  }
  throw new ArithError('arithmetic syntax error');
}

class ArithParser {
  private toks: string[] = [];
  private i = 0;

  constructor(
    src: string,
    private readonly vars: ArithVars,
  ) {
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = TOKEN.exec(src))) {
      this.toks.push(m[1]!);
      end = TOKEN.lastIndex;
    }
    if (src.slice(end).trim() !== '') throw new ArithError('arithmetic syntax error');
  }

  run(): number {
    if (this.toks.length === 0) return 0;
    let v = this.assign(false);
    while (this.peek() === ',') {
      this.i++;
      v = this.assign(false);
    }
    if (this.i < this.toks.length) throw new ArithError('arithmetic syntax error');
    return v;
  }

  private peek(): string | undefined {
    return this.toks[this.i];
  }

  private isName(t: string | undefined): t is string {
    return t !== undefined && /^[A-Za-z_]/.test(t);
  }

  private varValue(name: string): number {
    return toNum(this.vars.get(name) ?? '');
  }

  private assign(skip: boolean): number {
    const t = this.peek();
    const op = this.toks[this.i + 1];
    if (this.isName(t) && op !== undefined && ASSIGN.has(op)) {
      this.i += 2;
      const rhs = this.assign(skip);
      const v = op === '=' ? rhs : binop(op.slice(0, -1), this.varValue(t), rhs);
      if (!skip) this.vars.set(t, String(v));
      return v;
    }
    return this.ternary(skip);
  }

  private ternary(skip: boolean): number {
    const c = this.binary(1, skip);
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.assign(skip || !c);
    if (this.peek() !== ':') throw new ArithError('arithmetic syntax error');
    this.i++;
    const b = this.assign(skip || !!c);
    return c ? a : b;
  }

  private binary(minPrec: number, skip: boolean): number {
    let lhs = this.unary(skip);
    for (;;) {
      const op = this.peek();
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < minPrec) return lhs;
      this.i++;
      const shortSkip = skip || (op === '&&' && !lhs) || (op === '||' && !!lhs);
      // `**` is right-associative.
      const rhs = this.binary(op === '**' ? prec : prec + 1, shortSkip);
      if (op === '&&') lhs = lhs && rhs ? 1 : 0;
      else if (op === '||') lhs = lhs || rhs ? 1 : 0;
      else lhs = skip ? 0 : binop(op!, lhs, rhs);
    }
  }

  private unary(skip: boolean): number {
    const t = this.peek();
    if (t === undefined) throw new ArithError('arithmetic syntax error');
    if (t === '-' || t === '+' || t === '!' || t === '~') {
      this.i++;
      const v = this.unary(skip);
      return t === '-' ? -v : t === '+' ? v : t === '!' ? (v ? 0 : 1) : ~v;
    }
    if (t === '++' || t === '--') {
      this.i++;
      const n = this.peek();
      if (!this.isName(n)) throw new ArithError('arithmetic syntax error');
      this.i++;
      const v = this.varValue(n) + (t === '++' ? 1 : -1);
      if (!skip) this.vars.set(n, String(v));
      return v;
    }
    return this.postfix(skip);
  }

  private postfix(skip: boolean): number {
    const t = this.peek()!;
    this.i++;
    if (t === '(') {
      const v = this.assign(skip);
      if (this.peek() !== ')') throw new ArithError('arithmetic syntax error');
      this.i++;
      return v;
    }
    if (/^[0-9]/.test(t)) return toNum(t);
    if (this.isName(t)) {
      const v = this.varValue(t);
      const n = this.peek();
      if (n === '++' || n === '--') {
        this.i++;
        if (!skip) this.vars.set(t, String(v + (n === '++' ? 1 : -1)));
      }
      return v;
    }
    throw new ArithError('arithmetic syntax error');
  }
}

export function evalArith(expr: string, vars: ArithVars): number {
  return new ArithParser(expr, vars).run();
}
