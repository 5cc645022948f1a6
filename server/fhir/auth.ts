import { createPrivateKey, randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';

/**
 * How the gateway authenticates to a hospital's FHIR server, from the hospital's settings:
 * none, HTTP basic, a static bearer token, or SMART Backend Services (client-credentials grant
 * with a private-key JWT client assertion: https://hl7.org/fhir/smart-app-launch/backend-services.html).
 */
export type FhirAuthSettings =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | { type: 'smart-backend'; clientId: string; tokenUrl: string; privateKeyPem: string; scope: string | null };

export interface AuthProvider {
  /** The Authorization header value for the next request, or null. */
  header(signal: AbortSignal): Promise<string | null>;
  /** Forget a cached access token (after a 401). */
  invalidate(): void;
}

export function createAuthProvider(settings: FhirAuthSettings): AuthProvider {
  switch (settings.type) {
    case 'none':
      return { header: async () => null, invalidate: () => {} };
    case 'basic': {
      const value = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
      return { header: async () => value, invalidate: () => {} };
    }
    case 'bearer':
      return { header: async () => `Bearer ${settings.token}`, invalidate: () => {} };
    case 'smart-backend':
      return smartBackendProvider(settings);
  }
}

/** RS384 for RSA keys, ES384 for EC keys: the two algorithms SMART Backend Services requires servers to support. */
function algorithmFor(pem: string): 'RS384' | 'ES384' {
  const type = createPrivateKey(pem).asymmetricKeyType;
  if (type === 'rsa') return 'RS384';
  if (type === 'ec') return 'ES384';
  throw new Error(`SMART backend key must be RSA or EC, not ${type}`);
}

function smartBackendProvider(s: Extract<FhirAuthSettings, { type: 'smart-backend' }>): AuthProvider {
  let cached: { token: string; expiresAt: number } | null = null;
  const fetchToken = async (signal: AbortSignal): Promise<{ token: string; expiresAt: number }> => {
    const alg = algorithmFor(s.privateKeyPem);
    const key = await importPKCS8(s.privateKeyPem, alg);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setIssuer(s.clientId)
      .setSubject(s.clientId)
      .setAudience(s.tokenUrl)
      .setJti(randomUUID())
      .setExpirationTime('5m')
      .sign(key);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: s.scope ?? 'system/*.read',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    const res = await fetch(s.tokenUrl, { method: 'POST', body, signal, headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`token endpoint answered HTTP ${res.status}`);
    const json = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string') throw new Error('token endpoint gave no access_token');
    const ttl = typeof json.expires_in === 'number' ? json.expires_in : 300;
    // Process time on purpose, not the app's clock: a token's lifetime is measured against the
    // hospital's token server in real seconds (a test that sets the clock to 2027 must not expire it).
    return { token: json.access_token, expiresAt: Date.now() + Math.max(ttl - 30, 10) * 1000 };
  };
  return {
    header: async (signal) => {
      if (!cached || cached.expiresAt <= Date.now()) cached = await fetchToken(signal);
      return `Bearer ${cached.token}`;
    },
    invalidate: () => {
      cached = null;
    },
  };
}
