/**
 * Go formatting helpers and the exact probe output texts (pkg/probe/{exec,http,tcp,grpc},
 * k8s.io/cri-client remote_runtime.go, net/http client errors).
 */
import type { Container, EnvVar } from 'kubernetes-types/core/v1';

/** 10 KiB: exec maxReadLength and http maxRespBodyLength. */
export const MAX_OUTPUT = 10 * 1024;

/** time.Duration.String() for a whole number of seconds: 1s, 30s, 1m30s, 1h0m0s. */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const neg = seconds < 0;
  let s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const out = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  return neg ? '-' + out : out;
}

/** strconv.Quote (what %q prints) for the strings that occur here. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** net.JoinHostPort. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function validEncoded(s: string): boolean {
  return !/%(?![0-9A-Fa-f]{2})/.test(s);
}

/** Escape what Go's URL.EscapedPath would escape (roughly: not unreserved and not a path sub-delim). */
function escapePath(p: string): string {
  let out = '';
  for (const ch of p) {
    if (/[A-Za-z0-9\-_.~$&+,/:;=@!'()*]/.test(ch) || ch === '%') out += ch;
    else out += encodeURIComponent(ch);
  }
  return out;
}

/**
 * pkg/probe/http/request.go formatURL: url.Parse(path), then force scheme and host (JoinHostPort).
 * Returns the URL string and the request-URI part (path?query).
 */
export function formatURL(scheme: string, host: string, port: number, path: string): { url: string; requestURI: string } {
  let p = path;
  let query: string | undefined;
  let fragment: string | undefined;
  const hash = p.indexOf('#');
  if (hash >= 0) {
    fragment = p.slice(hash + 1);
    p = p.slice(0, hash);
  }
  const q = p.indexOf('?');
  if (q >= 0) {
    query = p.slice(q + 1);
    p = p.slice(0, q);
  }
  if (!validEncoded(p) || (query !== undefined && !validEncoded(query))) {
    // url.Parse failed: the whole string becomes the Path (and gets escaped on output).
    p = path.replace(/%/g, '%25');
    query = undefined;
    fragment = undefined;
  }
  let ep = escapePath(p);
  if (ep !== '' && !ep.startsWith('/')) ep = '/' + ep; // URL.String adds the slash when a host is present
  const requestURI = (ep === '' ? '/' : ep) + (query ? '?' + query : '');
  const url = `${scheme}://${joinHostPort(host, port)}${ep}${query ? '?' + query : ''}${fragment ? '#' + fragment : ''}`;
  return { url, requestURI };
}

/** textproto.CanonicalMIMEHeaderKey. */
export function canonicalHeaderKey(k: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(k)) return k;
  let upper = true;
  let out = '';
  for (const ch of k) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === '-';
  }
  return out;
}

/** third_party/forked/golang/expansion Expand with kubecontainer.ExpandContainerCommandOnlyStatic's mapping. */
export function expandCommandOnlyStatic(command: string[], env: EnvVar[] | undefined): string[] {
  const vars = new Map<string, string>();
  for (const e of env ?? []) vars.set(e.name, e.value ?? '');
  const mapping = (name: string) => (vars.has(name) ? vars.get(name)! : `$(${name})`);
  return command.map((input) => {
    let out = '';
    let checkpoint = 0;
    for (let cursor = 0; cursor < input.length; cursor++) {
      if (input[cursor] === '$' && cursor + 1 < input.length) {
        out += input.slice(checkpoint, cursor);
        const rest = input.slice(cursor + 1);
        let read: string;
        let isVar = false;
        let advance = 1;
        if (rest[0] === '$') read = '$';
        else if (rest[0] === '(') {
          const close = rest.indexOf(')', 1);
          if (close >= 1) {
            read = rest.slice(1, close);
            isVar = true;
            advance = close + 1;
          } else read = '$(';
        } else read = '$' + rest[0];
        out += isVar ? mapping(read) : read;
        cursor += advance;
        checkpoint = cursor + 1;
      }
    }
    return out + input.slice(checkpoint);
  });
}

/**
 * pkg/probe/util.go ResolveContainerPort: an int, a named container port, or a number in a string.
 * Errors are the Go error texts.
 */
export function resolveContainerPort(param: number | string | undefined, container: Container): { port: number } | { err: string } {
  let port: number;
  if (typeof param === 'number') port = param;
  else if (typeof param === 'string') {
    const named = (container.ports ?? []).find((p) => p.name === param);
    if (named) port = named.containerPort;
    else if (/^[+-]?\d+$/.test(param)) port = parseInt(param, 10);
    else return { err: `strconv.Atoi: parsing ${goQuote(param)}: invalid syntax` };
  } else return { err: `intOrString had no kind: {Type:0 IntVal:0 StrVal:}` };
  if (port > 0 && port < 65536) return { port };
  return { err: `invalid port number: ${port}` };
}

// ---- exec (cri-client remote_runtime.go execSyncV1 + pkg/probe/exec/exec.go) ----

/** `fmt.Errorf("%w: %q timed out after %s", ErrCommandTimedOut, strings.Join(cmd, " "), timeout)`, returned as the probe output. */
export function execTimeoutText(command: string[], timeoutSeconds: number): string {
  return `command timed out: ${goQuote(command.join(' '))} timed out after ${goDuration(timeoutSeconds)}`;
}

// ---- http (net/http client errors wrapped by url.Error{Op: "Get"}) ----

export function httpErrorText(url: string, hostPort: string, error: string): string {
  let detail: string;
  switch (error) {
    case 'refused':
      detail = `dial tcp ${hostPort}: connect: connection refused`;
      break;
    case 'timeout':
      detail = 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
      break;
    case 'dial-timeout':
      detail = `dial tcp ${hostPort}: i/o timeout (Client.Timeout exceeded while awaiting headers)`;
      break;
    case 'no-route':
      detail = `dial tcp ${hostPort}: connect: no route to host`;
      break;
    case 'eof':
      detail = 'EOF';
      break;
    default:
      detail = error;
  }
  return `Get ${goQuote(url)}: ${detail}`;
}

export function httpStatusFailureText(status: number): string {
  return `HTTP probe failed with statuscode: ${status}`;
}

export function httpRedirectWarningText(body: string): string {
  return `Probe terminated redirects, Response body: ${body}`;
}

// ---- tcp (net.DialTimeout errors) ----

export function tcpErrorText(addr: string, error: string): string {
  switch (error) {
    case 'refused':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'timeout':
      return `dial tcp ${addr}: i/o timeout`;
    case 'no-route':
      return `dial tcp ${addr}: connect: no route to host`;
    default:
      return error;
  }
}

// ---- grpc (pkg/probe/grpc/grpc.go) ----

export function grpcErrorText(addr: string, error: string, timeoutSeconds: number): string {
  const d = goDuration(timeoutSeconds);
  switch (error) {
    case 'refused':
    case 'timeout':
      return `timeout: failed to connect service ${goQuote(addr)} within ${d}: context deadline exceeded`;
    case 'unimplemented':
      return 'error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health';
    case 'rpc-timeout':
      return `timeout: health rpc did not complete within ${d}`;
    case 'not-found':
      return 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service';
    default:
      return `error: health rpc probe failed: ${error}`;
  }
}

export function grpcStatusText(status: string): string {
  return status === 'SERVING' ? 'service healthy' : `service unhealthy (responded with ${goQuote(status)})`;
}
