import { describe, it, expect } from 'vitest';
import { TabWriter, tableWriter, describeWriter } from '~/kubectl/tabwriter';

describe('tabwriter (Go text/tabwriter port)', () => {
  it('pads kubectl get columns to max(6, width+3) and leaves the last column bare', () => {
    const out = tableWriter().format('NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb\t1/1\tRunning\t0\t5s\n');
    expect(out).toBe('NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          5s\n');
  });

  it('aligns a column only over a block of consecutive lines that have it (describe)', () => {
    const text = 'Name:\tweb\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\nContainers:\n';
    expect(describeWriter().format(text)).toBe('Name:             web\nService Account:  default\nIPs:\n  IP:  10.0.0.1\nContainers:\n');
  });

  it('applies minwidth', () => {
    expect(new TabWriter(10, 1).format('a\tb\n')).toBe('a         b\n');
  });
});
