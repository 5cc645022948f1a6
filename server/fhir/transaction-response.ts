import type { Bundle } from '@medplum/fhirtypes';

/**
 * What a FHIR server says it did with each entry of a transaction. A transaction-response entry
 * always has `response` (status, location, etag) but carries the `resource` only when the request
 * asked for it (`Prefer: return=representation`), so the ids come from `response.location` first
 * (https://hl7.org/fhir/R4/http.html#transaction-response, #versioning for the ETag form).
 */
export interface WrittenEntry {
  /** The HTTP status the server gives the entry, e.g. 200 or 201. */
  status: number;
  resourceType: string | null;
  id: string | null;
  versionId: string | null;
}

/** `Flag/nc-1/_history/2`, absolute or relative, with or without the history part. */
const LOCATION = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?\/?$/;
/** `W/"2"` or `"2"`. */
const ETAG = /^(?:W\/)?"([^"]+)"$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fromEntry(e: Record<string, unknown>): WrittenEntry | string {
  const response = isObject(e.response) ? e.response : null;
  const statusText = typeof response?.status === 'string' ? response.status : '';
  const status = Number(/^\s*(\d{3})/.exec(statusText)?.[1] ?? NaN);
  if (!Number.isFinite(status)) return 'has an entry without a response status';
  if (status < 200 || status > 299) return `refused an entry (${statusText.trim()})`;
  const location = typeof response?.location === 'string' ? LOCATION.exec(response.location.split('?')[0] ?? '') : null;
  const resource = isObject(e.resource) ? e.resource : null;
  const meta = isObject(resource?.meta) ? resource.meta : null;
  const etag = typeof response?.etag === 'string' ? ETAG.exec(response.etag.trim())?.[1] : undefined;
  return {
    status,
    resourceType: location?.[1] ?? (typeof resource?.resourceType === 'string' ? resource.resourceType : null),
    id: location?.[2] ?? (typeof resource?.id === 'string' ? resource.id : null),
    versionId: location?.[3] ?? etag ?? (typeof meta?.versionId === 'string' ? meta.versionId : null),
  };
}

/**
 * The entries of a transaction-response, one per entry sent, or the reason it cannot be read
 * as one (a string): a server that answered 200 with something else did not confirm the write.
 */
export function readTransactionResponse(b: unknown, sent: number): WrittenEntry[] | string {
  if (!isObject(b) || b.resourceType !== 'Bundle') return 'answered a transaction with something that is not a FHIR Bundle';
  if (b.type !== 'transaction-response') return `answered a transaction with a Bundle of type ${String(b.type)}, not transaction-response`;
  const entries = Array.isArray(b.entry) ? b.entry : [];
  if (entries.length !== sent) return `answered a transaction of ${sent} entries with ${entries.length}`;
  const out: WrittenEntry[] = [];
  for (const e of entries) {
    const r = isObject(e) ? fromEntry(e) : 'has a malformed entry';
    if (typeof r === 'string') return `answered a transaction but ${r}`;
    out.push(r);
  }
  return out;
}

/** True when every entry of a transaction can be sent again without a second copy (PUT, DELETE, GET). */
export function isIdempotentTransaction(b: Bundle): boolean {
  return (b.entry ?? []).every((e) => ['PUT', 'DELETE', 'GET', 'HEAD'].includes(e.request?.method ?? ''));
}
