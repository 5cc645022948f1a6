import type { Response } from 'supertest';
import { expect } from 'vitest';
import { AuditModel } from '../../../server/features/audit/audit.model.js';
import type { SignedIn } from '../../setup/factories.js';
import { postConsent, VERBAL } from '../consent/consent-fixture.js';

/**
 * What the receiver tests share: a referral made and moved over HTTP as its two sides would, the
 * consents the patient gives, the case's papers, and the reads the receiver makes.
 */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** A paper of the case, uploaded by its social worker; its id. */
export async function upload(sw: SignedIn, caseId: string, fileName = 'giay-ra-vien.pdf', bytes = PDF): Promise<string> {
  const res = await sw.agent.post(`/api/v1/cases/${caseId}/attachments`).set('x-csrf-token', sw.csrf).field('kind', 'other').attach('file', bytes, fileName);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** The patient's consent to share (purpose by the recipient's kind); `recipient` as the consent API takes it. */
export async function consent(sw: SignedIn, caseId: string, purpose: 'share-hospital' | 'share-charity', recipient: object, givenOn: string, validUntil?: string): Promise<string> {
  const body = { purpose, recipient, givenBy: { kind: 'patient' }, method: VERBAL, givenOn, ...(validUntil ? { validUntil } : {}) };
  const res = await postConsent(sw, caseId, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

export interface ReferTo {
  kind: 'hospital' | 'organisation';
  id: string;
  service?: string;
  documentIds?: string[];
  send?: boolean;
}

export const SUMMARY = 'Trẻ chuyển tuyến điều trị tiếp; gia đình cần hỗ trợ ăn ở tại Hà Nội.';

/** POST /cases/:caseId/referrals as the sender. */
export function refer(sw: SignedIn, caseId: string, to: ReferTo): Promise<Response> {
  return sw.agent
    .post(`/api/v1/cases/${caseId}/referrals`)
    .set('x-csrf-token', sw.csrf)
    .send({
      to: { kind: to.kind, id: to.id },
      service: to.service ?? (to.kind === 'hospital' ? 'continuing-support' : 'funding'),
      needs: ['housing'],
      urgency: 'urgent',
      summary: SUMMARY,
      documentIds: to.documentIds ?? [],
      send: to.send ?? true,
    });
}

/** A referral made (and sent, unless `send: false`); its id. */
export async function referred(sw: SignedIn, caseId: string, to: ReferTo): Promise<string> {
  const res = await refer(sw, caseId, to);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

export function move(who: SignedIn, referralId: string, body: object): Promise<Response> {
  return who.agent.post(`/api/v1/referrals/${referralId}/transitions`).set('x-csrf-token', who.csrf).send(body);
}

export async function moved(who: SignedIn, referralId: string, body: object): Promise<void> {
  const res = await move(who, referralId, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export const readReferral = (who: SignedIn, id: string): Promise<Response> => who.agent.get(`/api/v1/referrals/${id}`);
export const readCase = (who: SignedIn, caseId: string): Promise<Response> => who.agent.get(`/api/v1/cases/${caseId}`);
export const download = (who: SignedIn, referralId: string, attachmentId: string, inline = false): Promise<Response> =>
  who.agent.get(`/api/v1/referrals/${referralId}/documents/${attachmentId}/content${inline ? '?inline=1' : ''}`).buffer(true);

/** The ids of the referrals a user's box lists (first page of 100). */
export async function inbox(who: SignedIn): Promise<string[]> {
  const res = await who.agent.get('/api/v1/referrals?box=inbox&limit=100');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as { id: string }[]).map((r) => r.id);
}

/** The audit entry of one request (by its request id). */
export async function auditOf(res: Response): Promise<Record<string, unknown> | null> {
  return AuditModel.findOne({ requestId: res.headers['x-request-id'] as string, outcome: 'success' }).lean<Record<string, unknown>>();
}

/** Every key of a JSON value, at any depth. */
export function keysOf(value: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        out.add(k);
        walk(inner);
      }
    }
  };
  walk(value);
  return out;
}

/** Keys that would name or locate the patient: none may reach the receiver. */
export const IDENTIFYING_KEYS = ['patientId', 'birthDate', 'nationalId', 'insuranceNumber', 'bhyt', 'cccd', 'address', 'phone', 'mrn', 'fhirId', 'ward', 'bed', 'familyName', 'givenName', 'fullName', 'identifiers'];

/** The receiver's answer carries neither an identifying key nor the patient's name, anywhere. */
export function expectNothingIdentifying(body: unknown, patientName: string): void {
  const keys = keysOf(body);
  expect(IDENTIFYING_KEYS.filter((k) => keys.has(k)), JSON.stringify(body).slice(0, 400)).toEqual([]);
  expect(JSON.stringify(body)).not.toContain(patientName);
}
