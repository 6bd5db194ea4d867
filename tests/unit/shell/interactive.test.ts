import { describe, expect, it } from 'vitest';
import { makeHost, spawn } from './helpers';

function tty() {
  const h = makeHost();
  const r = spawn(h, ['sh'], { tty: true, pid: 7 });
  return { h, r };
}

describe('interactive shell', () => {
  it('prints the prompt, echoes typed input, runs the line, prompts again', () => {
    const { r } = tty();
    expect(r.out()).toBe('/ # ');
    r.p.writeStdin('echo hello\r');
    expect(r.out()).toBe('/ # echo hello\nhello\n/ # ');
    r.p.writeStdin('cd /tmp\n');
    expect(r.out().endsWith('/tmp # ')).toBe(true);
    r.p.writeStdin('cd\n');
    expect(r.out().endsWith('~ # ')).toBe(true);
  });

  it('typing arrives in pieces; backspace edits the line', () => {
    const { r } = tty();
    r.p.writeStdin('ech');
    r.p.writeStdin('x\x7fo h');
    r.p.writeStdin('i\r');
    expect(r.out()).toBe('/ # echx\b \bo hi\nhi\n/ # ');
  });

  it('Ctrl-C interrupts a foreground sleep and shows a new prompt', () => {
    const { h, r } = tty();
    r.p.writeStdin('sleep 100; echo not-printed\n');
    h.clock.advanceBy(5000);
    r.p.writeStdin('\x03');
    expect(r.out()).toBe('/ # sleep 100; echo not-printed\n^C\n/ # ');
    r.p.writeStdin('echo $?\n');
    expect(r.out().endsWith('echo $?\n130\n/ # ')).toBe(true);
    h.clock.advanceBy(200_000);
    expect(r.out().split('not-printed').length).toBe(2); // only the echoed input
    expect(r.exit).toBeNull();
  });

  it("signal('SIGINT') also interrupts; SIGTERM is ignored", () => {
    const { h, r } = tty();
    r.p.writeStdin('while true; do sleep 1; done\n');
    h.clock.advanceBy(3000);
    r.p.signal('SIGTERM');
    expect(r.exit).toBeNull();
    r.p.signal('SIGINT');
    expect(r.out().endsWith('\n/ # ')).toBe(true);
    r.p.writeStdin('echo alive\n');
    expect(r.out().endsWith('alive\n/ # ')).toBe(true);
  });

  it('Ctrl-C also stops a busy loop', () => {
    const { h, r } = tty();
    r.p.writeStdin('while :; do :; done\n');
    h.clock.advanceBy(1000);
    r.p.writeStdin('\x03');
    r.p.writeStdin('echo ok\n');
    expect(r.out().endsWith('ok\n/ # ')).toBe(true);
  });

  it('continues multi-line input with PS2', () => {
    const { r } = tty();
    r.p.writeStdin('for i in 1 2; do\n');
    expect(r.out()).toBe('/ # for i in 1 2; do\n> ');
    r.p.writeStdin('echo n$i; done\n');
    expect(r.out()).toBe('/ # for i in 1 2; do\n> echo n$i; done\nn1\nn2\n/ # ');
  });

  it('syntax errors do not end an interactive shell', () => {
    const { r } = tty();
    r.p.writeStdin('echo )\n');
    expect(r.err()).toBe('sh: syntax error: unexpected ")"\n');
    expect(r.out().endsWith('/ # ')).toBe(true);
    expect(r.exit).toBeNull();
  });

  it('read takes the next typed line', () => {
    const { r } = tty();
    r.p.writeStdin('read name\n');
    r.p.writeStdin('bob\n');
    r.p.writeStdin('echo "hi $name"\n');
    expect(r.out()).toBe('/ # read name\nbob\n/ # echo "hi $name"\nhi bob\n/ # ');
  });

  it('exit N and Ctrl-D end the session', () => {
    const a = tty();
    a.r.p.writeStdin('exit 3\n');
    expect(a.r.exit?.code).toBe(3);
    const b = tty();
    b.r.p.writeStdin('false\n');
    b.r.p.writeStdin('\x04');
    expect(b.r.exit?.code).toBe(1);
  });

  it('without a tty, sh reads commands from stdin until it is closed', () => {
    const h = makeHost();
    const r = spawn(h, ['sh'], { stdin: true, pid: 7 });
    r.p.writeStdin('echo one\necho tw');
    expect(r.out()).toBe('one\n');
    r.p.writeStdin('o\n');
    expect(r.out()).toBe('one\ntwo\n');
    r.p.closeStdin();
    expect(r.exit?.code).toBe(0);
  });

  it('a container shell without stdin exits at once', () => {
    const h = makeHost();
    const r = spawn(h, ['sh'], { pid: 1 });
    expect(r.exit).toEqual({ code: 0, signal: undefined, t: 0 });
  });

  it('background jobs report [n] pid', () => {
    const { h, r } = tty();
    r.p.writeStdin('sleep 5 &\n');
    expect(r.err()).toBe('[1] 8\n');
    h.clock.advanceBy(6000);
    r.p.writeStdin('wait; echo done\n');
    expect(r.out().endsWith('done\n/ # ')).toBe(true);
  });

  it('here-documents keep reading until their delimiter', () => {
    const { r } = tty();
    r.p.writeStdin('cat <<EOF\n');
    expect(r.out()).toBe('/ # cat <<EOF\n> ');
    r.p.writeStdin('hello\n');
    r.p.writeStdin('EOF\n');
    expect(r.out()).toBe('/ # cat <<EOF\n> hello\n> EOF\nhello\n/ # ');
  });

  it('cat copies typed lines as they come until Ctrl-D', () => {
    const { r } = tty();
    r.p.writeStdin('cat\n');
    r.p.writeStdin('one\n');
    expect(r.out()).toBe('/ # cat\none\none\n');
    r.p.writeStdin('\x04');
    expect(r.out()).toBe('/ # cat\none\none\n/ # ');
    expect(r.exit).toBeNull();
  });

  it('the prompt follows PS1 and the user', () => {
    const h = makeHost({ user: { uid: 1000, gid: 1000 } });
    const r = spawn(h, ['sh'], { tty: true });
    expect(r.out()).toBe('/ $ ');
    r.p.writeStdin("PS1='[\\u@\\h \\W]\\$ '; cd /var/log\n");
    expect(r.out().endsWith('[1000@pod-1 log]$ ')).toBe(true);
  });
});
