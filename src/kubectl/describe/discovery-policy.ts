/**
 * get columns and describers for EndpointSlice, Endpoints and PodDisruptionBudget
 * (printers.go printEndpointSlice; describe.go describeEndpoints, describeEndpointSliceV1,
 * describePodDisruptionBudgetV1).
 */
import { registerTable, age } from '../printers/tables';
import { registerDescriber } from './registry';
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, describeEvents } from './writer';
import { formatSelector } from '../ext/workloads/printers';

/** printers.go formatDiscoveryPorts / formatDiscoveryEndpoints: the first 3, then " + N more...". */
function firstThree(items: string[]): string {
  if (!items.length) return '<unset>';
  const more = items.length > 3 ? ` + ${items.length - 3} more...` : '';
  return items.slice(0, 3).join(',') + more;
}

registerTable('EndpointSlice', [
  { name: 'NAME', value: (o) => o.metadata.name },
  { name: 'ADDRESSTYPE', value: (o) => o.addressType ?? '' },
  { name: 'PORTS', value: (o) => firstThree((o.ports ?? []).map((p: any) => (p.port != null ? String(p.port) : p.name || '*'))) },
  { name: 'ENDPOINTS', value: (o) => firstThree((o.endpoints ?? []).flatMap((e: any) => e.addresses ?? [])) },
  { name: 'AGE', value: age },
]);

registerDescriber('Endpoints', (ep, { events, now }) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ep.metadata.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const s of ep.subsets ?? []) {
    w.write(1, `Addresses:\t${(s.addresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`);
    w.write(1, `NotReadyAddresses:\t${(s.notReadyAddresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`);
    if ((s.ports ?? []).length) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of s.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(0, '\n');
  }
  describeEvents(w, events, now);
  return w.toString();
});

registerDescriber('EndpointSlice', (eps, { events, now }) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${eps.metadata.name}\n`);
  w.write(0, `Namespace:\t${eps.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', eps.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
  w.write(0, `AddressType:\t${eps.addressType ?? ''}\n`);
  if (!(eps.ports ?? []).length) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of eps.ports) w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? 'TCP'}\n`);
  }
  if (!(eps.endpoints ?? []).length) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    for (const e of eps.endpoints) {
      w.write(1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      w.write(3, `Ready:\t${e.conditions?.ready ?? '<unset>'}\n`);
      w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  describeEvents(w, events, now);
  return w.toString();
});

registerDescriber('PodDisruptionBudget', (pdb, { events, now }) => {
  const w = new PrefixWriter();
  const st = pdb.status ?? {};
  w.write(0, `Name:\t${pdb.metadata.name}\n`);
  w.write(0, `Namespace:\t${pdb.metadata.namespace}\n`);
  if (pdb.spec?.minAvailable != null) w.write(0, `Min available:\t${pdb.spec.minAvailable}\n`);
  else if (pdb.spec?.maxUnavailable != null) w.write(0, `Max unavailable:\t${pdb.spec.maxUnavailable}\n`);
  w.write(0, `Selector:\t${pdb.spec?.selector ? formatSelector(pdb.spec.selector) : '<unset>'}\n`);
  w.write(0, 'Status:\n');
  w.write(2, `Allowed disruptions:\t${st.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${st.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${st.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${st.expectedPods ?? 0}\n`);
  describeEvents(w, events, now);
  return w.toString();
});
