import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource, CapabilityStatementRestResourceSearchParam } from '@medplum/fhirtypes';
import type { PageLimits } from './search.js';
import { supportedParams } from './search-values.js';

/**
 * The CapabilityStatement served at /metadata (https://hl7.org/fhir/R4/capabilitystatement.html),
 * which @medplum/fhir-router does not provide. It lists exactly what this server evaluates: the
 * token, reference, string, date and uri parameters of each type (others are refused with a 400,
 * so the statement and the behaviour agree).
 */
export interface CapabilityOptions {
  baseUrl: string;
  hospitalName: string;
  resourceTypes: readonly string[];
  limits: PageLimits;
  /** The statement's date (the demo's "now", not the wall clock, so it is reproducible). */
  date: string;
}

const INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'] as const;

export function capabilityStatement(o: CapabilityOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: o.date,
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    software: { name: 'Nhịp Cầu demo hospital FHIR server (@medplum/fhir-router)' },
    implementation: { description: `Synthetic data of ${o.hospitalName}; no real patients.`, url: o.baseUrl },
    rest: [
      {
        mode: 'server',
        documentation:
          `Search pages hold ${o.limits.defaultCount} entries unless _count asks otherwise (at most ${o.limits.maxCount}); ` +
          'follow Bundle.link next. Without _sort results are in id order with a keyset cursor. ' +
          'String parameters match from the start of each name or address part (or the whole name), ignoring case and Vietnamese diacritics ' +
          '(name=nguyen finds Nguyễn). Unknown parameters and unsupported modifiers are refused with 400. ' +
          'Transactions are atomic (every write is undone if one entry fails).',
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        resource: o.resourceTypes.map((type) => resourceEntry(type, o.resourceTypes)),
      },
    ],
  };
}

function resourceEntry(type: string, all: readonly string[]): CapabilityStatementRestResource {
  const params = supportedParams(type);
  const definitions = getSearchParameters(type) ?? {};
  const searchParam: CapabilityStatementRestResourceSearchParam[] = params.map((p) => ({
    name: p.code,
    type: p.kind,
    ...(definitions[p.code]?.url ? { definition: definitions[p.code]?.url } : {}),
  }));
  return {
    // Only FHIR resource type names reach here (the hospital's fixed list).
    type: type as CapabilityStatementRestResource['type'],
    interaction: INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalUpdate: true,
    searchInclude: params.filter((p) => p.kind === 'reference').map((p) => `${type}:${p.code}`),
    searchRevInclude: all.flatMap((other) =>
      supportedParams(other)
        .filter((p) => p.kind === 'reference' && p.targets.includes(type))
        .map((p) => `${other}:${p.code}`),
    ),
    searchParam,
  };
}
