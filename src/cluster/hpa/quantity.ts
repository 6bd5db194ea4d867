/**
 * Kubernetes resource.Quantity: parsing and canonical printing, enough for the HPA controller
 * (milli-values) and for `kubectl get hpa` TARGETS (e.g. `100m`, `1k`, `100Mi`).
 *
 * Port of k8s.io/apimachinery/pkg/api/resource (quantity.go, amount.go, suffix.go):
 *  - values are kept exactly as mantissa × 10^exponent (BigInt mantissa);
 *  - precision finer than nano (10^-9) is rounded up on parse, as ParseQuantity does;
 *  - `MilliValue()` rounds up (ScaledValue(Milli) uses ceil);
 *  - String() is CanonicalizeBytes: DecimalSI → largest exponent that is a multiple of 3 with an
 *    integer mantissa (`1500m`, `1`, `2k`); BinarySI → powers of 1024 when the value is an integer
 *    ≥ 1024 (`100Mi`), else DecimalSI; DecimalExponent → `e3` style.
 *
 * No shared quantity helper existed in src/cluster when this was written; this one is pure and
 * self-contained so it can be moved there later.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = mantissa × 10^exponent */
  mantissa: bigint;
  exponent: number;
  format: QuantityFormat;
}

const DEC_SUFFIX_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX_POW: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const EXP_DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const POW_BIN_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

export class QuantityParseError extends Error {}

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** Parse a quantity string ("100m", "1.5Gi", "2e3", "0.05"). Throws QuantityParseError. */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === 'number' ? String(input) : input.trim();
  const m = QUANTITY_RE.exec(str);
  if (!m || str === '' || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
    throw new QuantityParseError('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
  }
  const negative = m[1] === '-';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  const suffix = m[4] ?? '';
  let mantissa = BigInt((intPart + fracPart) || '0');
  let exponent = -fracPart.length;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BIN_SUFFIX_POW) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BIN_SUFFIX_POW[suffix] ?? 0);
  } else if (/^[eE]/.test(suffix)) {
    format = 'DecimalExponent';
    exponent += Number(suffix.slice(1));
  } else {
    exponent += DEC_SUFFIX_EXP[suffix] ?? 0;
  }
  // Values more precise than nano are rounded up (away from zero), as ParseQuantity does.
  if (exponent < -9) {
    const drop = pow10(-9 - exponent);
    const q = mantissa / drop;
    mantissa = mantissa % drop === 0n ? q : q + 1n;
    exponent = -9;
  }
  if (negative) mantissa = -mantissa;
  return { mantissa, exponent, format };
}

/** A DecimalSI quantity holding `milli` thousandths (resource.NewMilliQuantity(milli, DecimalSI)). */
export function newMilliQuantity(milli: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { mantissa: BigInt(Math.trunc(milli)), exponent: -3, format };
}

/** A quantity holding an integer value (resource.NewQuantity(v, format)). */
export function newQuantity(value: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { mantissa: BigInt(Math.trunc(value)), exponent: 0, format };
}

/** Ceil division for BigInt (toward +∞). */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a > 0n) === (b > 0n)) ? q + 1n : q;
}

/** Value scaled to 10^scale, rounded up (Quantity.ScaledValue). */
export function scaledValue(q: Quantity, scale: number): number {
  const shift = q.exponent - scale;
  const v = shift >= 0 ? q.mantissa * pow10(shift) : ceilDiv(q.mantissa, pow10(-shift));
  return Number(v);
}

/** Quantity.MilliValue(): the value in thousandths, rounded up. */
export function milliValue(q: Quantity | string): number {
  return scaledValue(typeof q === 'string' ? parseQuantity(q) : q, -3);
}

/** Quantity.Value(): the integer value, rounded up. */
export function intValue(q: Quantity | string): number {
  return scaledValue(typeof q === 'string' ? parseQuantity(q) : q, 0);
}

/** Quantity.AsApproximateFloat64(). */
export function approximateFloat(q: Quantity | string): number {
  const v = typeof q === 'string' ? parseQuantity(q) : q;
  return Number(v.mantissa) * Math.pow(10, v.exponent);
}

/** int64Amount.AsCanonicalBytes: mantissa without trailing zeros, exponent a multiple of 3. */
function canonicalDecimal(mantissa: bigint, exponent: number): { digits: bigint; exponent: number } {
  let amount = mantissa;
  let exp = exponent;
  while (amount !== 0n && amount % TEN === 0n) {
    amount /= TEN;
    exp += 1;
  }
  switch (exp % 3) {
    case 1:
    case -2:
      amount *= TEN;
      exp -= 1;
      break;
    case 2:
    case -1:
      amount *= 100n;
      exp -= 2;
      break;
    default:
      break;
  }
  return { digits: amount, exponent: exp };
}

/** Quantity.String(): the canonical form the API server serialises. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    // CanonicalizeBytes: small values and non-integers are shown as DecimalSI.
    const exactInt = q.exponent >= 0 || q.mantissa % pow10(-q.exponent) === 0n;
    const intVal = q.exponent >= 0 ? q.mantissa * pow10(q.exponent) : q.mantissa / pow10(-q.exponent);
    const abs = intVal < 0n ? -intVal : intVal;
    if (!exactInt || abs < 1024n) {
      format = 'DecimalSI';
    } else {
      let amount = intVal;
      let pow = 0;
      while (pow < 6 && amount !== 0n && amount % 1024n === 0n) {
        amount /= 1024n;
        pow += 1;
      }
      return `${amount}${POW_BIN_SUFFIX[pow] ?? ''}`;
    }
  }
  const { digits, exponent } = canonicalDecimal(q.mantissa, q.exponent);
  if (format === 'DecimalExponent') {
    return exponent === 0 ? `${digits}` : `${digits}e${exponent}`;
  }
  const suffix = EXP_DEC_SUFFIX[exponent];
  return suffix === undefined ? `${digits}e${exponent}` : `${digits}${suffix}`;
}

/** Canonical form of a quantity string ("0.1" → "100m", "1000m" → "1"). */
export function canonicalQuantity(s: string): string {
  return formatQuantity(parseQuantity(s));
}

/** resource.NewMilliQuantity(milli, DecimalSI).String(), e.g. 250 → "250m", 1000 → "1", 2000000 → "2k". */
export function formatMilli(milli: number): string {
  return formatQuantity(newMilliQuantity(milli));
}
