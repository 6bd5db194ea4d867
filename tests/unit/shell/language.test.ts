import { describe, expect, it } from 'vitest';
import { makeHost, sh, spawn } from './helpers';

const out = (script: string): string => sh(script).out();

describe('expansions', () => {
  it('parameters and defaults', () => {
    expect(out('A=1; echo $A ${A} ${B:-def} ${B-unset} ${A:+alt} ${#A}')).toBe('1 1 def unset alt 1\n');
    expect(out('B=; echo "[${B:-x}] [${B-x}] [${B:+y}] [${B+y}]"')).toBe('[x] [] [] [y]\n');
    expect(out('echo ${C:=set}; echo $C')).toBe('set\nset\n');
  });

  it('pattern removal and replacement', () => {
    expect(out('H=web-2; echo ${H##*-} ${H%-*} ${H#w} ${H%%[0-9]}')).toBe('2 web eb-2 web-\n');
    expect(out('P=/a/b/c.txt; echo ${P##*/} ${P%.txt} ${P/b/X} ${P//\\//_}')).toBe('c.txt /a/b/c /a/X/c.txt _a_b_c.txt\n');
    expect(out('S=hello; echo ${S:1:3} ${S: -2}')).toBe('ell lo\n');
  });

  it('special parameters', () => {
    const r = sh('echo $0 $# $1 $2 "$*" $$; false; echo $?', { pid: 42 });
    expect(r.out()).toBe('sh 0 42\n1\n');
    expect(spawn(makeHost(), ['sh', '-c', 'echo $0 $# "$@"', 'name', 'a b', 'c']).out()).toBe('name 2 a b c\n');
  });

  it('"$@" keeps fields; $* and unquoted splitting', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'for a in "$@"; do echo "<$a>"; done; for a in $*; do echo "[$a]"; done', 'x', 'a b', 'c']);
    expect(r.out()).toBe('<a b>\n<c>\n[a]\n[b]\n[c]\n');
    expect(out('X="1  2   3"; for i in $X; do echo $i; done; echo "$X"')).toBe('1\n2\n3\n1  2   3\n');
    expect(out('E=; for i in $E "$E"; do echo "<$i>"; done')).toBe('<>\n');
    expect(out('IFS=:; P=a:b::c; for i in $P; do echo "<$i>"; done')).toBe('<a>\n<b>\n<>\n<c>\n');
  });

  it('command substitution, both forms, nested, trailing newlines stripped', () => {
    expect(out('echo "[$(echo hi; echo there)]" `echo back` $(echo $(echo nested))')).toBe('[hi\nthere] back nested\n');
    expect(out('x=$(false); echo $?; y=$(printf "a\\n\\n\\n"); echo "[$y]"')).toBe('1\n[a]\n');
  });

  it('$(cat FILE) reads the vfs', () => {
    expect(out('echo ns=$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)')).toBe('ns=default\n');
  });

  it('arithmetic', () => {
    expect(out('i=5; echo $((i+1)) $((i*2-3)) $((i/2)) $((i%3)) $((i>3)) $((i==5 && 0)) $(( (1+2)*3 )) $((-i))')).toBe('6 7 2 2 1 0 9 -5\n');
    expect(out('i=0; i=$((i+1)); : $((i+=10)); echo $i $((0x10)) $((2**8))')).toBe('11 16 256\n');
    const r = sh('echo $((1/0)); echo after');
    expect(r.err()).toBe('sh: divide by zero\n');
    expect(r.exit?.code).toBe(2);
  });

  it('quoting and escapes', () => {
    expect(out(`echo 'single $HOME' "double $HOME" \\$HOME "a\\"b" 'it'\\''s'`)).toBe('single $HOME double /root $HOME a"b it\'s\n');
    expect(out('echo "tab\\there"; echo -e "tab\\there"; echo -n no; echo newline')).toBe('tab\\there\ntab\there\nnonewline\n');
    expect(out('echo ~ ~/x "~"')).toBe('/root /root/x ~\n');
  });

  it('globbing against the vfs', () => {
    const h = makeHost();
    for (const f of ['a.log', 'b.log', 'c.txt', '.hidden.log']) h.fs.writeFile(`/data/${f}`, 'x');
    expect(sh('echo /data/*.log; cd /data && echo *.txt "*.txt" nomatch*', { h }).out()).toBe('/data/a.log /data/b.log\nc.txt *.txt nomatch*\n');
  });

  it('here-documents expand variables unless the delimiter is quoted', () => {
    expect(out('N=world\ncat <<EOF\nhello $N\nEOF\ncat <<"EOF"\nhello $N\nEOF')).toBe('hello world\nhello $N\n');
    expect(out('cat <<-EOF\n\tindented\n\tEOF')).toBe('indented\n');
  });
});

describe('control flow', () => {
  it('if / elif / else and test', () => {
    expect(out('for n in 1 5 9; do if [ $n -lt 3 ]; then echo low; elif [ $n -lt 7 ]; then echo mid; else echo high; fi; done')).toBe('low\nmid\nhigh\n');
    expect(out('[ -f /etc/hostname ] && echo file; [ -d /etc ] && echo dir; [ -e /nope ] || echo none; [ -z "" ] && [ -n x ] && echo str')).toBe('file\ndir\nnone\nstr\n');
    expect(out('[ a = a ] && [ a != b ] && test 3 -ge 3 && [ ! 1 -eq 2 ] && echo ok')).toBe('ok\n');
    expect(out('[ 1 -eq 1 -a 2 -gt 1 ] && echo and; [ 1 -eq 2 -o 2 -gt 1 ] && echo or')).toBe('and\nor\n');
  });

  it('test errors use busybox messages', () => {
    const r = sh('[ abc -eq 1 ]; echo $?; [ 1 = 1; echo $?');
    expect(r.err()).toBe('sh: abc: bad number\nsh: missing ]\n');
    expect(r.out()).toBe('2\n2\n');
  });

  it('while / until / break / continue', () => {
    expect(out('i=0; while [ $i -lt 5 ]; do i=$((i+1)); [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done')).toBe('1\n3\n');
    expect(out('i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done')).toBe('0\n1\n2\n');
    expect(out('for a in 1 2; do for b in x y; do [ $b = y ] && continue 2; echo $a$b; done; done')).toBe('1x\n2x\n');
    expect(out('for a in 1 2; do for b in x y; do break 2; done; done; echo after $a$b')).toBe('after 1x\n');
  });

  it('case with alternatives and globs', () => {
    expect(out('for x in start stop foo.yaml other; do case $x in start|stop) echo svc;; *.yaml) echo yaml;; *) echo "? $x";; esac; done')).toBe('svc\nsvc\nyaml\n? other\n');
  });

  it('functions, arguments, return, local', () => {
    expect(out('f() { echo "f:$1:$#"; return 3; }; f a b; echo $?')).toBe('f:a:2\n3\n');
    expect(out('x=g; f() { local x=l; echo $x; }; f; echo $x')).toBe('l\ng\n');
    expect(out('greet() {\n  echo "hi $1"\n}\ngreet bob')).toBe('hi bob\n');
  });

  it('&& || ! and exit statuses', () => {
    expect(out('true && echo a || echo b; false && echo c || echo d; ! false && echo e')).toBe('a\nd\ne\n');
  });

  it('exit N ends the script with N', () => {
    const r = sh('echo before; exit 3; echo after');
    expect(r.out()).toBe('before\n');
    expect(r.exit).toEqual({ code: 3, signal: undefined, t: 0 });
  });

  it('exit status is that of the last command', () => {
    expect(sh('true; false').exit?.code).toBe(1);
    expect(sh('false; true').exit?.code).toBe(0);
    expect(sh('nosuchcmd').exit?.code).toBe(127);
  });

  it('subshells and groups', () => {
    expect(out('x=1; (x=2; echo in $x); echo out $x; { x=3; }; echo grp $x')).toBe('in 2\nout 1\ngrp 3\n');
    expect(out('(exit 4); echo $?')).toBe('4\n');
  });

  it('set -e stops at the first failure outside conditions', () => {
    const r = sh('set -e; if false; then :; fi; false || true; echo one; false; echo two');
    expect(r.out()).toBe('one\n');
    expect(r.exit?.code).toBe(1);
  });

  it('set -x traces commands to stderr', () => {
    const r = sh('set -x; A=1; echo "a b" $A');
    expect(r.err()).toBe("+ A=1\n+ echo 'a b' 1\n");
  });

  it('set -u errors on unset variables', () => {
    const r = sh('set -u; echo $NOPE; echo after');
    expect(r.err()).toBe('sh: NOPE: parameter not set\n');
    expect(r.exit?.code).toBe(2);
  });

  it('${X:?msg} aborts a non-interactive shell', () => {
    const r = sh('echo ${DB_HOST:?must be set}; echo after');
    expect(r.err()).toBe('sh: DB_HOST: must be set\n');
    expect(r.out()).toBe('');
    expect(r.exit?.code).toBe(2);
  });

  it('eval, shift, set --', () => {
    expect(out('cmd="echo evaluated"; eval $cmd; set -- a b c; shift; echo $@ $#')).toBe('evaluated\nb c 2\n');
  });

  it('prefix assignments are temporary and exported to the command', () => {
    expect(out('FOO=bar printenv FOO; echo "[$FOO]"; export X=1; env | grep ^X=')).toBe('bar\n[]\nX=1\n');
  });

  it('syntax errors are reported when reached, after earlier lines ran', () => {
    const r = sh('echo first\nif true; then echo x; done');
    expect(r.out()).toBe('first\n');
    expect(r.err()).toBe('sh: syntax error: unexpected "done" (expecting "fi")\n');
    expect(r.exit?.code).toBe(2);
  });

  it('unknown commands: sh: NAME: not found / 127, builtins always available', () => {
    const h = makeHost({ hasCommand: (n) => ['sh'].includes(n) });
    const r = sh('ls /; echo $?; echo still; [ 1 = 1 ] && printf "%s-%d\\n" x 5', { h });
    expect(r.err()).toBe('sh: ls: not found\n');
    expect(r.out()).toBe('127\nstill\nx-5\n');
  });

  it('error prefix follows argv[0] like busybox', () => {
    const r = spawn(makeHost(), ['/bin/sh', '-c', 'nosuch']);
    expect(r.err()).toBe('/bin/sh: nosuch: not found\n');
  });
});

describe('pipes and redirections', () => {
  it('pipes feed stdin; grep -v -i -c -q', () => {
    expect(out('printf "a\\nB\\nc\\n" | grep -v -i b')).toBe('a\nc\n');
    expect(out('printf "x1\\nx2\\ny\\n" | grep -c x')).toBe('2\n');
    expect(out('echo hello | grep -q ell && echo found; echo hi | grep zz; echo $?')).toBe('found\n1\n');
    expect(out('seq 1 10 | grep 1 | wc -l')).toBe('2\n');
  });

  it('pipeline stages are subshells; status is the last stage', () => {
    expect(out('x=1; echo 2 | read x; echo $x; false | true; echo $?; true | false; echo $?')).toBe('1\n0\n1\n');
  });

  it('> >> < 2>&1 and /dev/null', () => {
    const h = makeHost();
    const r = sh('echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; cat /nope 2>/dev/null; echo $?; ls /nope >/tmp/e 2>&1; cat /tmp/e; echo quiet >/dev/null', { h });
    expect(r.out()).toBe('one\ntwo\n1\nls: /nope: No such file or directory\n');
    expect(h.fs.readFile('/tmp/f')).toBe('one\ntwo\n');
  });

  it('redirection failures', () => {
    const r = sh('echo x > /nodir/f; echo $?; cat < /nofile; echo $?');
    expect(r.err()).toBe("sh: can't create /nodir/f: nonexistent directory\nsh: can't open /nofile: no such file\n");
    expect(r.out()).toBe('1\n1\n');
  });

  it('while read from a file', () => {
    const h = makeHost();
    h.fs.writeFile('/tmp/list', 'alpha 1\nbeta 2\n');
    expect(sh('while read name n; do echo "$n=$name"; done < /tmp/list', { h }).out()).toBe('1=alpha\n2=beta\n');
  });

  it('exec >file redirects the rest of the script', () => {
    const h = makeHost();
    const r = sh('echo visible; exec > /tmp/log 2>&1; echo hidden; ls /nope', { h });
    expect(r.out()).toBe('visible\n');
    expect(h.fs.readFile('/tmp/log')).toBe('hidden\nls: /nope: No such file or directory\n');
  });
});

describe('builtins', () => {
  it('source, command -v, type', () => {
    const h = makeHost();
    h.fs.writeFile('/tmp/lib.sh', 'LIBVAR=loaded\nhelper() { echo "helper $1"; }\n');
    const r = sh('. /tmp/lib.sh; echo $LIBVAR; helper x; command -v ls echo helper nosuch; echo $?; type echo if helper', { h });
    expect(r.out()).toBe('loaded\nhelper x\n/bin/ls\necho\nhelper\n1\necho is a shell builtin\nif is a shell keyword\nhelper is a function\n');
  });

  it('nested sh -c and sh FILE get their own $0 and arguments', () => {
    const h = makeHost();
    h.fs.writeFile('/tmp/s.sh', 'echo "file $0 $1"; exit 4\n');
    const r = sh('sh -c \'echo "inner $0 $1"\' zero one; sh /tmp/s.sh arg; echo "status $?"; sh /nofile', { h });
    expect(r.out()).toBe('inner zero one\nfile /tmp/s.sh arg\nstatus 4\n');
    expect(r.err()).toBe("sh: can't open '/nofile': No such file or directory\n");
  });

  it('exec replaces the shell', () => {
    const r = sh('exec echo replaced; echo never');
    expect(r.out()).toBe('replaced\n');
    expect(r.exit?.code).toBe(0);
  });

  it('kill $$ ends a non-PID-1 shell at once', () => {
    const r = sh('kill $$; echo after', { pid: 12 });
    expect(r.out()).toBe('');
    expect(r.exit).toEqual({ code: 143, signal: 'SIGTERM', t: 0 });
  });

  it('runaway recursion is stopped cleanly', () => {
    const r = sh('f() { f; }; f; echo after');
    expect(r.err()).toBe('sh: f: function nesting too deep\n');
    expect(r.exit?.code).toBe(2);
  });

  it('read splits on IFS, the last name takes the rest', () => {
    expect(out('IFS=: read a b c <<EOF\nx:y:z:w\nEOF\necho "$a|$b|$c"; echo "  lead  trail  " | { read v; echo "[$v]"; }')).toBe('x|y|z:w\n[lead  trail]\n');
  });

  it('[[ ]] works as a test with a closing ]]', () => {
    expect(out('[[ -e /etc/hostname ]] && echo exists; [[ a == a ]] && echo eq')).toBe('exists\neq\n');
  });

  it('wait %N waits for a job by number', () => {
    const r = sh('sleep 1 & (exit 3) & wait %2; echo $?; wait %1; echo $?');
    expect(r.out()).toBe('3\n0\n');
    expect(r.exit?.t).toBe(1000);
  });
});

