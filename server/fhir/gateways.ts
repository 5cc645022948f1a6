import { AppError } from '../errors.js';
import type { HospitalRecord } from '../features/admin/hospitals.model.js';
import type { FhirAuthSettings } from './auth.js';
import { fhirRuntime } from './fhir-runtime.js';
import { FhirKitGateway, type FhirGateway } from './gateway.js';
import { open } from './secret-box.js';

/**
 * One gateway per hospital, rebuilt when the hospital's settings change (keyed by updatedAt).
 * Features get gateways here; they never build fhir-kit-client themselves.
 */
const cache = new Map<string, { version: number; gateway: FhirGateway }>();

/** Pages a gateway follows before it gives up on a server that pages forever; tests lower it to reach it quickly. */
let maxPages = 10_000;

export function setMaxPages(pages: number): void {
  maxPages = pages;
  cache.clear();
}

export function authSettingsOf(h: HospitalRecord): FhirAuthSettings {
  const s = h.fhir.secrets;
  const opened = (v: string | null): string => (v ? open(v) : '');
  switch (h.fhir.authType) {
    case 'basic':
      return { type: 'basic', username: s.username ?? '', password: opened(s.password) };
    case 'bearer':
      return { type: 'bearer', token: opened(s.token) };
    case 'smart-backend':
      return { type: 'smart-backend', clientId: s.clientId ?? '', tokenUrl: s.tokenUrl ?? '', privateKeyPem: opened(s.privateKeyPem), scope: s.scope };
    default:
      return { type: 'none' };
  }
}

export function gatewayFor(h: HospitalRecord): FhirGateway {
  if (!h.fhir.enabled || !h.fhir.baseUrl) {
    throw new AppError(409, 'FHIR.NOT_CONFIGURED', `${h.name} (${h.code}) has no FHIR link set up yet: an admin sets it in the hospital's settings`);
  }
  const key = h._id.toHexString();
  const version = h.updatedAt.getTime();
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.gateway;
  const gateway = new FhirKitGateway({
    hospitalCode: h.code,
    hospitalName: h.name,
    baseUrl: h.fhir.baseUrl,
    auth: authSettingsOf(h),
    timeoutMs: h.fhir.timeoutMs,
    maxPages,
  });
  cache.set(key, { version, gateway });
  return gateway;
}

/**
 * The gateway for one action of a person at the keyboard (search, link, resync): all its calls
 * share one deadline (FHIR_INTERACTIVE_DEADLINE_MS) counted from now. Background work (census
 * sync, write-back) uses gatewayFor and keeps its retries.
 */
export function interactiveGatewayFor(h: HospitalRecord): FhirGateway {
  return gatewayFor(h).interactive(fhirRuntime().interactiveDeadlineMs);
}
