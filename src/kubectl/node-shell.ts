/**
 * `ssh NODE` from the lab terminal: a root shell on one of the cluster's machines, just enough to
 * break and mend a node the way an administrator would — `systemctl stop|start|restart|status
 * kubelet`, `crictl` against the node's containerd, `hostname`, `exit`. It is a Running like
 * `kubectl exec -it`, so the page's terminal and scenario `session:` steps drive it the same way.
 */
import type { Cluster } from '../cluster/cluster';
import type { Kubelet } from '../cluster/kubelet/kubelet';
import type { Running } from './io';
import { tokenize } from './io';
import { crictl } from '../cluster/runtime/crictl';

const UNIT = 'kubelet.service';

/** systemd's "Sat 2026-01-05 09:00:30 UTC". */
function systemdDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
}

/** systemd's relative timespan ("12s", "5min 3s", "1h 2min"). */
function timespan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}min${s % 60 ? ` ${s % 60}s` : ''}`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h${m ? ` ${m}min` : ''}`;
}

function status(k: Kubelet, epochMs: number, now: number): { text: string; code: number } {
  const since = `${systemdDate(epochMs + k.stateSince)}; ${timespan(now - k.stateSince)} ago`;
  const head = [
    `${k.running ? '●' : '○'} ${UNIT} - kubelet: The Kubernetes Node Agent`,
    `     Loaded: loaded (/usr/lib/systemd/system/${UNIT}; enabled; preset: enabled)`,
    '    Drop-In: /usr/lib/systemd/system/kubelet.service.d',
    '             └─10-kubeadm.conf',
  ];
  const body = k.running
    ? [`     Active: active (running) since ${since}`, '       Docs: https://kubernetes.io/docs/', '   Main PID: 311 (kubelet)', `     CGroup: /system.slice/${UNIT}`, '             └─311 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml']
    : [`     Active: inactive (dead) since ${since}`, '       Docs: https://kubernetes.io/docs/', '   Main PID: 311 (code=exited, status=0/SUCCESS)'];
  // `systemctl status` exits 3 for an inactive unit.
  return { text: [...head, ...body].join('\n') + '\n', code: k.running ? 0 : 3 };
}

export function openNodeShell(cluster: Cluster, node: string, write: (t: string) => void, done: (code: number) => void): Running {
  const k = cluster.kubelets.get(node)!;
  const prompt = () => write(`root@${node}:~# `);
  let last = 0;
  let buf = '';
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    write('logout\n');
    write(`Connection to ${node} closed.\n`);
    done(last);
  };
  const run = (line: string): boolean => {
    const t = tokenize(line.trim());
    if ('error' in t) {
      write(`-bash: ${t.error}\n`);
      last = 2;
      return true;
    }
    const [cmd, ...args] = t.tokens;
    if (!cmd) return true;
    const io = { out: write, err: write };
    switch (cmd) {
      case 'exit':
      case 'logout':
        last = args[0] !== undefined ? Number(args[0]) || 0 : last;
        return false;
      case 'hostname':
        write(`${node}\n`);
        last = 0;
        return true;
      case 'crictl':
        last = crictl(k.criView(), t.tokens, io);
        return true;
      case 'kubectl':
        // A worker node has the kubectl binary but no kubeconfig.
        write('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
        last = 1;
        return true;
      case 'systemctl': {
        const [verb, unit] = args;
        if (!verb || !['start', 'stop', 'restart', 'status', 'is-active'].includes(verb)) {
          write(`systemctl: this node shell knows start, stop, restart, status and is-active\n`);
          last = 1;
          return true;
        }
        if (!unit) {
          write(verb === 'status' ? status(k, cluster.epochMs, cluster.now()).text : `Too few arguments.\n`);
          last = verb === 'status' ? 0 : 1;
          return true;
        }
        if (unit !== 'kubelet' && unit !== UNIT) {
          write(verb === 'status' || verb === 'is-active' ? `Unit ${unit.includes('.') ? unit : unit + '.service'} could not be found.\n` : `Failed to ${verb} ${unit.includes('.') ? unit : unit + '.service'}: Unit ${unit.includes('.') ? unit : unit + '.service'} not found.\n`);
          last = verb === 'status' ? 4 : 5;
          return true;
        }
        if (verb === 'stop') k.stop();
        else if (verb === 'start') k.start();
        else if (verb === 'restart') {
          k.stop();
          k.start();
        } else if (verb === 'is-active') {
          write(k.running ? 'active\n' : 'inactive\n');
          last = k.running ? 0 : 3;
          return true;
        } else {
          const s = status(k, cluster.epochMs, cluster.now());
          write(s.text);
          last = s.code;
          return true;
        }
        last = 0;
        return true;
      }
      default:
        write(`-bash: ${cmd}: command not found\n`);
        last = 127;
        return true;
    }
  };
  prompt();
  return {
    interrupt: () => {
      write('^C\n');
      prompt();
    },
    input: (data: string) => {
      if (closed) return;
      buf += data;
      if (buf.includes('\u0004')) return close();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!run(line)) return close();
        prompt();
      }
    },
  };
}
