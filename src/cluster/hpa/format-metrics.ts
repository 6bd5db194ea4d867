/**
 * `kubectl get hpa` cells, as the API server's table printer builds them
 * (k/k pkg/printers/internalversion/printers.go: formatHPAMetrics, printHorizontalPodAutoscaler;
 * the `cpu: ` resource-name prefix is there since v1.30).
 *
 * Quantities are printed in canonical form (Quantity.String()), e.g. `100m`, `1k`, `100Mi`.
 */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import { canonicalQuantity } from './quantity';

/** (*Quantity).String(): nil pointer prints "<nil>"; otherwise the canonical form. */
function qstr(q: string | number | undefined | null): string {
  if (q === undefined || q === null) return '<nil>';
  try {
    return canonicalQuantity(String(q));
  } catch {
    return String(q);
  }
}

/** formatHPAMetrics: at most 2 entries, then " + N more..."; "<none>" without specs. */
export function formatHPAMetrics(specs: readonly MetricSpec[] | undefined | null, statuses: readonly MetricStatus[] | undefined | null): string {
  if (!specs || specs.length === 0) return '<none>';
  const st = statuses ?? [];
  const list: string[] = [];
  const maximum = 2;
  let more = false;
  let count = 0;
  specs.forEach((spec, i) => {
    const status = st.length > i ? st[i] : undefined;
    switch (spec.type) {
      case 'External': {
        const ext = spec.external;
        if (ext?.target.averageValue !== undefined) {
          let current = '<unknown>';
          if (status?.external && status.external.current?.averageValue !== undefined) current = qstr(status.external.current.averageValue);
          list.push(`${current}/${qstr(ext.target.averageValue)} (avg)`);
        } else {
          let current = '<unknown>';
          if (status?.external) current = qstr(status.external.current?.value);
          list.push(`${current}/${qstr(ext?.target.value)}`);
        }
        break;
      }
      case 'Pods': {
        let current = '<unknown>';
        if (status?.pods) current = qstr(status.pods.current?.averageValue);
        list.push(`${current}/${qstr(spec.pods?.target.averageValue)}`);
        break;
      }
      case 'Object': {
        const obj = spec.object;
        if (obj?.target.averageValue !== undefined) {
          let current = '<unknown>';
          if (status?.object && status.object.current?.averageValue !== undefined) current = qstr(status.object.current.averageValue);
          list.push(`${current}/${qstr(obj.target.averageValue)} (avg)`);
        } else {
          let current = '<unknown>';
          if (status?.object) current = qstr(status.object.current?.value);
          list.push(`${current}/${qstr(obj?.target.value)}`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const cur = spec.type === 'Resource' ? status?.resource : status?.containerResource;
        const name = src?.name ?? '';
        if (src?.target.averageValue !== undefined) {
          let current = '<unknown>';
          if (cur) current = qstr(cur.current?.averageValue);
          list.push(`${name}: ${current}/${qstr(src.target.averageValue)}`);
        } else {
          let current = '<unknown>';
          if (cur && cur.current?.averageUtilization !== undefined) current = `${cur.current.averageUtilization}%`;
          let target = '<auto>';
          if (src?.target.averageUtilization !== undefined) target = `${src.target.averageUtilization}%`;
          list.push(`${name}: ${current}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
    count++;
  });
  if (count > maximum) {
    list.length = maximum;
    more = true;
  }
  const ret = list.join(', ');
  return more ? `${ret} + ${count - maximum} more...` : ret;
}

export interface HpaRow {
  NAME: string;
  REFERENCE: string;
  TARGETS: string;
  MINPODS: string;
  MAXPODS: number;
  REPLICAS: number;
  AGE: string;
}

/**
 * printHorizontalPodAutoscaler: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
 * `age` formats metadata.creationTimestamp (translateTimestampSince); without a timestamp the
 * cell is "<unknown>", as for a zero time.
 */
export function printHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, age?: (creationTimestamp: string) => string): HpaRow {
  const spec = hpa.spec;
  const reference = `${spec?.scaleTargetRef.kind ?? ''}/${spec?.scaleTargetRef.name ?? ''}`;
  const minPods = spec?.minReplicas !== undefined && spec.minReplicas !== null ? `${spec.minReplicas}` : '<unset>';
  const created = hpa.metadata?.creationTimestamp;
  return {
    NAME: hpa.metadata?.name ?? '',
    REFERENCE: reference,
    TARGETS: formatHPAMetrics(spec?.metrics, hpa.status?.currentMetrics),
    MINPODS: minPods,
    MAXPODS: spec?.maxReplicas ?? 0,
    REPLICAS: hpa.status?.currentReplicas ?? 0,
    AGE: created && age ? age(created) : '<unknown>',
  };
}
