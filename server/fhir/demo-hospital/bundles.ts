import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { generateResourceGroups, type GeneratorOptions } from './generator.js';

/**
 * The generated data as FHIR transaction Bundles (https://hl7.org/fhir/R4/http.html#transaction)
 * loadable into any R4 server (HAPI, Medplum, this demo server): each entry a PUT to the resource's
 * stable id, so loading twice changes nothing. A patient's resources never straddle two bundles,
 * so each bundle is self-contained for servers that check references on write. meta is left out:
 * versionId and lastUpdated belong to the receiving server.
 */
export const DEFAULT_CHUNK = 500;

function entry(resource: Resource): BundleEntry {
  const { meta: _meta, ...body } = resource;
  const url = `${resource.resourceType}/${resource.id}`;
  return { resource: body as Resource, request: { method: 'PUT', url } };
}

export function* transactionBundles(options: GeneratorOptions, chunkSize = DEFAULT_CHUNK): Generator<Bundle> {
  let entries: BundleEntry[] = [];
  for (const group of generateResourceGroups(options)) {
    if (entries.length > 0 && entries.length + group.length > chunkSize) {
      yield { resourceType: 'Bundle', type: 'transaction', entry: entries };
      entries = [];
    }
    entries.push(...group.map(entry));
  }
  if (entries.length > 0) yield { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
