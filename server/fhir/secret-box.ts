import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Hospital FHIR secrets (passwords, bearer tokens, private keys) are sealed at rest with
 * AES-256-GCM under FHIR_SECRET_KEY, so a database dump or backup does not give away hospital
 * credentials. The API never returns them; only the gateway opens them, to call the hospital.
 */
const PREFIX = 'sealed:v1:';
let key: Buffer | null = null;

export function configureSecretBox(secret: string): void {
  key = createHash('sha256').update(secret).digest();
}

function requireKey(): Buffer {
  if (!key) throw new Error('the FHIR secret box has no key: configureSecretBox() runs at start');
  return key;
}

export function seal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', requireKey(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Opens a sealed value; a value stored before sealing existed is returned as it is. */
export function open(value: string): string {
  if (!isSealed(value)) return value;
  const [iv, tag, body] = value.slice(PREFIX.length).split(':');
  if (!iv || !tag || !body) throw new Error('a sealed FHIR secret is malformed');
  const decipher = createDecipheriv('aes-256-gcm', requireKey(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
