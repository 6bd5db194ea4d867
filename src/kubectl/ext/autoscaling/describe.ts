/** `kubectl describe hpa` (kubectl pkg/describe/describe.go describeHorizontalPodAutoscalerV2). */
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, describeEvents, ts } from '../../describe/writer';
import { canonicalQuantity } from '../../../cluster/hpa/quantity';

const q = (v: unknown) => {
  if (v === undefined || v === null) return '<nil>';
  try {
    return canonicalQuantity(String(v));
  } catch {
    return String(v);
  }
};

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: any): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined && rules.stabilizationWindowSeconds !== null) w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if (rules.policies?.length) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(2, 'Policies:\n');
    for (const p of rules.policies) w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHpa(hpa: any, events: any[], now: number): string {
  const w = new PrefixWriter();
  const spec = hpa.spec ?? {};
  const st = hpa.status ?? {};
  const cur: any[] = st.currentMetrics ?? [];
  w.write(0, `Name:\t${hpa.metadata.name}\n`);
  w.write(0, `Namespace:\t${hpa.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${ts(hpa.metadata.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  (spec.metrics ?? []).forEach((m: any, i: number) => {
    const c = cur.length > i ? cur[i] : undefined;
    switch (m.type) {
      case 'External': {
        const x = m.external;
        if (x.target.averageValue !== undefined) {
          const current = c?.external?.current?.averageValue !== undefined ? q(c.external.current.averageValue) : '<unknown>';
          w.write(1, `${JSON.stringify(x.metric.name)} (target average value):\t${current} / ${q(x.target.averageValue)}\n`);
        } else {
          const current = c?.external ? q(c.external.current?.value) : '<unknown>';
          w.write(1, `${JSON.stringify(x.metric.name)} (target value):\t${current} / ${q(x.target.value)}\n`);
        }
        break;
      }
      case 'Pods': {
        const current = c?.pods ? q(c.pods.current?.averageValue) : '<unknown>';
        w.write(1, `${JSON.stringify(m.pods.metric.name)} on pods:\t${current} / ${q(m.pods.target.averageValue)}\n`);
        break;
      }
      case 'Object': {
        const o = m.object;
        w.write(1, `"${o.metric.name}" on ${o.describedObject.kind}/${o.describedObject.name} `);
        if (o.target.type === 'AverageValue') {
          const current = c?.object ? q(c.object.current?.averageValue) : '<unknown>';
          w.write(0, `(target average value):\t${current} / ${q(o.target.averageValue)}\n`);
        } else {
          const current = c?.object ? q(c.object.current?.value) : '<unknown>';
          w.write(0, `(target value):\t${current} / ${q(o.target.value)}\n`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const isC = m.type === 'ContainerResource';
        const src = isC ? m.containerResource : m.resource;
        const cs = isC ? c?.containerResource : c?.resource;
        w.write(1, isC ? `resource ${src.name} of container "${src.container}" on pods` : `resource ${src.name} on pods`);
        if (src.target.averageValue !== undefined) {
          const current = cs ? q(cs.current?.averageValue) : '<unknown>';
          w.write(0, `:\t${current} / ${q(src.target.averageValue)}\n`);
        } else {
          const current = cs?.current?.averageUtilization !== undefined ? `${cs.current.averageUtilization}% (${q(cs.current.averageValue)})` : '<unknown>';
          const target = src.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
          w.write(1, `(as a percentage of request):\t${current} / ${target}\n`);
        }
        break;
      }
      default:
        w.write(1, `<unknown metric type ${JSON.stringify(m.type)}>\n`);
    }
  });
  w.write(0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
  if (spec.behavior) {
    w.write(0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
  w.write(0, `${st.currentReplicas ?? 0} current / ${st.desiredReplicas ?? 0} desired\n`);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of st.conditions) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(w, events, now);
  return w.toString();
}
