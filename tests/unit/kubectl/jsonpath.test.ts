import { describe, it, expect } from 'vitest';
import { jsonpath } from '~/kubectl/jsonpath';

const list = { items: [{ metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }] };

describe('jsonpath', () => {
  it('selects fields, wildcards and ranges', () => {
    expect(jsonpath('{.items[*].metadata.name}', list)).toEqual({ text: 'a b' });
    expect(jsonpath('{range .items[*]}{.metadata.name}{"\\n"}{end}', list)).toEqual({ text: 'a\nb\n' });
    expect(jsonpath('{.items[?(@.status.conditions[0].status=="True")].metadata.name}', list)).toEqual({ text: 'a' });
    expect(jsonpath('.items[1].metadata.name', list)).toEqual({ text: 'b' });
  });
});
