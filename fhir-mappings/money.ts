import { readRecord, warn, type Problems } from './read.js';

/**
 * Money in the module is whole Vietnamese đồng held in integers (the đồng has no subunit in use;
 * DOMAIN.md: amounts are whole VND, never floating point). FHIR Money
 * (https://hl7.org/fhir/R4/datatypes.html#Money) is a decimal with a currency; it is converted once,
 * here, on the way in.
 */

/** Round half up (away from zero for negatives) to a whole đồng. */
export function roundHalfUpVnd(x: number): number {
  return x >= 0 ? Math.floor(x + 0.5) : -Math.floor(-x + 0.5);
}

/**
 * `percent` % of an integer amount, rounded half up to a whole đồng, in integer arithmetic
 * (basis points) so that 95 % of 333,333 is 316,666 exactly, not a binary-fraction artefact.
 */
export function applyPercentVnd(amountVnd: number, percent: number): number {
  const bp = Math.round(percent * 100);
  const scaled = Math.abs(amountVnd) * bp;
  const rounded = Math.floor((scaled + 5000) / 10000);
  return amountVnd < 0 ? -rounded : rounded;
}

/**
 * Reads a FHIR Money as whole VND. A missing currency is taken as VND (Vietnamese hospital systems
 * omit it) with a warning; another currency is refused (no exchange rates here); fractions of a
 * đồng are rounded half up with a warning.
 */
export function readMoneyVnd(v: unknown, path: string, problems: Problems): number | null {
  const m = readRecord(v, path, problems);
  if (!m) return null;
  if (typeof m.value === 'string') warn(problems, 'FHIR.WRONG_TYPE', `${path}.value`, 'money value sent as a string; read its number');
  const raw = typeof m.value === 'string' && m.value.trim() !== '' ? Number(m.value) : m.value;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    warn(problems, 'MONEY.NO_VALUE', `${path}.value`, 'money has no numeric value; ignored');
    return null;
  }
  if (m.currency !== undefined && m.currency !== 'VND') {
    warn(problems, 'MONEY.NOT_VND', `${path}.currency`, `currency ${String(m.currency)} is not VND; ignored`);
    return null;
  }
  if (m.currency === undefined) warn(problems, 'MONEY.CURRENCY_ASSUMED', `${path}.currency`, 'no currency; taken as VND');
  const vnd = roundHalfUpVnd(raw);
  if (vnd !== raw) warn(problems, 'MONEY.FRACTIONAL_VND', `${path}.value`, `${raw} rounded to ${vnd} đồng`);
  return vnd;
}
