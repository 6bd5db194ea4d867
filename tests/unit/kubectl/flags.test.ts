import { describe, it, expect } from 'vitest';
import { parseFlags, FlagError } from '~/kubectl/flags';
import { tokenize } from '~/kubectl/io';

const specs = [
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'stdin', short: 'i', type: 'bool' as const },
  { name: 'tty', short: 't', type: 'bool' as const },
  { name: 'tail', type: 'int' as const },
];

describe('flags', () => {
  it('parses long, short, combined and -- forms', () => {
    const p = parseFlags(['web', '-it', '-o', 'wide', '--tail=5', '-n', 'dev', '--', 'sh', '-c', 'ls -l'], specs);
    expect(p.args).toEqual(['web']);
    expect(p.flags).toMatchObject({ stdin: true, tty: true, output: 'wide', tail: 5, namespace: 'dev' });
    expect(p.rest).toEqual(['sh', '-c', 'ls -l']);
  });
  it("rejects unknown flags with pflag's text", () => {
    expect(() => parseFlags(['--nope'], specs)).toThrow(new FlagError('unknown flag: --nope'));
    expect(() => parseFlags(['-z'], specs)).toThrow("unknown shorthand flag: 'z' in -z");
    expect(() => parseFlags(['--tail=x'], specs)).toThrow('invalid argument "x" for "--tail" flag');
  });
  it('tokenizes shell quoting', () => {
    expect(tokenize(`kubectl exec web -- sh -c "echo 'hi there'; ls"`)).toEqual({ tokens: ['kubectl', 'exec', 'web', '--', 'sh', '-c', "echo 'hi there'; ls"] });
    expect(tokenize('echo "open')).toHaveProperty('error');
  });
});
