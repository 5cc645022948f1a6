/**
 * Defensive readers for FHIR JSON that arrives from hospital servers. Hospitals send what their
 * systems send: missing elements, a single object where R4 has an array, numbers where it has
 * strings. The inbound mappers read through these helpers so that a malformed resource yields an
 * explicit problem list instead of a crash (https://hl7.org/fhir/R4/json.html).
 * Pure: no I/O, no clock.
 */

export interface MappingProblem {
  /** Stable code, e.g. 'FHIR.WRONG_TYPE', 'PATIENT.NO_NAME', 'BHYT.UNKNOWN_PROVINCE'. */
  code: string;
  severity: 'error' | 'warning';
  /** FHIRPath-like location, e.g. 'Patient.identifier[2].value'. */
  path: string;
  message: string;
}

/**
 * Result of an inbound mapping. `ok: false` only when the input cannot be read as the expected
 * resource at all (not an object, another resourceType); otherwise the value is as complete as
 * the input allows and `problems` says what was missing or malformed.
 */
export type Mapped<T> = { ok: true; value: T; problems: MappingProblem[] } | { ok: false; value: null; problems: MappingProblem[] };

export type Problems = MappingProblem[];

export interface SimpleCoding {
  system: string | null;
  code: string | null;
  display: string | null;
}

export interface SimpleConcept {
  codings: SimpleCoding[];
  text: string | null;
}

export interface SimpleReference {
  reference: string | null;
  display: string | null;
}

export function warn(problems: Problems, code: string, path: string, message: string): void {
  problems.push({ code, severity: 'warning', path, message });
}

export function fail(problems: Problems, code: string, path: string, message: string): void {
  problems.push({ code, severity: 'error', path, message });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type Opened = { ok: true; resource: Record<string, unknown> } | { ok: false; value: null; problems: Problems };

/**
 * Opens an inbound resource: it must be a JSON object of the expected resourceType. A failure is a
 * Mapped result the caller returns as is.
 */
export function openResource(input: unknown, resourceType: string): Opened {
  const failure = (code: string, path: string, message: string): Opened => ({
    ok: false,
    value: null,
    problems: [{ code, severity: 'error', path, message }],
  });
  if (!isRecord(input)) return failure('FHIR.NOT_A_RESOURCE', resourceType, 'input is not a JSON object');
  if (input.resourceType !== resourceType) {
    const got = typeof input.resourceType === 'string' ? input.resourceType : 'nothing';
    return failure('FHIR.WRONG_RESOURCE_TYPE', 'resourceType', `expected ${resourceType}, got ${got}`);
  }
  return { ok: true, resource: input };
}

/** A trimmed string, or null when absent/empty; numbers are accepted as their text (with a warning). */
export function readString(v: unknown, path: string, problems: Problems): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') {
    warn(problems, 'FHIR.WRONG_TYPE', path, `expected a string, got ${typeof v}; used its text`);
    return String(v);
  }
  warn(problems, 'FHIR.WRONG_TYPE', path, `expected a string, got ${Array.isArray(v) ? 'array' : typeof v}; ignored`);
  return null;
}

export function readBoolean(v: unknown, path: string, problems: Problems): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') {
    warn(problems, 'FHIR.WRONG_TYPE', path, 'expected a boolean, got a string');
    return v === 'true';
  }
  warn(problems, 'FHIR.WRONG_TYPE', path, `expected a boolean, got ${typeof v}; ignored`);
  return null;
}

/** An array; a lone object where R4 has 0..* is wrapped (with a warning), anything else is dropped. */
export function readArray(v: unknown, path: string, problems: Problems): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  if (isRecord(v) || typeof v === 'string') {
    warn(problems, 'FHIR.EXPECTED_ARRAY', path, 'expected an array, got a single value; read it as a one-element array');
    return [v];
  }
  warn(problems, 'FHIR.WRONG_TYPE', path, `expected an array, got ${typeof v}; ignored`);
  return [];
}

export function readRecord(v: unknown, path: string, problems: Problems): Record<string, unknown> | null {
  if (v === undefined || v === null) return null;
  if (isRecord(v)) return v;
  warn(problems, 'FHIR.WRONG_TYPE', path, `expected an object, got ${Array.isArray(v) ? 'array' : typeof v}; ignored`);
  return null;
}

export function readCoding(v: unknown, path: string, problems: Problems): SimpleCoding | null {
  const c = readRecord(v, path, problems);
  if (!c) return null;
  return {
    system: readString(c.system, `${path}.system`, problems),
    code: readString(c.code, `${path}.code`, problems),
    display: readString(c.display, `${path}.display`, problems),
  };
}

/** A CodeableConcept; a bare Coding or a bare string (plain forms some systems send) is accepted. */
export function readConcept(v: unknown, path: string, problems: Problems): SimpleConcept | null {
  if (typeof v === 'string') {
    warn(problems, 'FHIR.WRONG_TYPE', path, 'expected a CodeableConcept, got a string; read it as text');
    return { codings: [], text: v.trim() || null };
  }
  const cc = readRecord(v, path, problems);
  if (!cc) return null;
  if (cc.coding === undefined && (cc.code !== undefined || cc.system !== undefined)) {
    warn(problems, 'FHIR.WRONG_TYPE', path, 'expected a CodeableConcept, got a Coding; read it as one coding');
    const one = readCoding(cc, path, problems);
    return { codings: one ? [one] : [], text: null };
  }
  const codings = readArray(cc.coding, `${path}.coding`, problems)
    .map((c, i) => readCoding(c, `${path}.coding[${i}]`, problems))
    .filter((c): c is SimpleCoding => c !== null);
  return { codings, text: readString(cc.text, `${path}.text`, problems) };
}

export function readReference(v: unknown, path: string, problems: Problems): SimpleReference | null {
  const r = readRecord(v, path, problems);
  if (!r) return null;
  return { reference: readString(r.reference, `${path}.reference`, problems), display: readString(r.display, `${path}.display`, problems) };
}

/** First coding whose system satisfies `match`. */
export function findCoding(concept: SimpleConcept | null, match: (system: string | null) => boolean): SimpleCoding | null {
  return concept?.codings.find((c) => match(c.system)) ?? null;
}

/** Human label of a concept: its text, else the first coding's display, else its code. */
export function conceptLabel(concept: SimpleConcept | null): string | null {
  if (!concept) return null;
  return concept.text ?? concept.codings.find((c) => c.display)?.display ?? concept.codings.find((c) => c.code)?.code ?? null;
}

/** The `meta.lastUpdated` and `id` every mapper reports. */
export function readIdAndUpdated(res: Record<string, unknown>, problems: Problems): { fhirId: string | null; lastUpdated: string | null } {
  const type = typeof res.resourceType === 'string' ? res.resourceType : 'Resource';
  const fhirId = readString(res.id, `${type}.id`, problems);
  if (!fhirId) warn(problems, 'FHIR.NO_ID', `${type}.id`, 'resource has no id; it cannot be referenced back');
  const meta = readRecord(res.meta, `${type}.meta`, problems);
  return { fhirId, lastUpdated: meta ? readString(meta.lastUpdated, `${type}.meta.lastUpdated`, problems) : null };
}

/** A mobile number first (how families are reached in the mountains), else any phone or SMS number. */
export function readPhone(v: unknown, path: string, problems: Problems): string | null {
  const phones = readArray(v, path, problems).filter(
    (t): t is Record<string, unknown> =>
      isRecord(t) && (t.system === 'phone' || t.system === 'sms') && typeof t.value === 'string' && t.value.trim() !== '',
  );
  const best = phones.find((t) => t.use === 'mobile') ?? phones[0];
  return best ? String(best.value).trim() : null;
}
