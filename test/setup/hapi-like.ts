import type { Bundle, BundleEntry } from '@medplum/fhirtypes';

/**
 * A transaction-response as HAPI FHIR sends it by default (no `Prefer: return=representation`):
 * each entry carries only `response` (status, location with the version, ETag, lastModified) and
 * no `resource` (https://hl7.org/fhir/R4/http.html#transaction-response). Built from a response
 * that does carry the resources, so the ids and versions are the ones the server stored.
 */
export function minimalTransactionResponse(full: Bundle): Bundle {
  const entry: BundleEntry[] = (full.entry ?? []).map((e) => {
    const r = e.resource;
    const version = r?.meta?.versionId ?? '1';
    const status = e.response?.status?.startsWith('201') || version === '1' ? '201 Created' : '200 OK';
    return {
      response: {
        status,
        location: `${r?.resourceType ?? 'Unknown'}/${r?.id ?? ''}/_history/${version}`,
        etag: `W/"${version}"`,
        ...(r?.meta?.lastUpdated ? { lastModified: r.meta.lastUpdated } : {}),
      },
    };
  });
  return { resourceType: 'Bundle', id: full.id ?? 'tx-response', type: 'transaction-response', entry };
}
