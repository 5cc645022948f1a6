import { badRequest, OperationOutcomeError, type Filter } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { foldVietnamese } from '../../../fhir-mappings/patient-name.js';
import {
  dateRange,
  normaliseReference,
  paramDef,
  valuesOf,
  type ParamDef,
  type Range,
  type StringValues,
  type TokenValue,
} from './search-values.js';

/**
 * Search filters compiled once per request into predicates over cached values, with FHIR R4
 * semantics (https://hl7.org/fhir/R4/search.html): strings match case- and accent-insensitively
 * from the start (so "nguyen" finds "Nguyễn"), dates compare as time ranges, tokens as
 * [system|]code. @medplum/fhir-router's memory search silently returns nothing for an unknown
 * parameter; a hospital gateway with a typo would then believe there are no patients, so unknown
 * parameters and unsupported modifiers are a 400 here.
 */
export interface CompiledFilter {
  def: ParamDef;
  test(resource: Resource): boolean;
  /** Equality-index keys any match must carry (a union); undefined when the filter cannot use the index. */
  indexKeys: string[] | undefined;
}

const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
type DatePrefix = (typeof DATE_PREFIXES)[number];

const OPERATORS_BY_KIND: Record<ParamDef['kind'], readonly string[]> = {
  token: ['eq', 'not', 'ne', 'missing'],
  reference: ['eq', 'missing'],
  string: ['eq', 'contains', 'exact', 'missing'],
  date: [...DATE_PREFIXES, 'missing'],
  uri: ['eq', 'missing'],
};

export function invalid(message: string): OperationOutcomeError {
  return new OperationOutcomeError(badRequest(message));
}

/** Comma-separated alternatives; "\," is a literal comma. */
function alternatives(value: string): string[] {
  return value.split(/(?<!\\),/).map((s) => s.replace(/\\,/g, ','));
}

export function compileFilter(resourceType: string, filter: Filter): CompiledFilter {
  const def = paramDef(resourceType, filter.code);
  if (!def) throw invalid(`Unknown or unsupported search parameter '${filter.code}' for ${resourceType}`);
  if (!OPERATORS_BY_KIND[def.kind].includes(filter.operator)) {
    throw invalid(`Modifier or prefix '${filter.operator}' is not supported on ${def.kind} parameter '${filter.code}'`);
  }
  if (filter.operator === 'missing') {
    const wantMissing = filter.value === 'true';
    return { def, indexKeys: undefined, test: (r) => isEmpty(valuesOf(r, def)) === wantMissing };
  }
  const values = alternatives(filter.value);
  switch (def.kind) {
    case 'token':
      return tokenFilter(def, filter.operator, values);
    case 'reference':
      return referenceFilter(def, values);
    case 'string':
      return stringFilter(def, filter.operator, values);
    case 'date':
      return dateFilter(def, filter.operator as DatePrefix, values);
    case 'uri':
      return { def, indexKeys: undefined, test: (r) => (valuesOf(r, def) as string[]).some((v) => values.includes(v)) };
  }
}

function isEmpty(values: unknown): boolean {
  return Array.isArray(values) ? values.length === 0 : (values as StringValues).raw.length === 0;
}

interface TokenQuery {
  system: string | undefined;
  code: string | undefined;
  noSystem: boolean;
}

function parseToken(value: string): TokenQuery {
  const bar = value.indexOf('|');
  if (bar < 0) return { system: undefined, code: value.toLowerCase(), noSystem: false };
  const system = value.slice(0, bar).toLowerCase();
  const code = value.slice(bar + 1).toLowerCase();
  return { system: system || undefined, code: code || undefined, noSystem: system === '' };
}

function tokenMatches(t: TokenValue, q: TokenQuery): boolean {
  if (q.noSystem && t.system !== undefined) return false;
  if (q.system !== undefined && t.system !== q.system) return false;
  return q.code === undefined || t.code === q.code;
}

/** Index keys: every token is filed under its code, and under system|code when it has a system. */
export function tokenKeys(t: TokenValue): string[] {
  return t.system === undefined ? [`c:${t.code}`] : [`c:${t.code}`, `s:${t.system}|${t.code}`];
}

function tokenFilter(def: ParamDef, operator: string, values: string[]): CompiledFilter {
  const queries = values.map(parseToken);
  const negate = operator === 'not' || operator === 'ne';
  const test = (r: Resource): boolean => {
    const hit = (valuesOf(r, def) as TokenValue[]).some((t) => queries.some((q) => tokenMatches(t, q)));
    return negate ? !hit : hit;
  };
  const keyable = !negate && queries.every((q) => q.code !== undefined);
  const indexKeys = keyable ? queries.map((q) => (q.system ? `s:${q.system}|${q.code}` : `c:${q.code}`)) : undefined;
  return { def, test, indexKeys };
}

/** "Patient/1", an absolute URL to it, or a bare id (then any of the parameter's target types). */
function referenceFilter(def: ParamDef, values: string[]): CompiledFilter {
  const wanted = values.flatMap((v) =>
    v.includes('/') || v.startsWith('urn:') ? [normaliseReference(v)] : def.targets.map((t) => `${t}/${v}`),
  );
  const set = new Set(wanted);
  return { def, indexKeys: wanted, test: (r) => (valuesOf(r, def) as string[]).some((ref) => set.has(ref)) };
}

function stringFilter(def: ParamDef, operator: string, values: string[]): CompiledFilter {
  if (operator === 'exact') {
    return { def, indexKeys: undefined, test: (r) => (valuesOf(r, def) as StringValues).raw.some((s) => values.includes(s)) };
  }
  const folded = values.map(foldVietnamese);
  const match = operator === 'contains' ? (s: string, q: string) => s.includes(q) : (s: string, q: string) => s.startsWith(q);
  return { def, indexKeys: undefined, test: (r) => (valuesOf(r, def) as StringValues).folded.some((s) => folded.some((q) => match(s, q))) };
}

function dateFilter(def: ParamDef, prefix: DatePrefix, values: string[]): CompiledFilter {
  const queries = values.map((v) => {
    const range = dateRange(v);
    if (!range) throw invalid(`'${v}' is not a FHIR date for parameter '${def.code}'`);
    return range;
  });
  const test = (r: Resource): boolean =>
    (valuesOf(r, def) as Range[]).some((target) => queries.some((q) => compareRange(prefix, target, q)));
  return { def, indexKeys: undefined, test };
}

/**
 * Prefix semantics of https://hl7.org/fhir/R4/search.html#prefix on ranges [start, end): ge and le
 * ask whether the target overlaps the search value or what lies above (below) it, so a stay that
 * ended during the day searched for is `ge` that day. HAPI FHIR answers the same (measured against
 * 8.8.0: test/server/fhir/demo-hospital.server.test.ts), and the census's discharge search relies on it.
 */
function compareRange(prefix: DatePrefix, [ts, te]: Range, [qs, qe]: Range): boolean {
  const within = qs <= ts && te <= qe;
  switch (prefix) {
    case 'eq':
      return within;
    case 'ne':
      return !within;
    case 'gt':
      return te > qe;
    case 'lt':
      return ts < qs;
    case 'ge':
      return te > qs;
    case 'le':
      return ts < qe;
    case 'sa':
      return ts >= qe;
    case 'eb':
      return te <= qs;
    case 'ap':
      return ts < qe && te > qs;
  }
}
