/** Kubelet prober (Kubernetes v1.36 pkg/kubelet/prober) for the virtual-clock cluster model. */
export { ProberManager, type ContainerProbeStatus } from './manager';
export type {
  ContainerInfo,
  ExecOutcome,
  GrpcOutcome,
  HttpOutcome,
  HttpProbeRequest,
  PodInfo,
  PodProbeSpec,
  ProberCallbacks,
  ProberClock,
  ProberOptions,
  ProbeRunner,
  ProbeType,
  TcpOutcome,
} from './types';
export { goDuration, goQuote, formatURL, execTimeoutText } from './texts';
