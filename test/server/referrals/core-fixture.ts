import type { Client } from 'fhir-kit-client';
import type { Test } from 'supertest';
import type { SignedIn } from '../../setup/factories.js';
import { caseFor, postConsent, VERBAL } from '../consent/consent-fixture.js';

/**
 * Helpers of the referral core tests (lifecycle, concurrency, due times, lists): a case at the
 * sender's hospital with the patient's consent to a recipient, a referral made and moved through
 * the API as the two sides' staff would.
 */
export type Recipient = { kind: 'hospital' | 'organisation'; id: string };

export function post(who: SignedIn, path: string, body: object): Test {
  return who.agent.post(`/api/v1${path}`).set('x-csrf-token', who.csrf).send(body);
}

export function patch(who: SignedIn, path: string, body: object): Test {
  return who.agent.patch(`/api/v1${path}`).set('x-csrf-token', who.csrf).send(body);
}

/** The patient's verbal consent to share the case with the recipient, given on `givenOn`. */
export async function consentTo(sw: SignedIn, caseId: string, to: Recipient, givenOn: string): Promise<string> {
  const purpose = to.kind === 'hospital' ? 'share-hospital' : 'share-charity';
  const res = await postConsent(sw, caseId, { purpose, recipient: to, givenBy: { kind: 'patient' }, method: VERBAL, givenOn });
  if (res.status !== 201) throw new Error(`consent: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A case at the sender's hospital, with consent to the recipient unless `consent: false`. */
export async function referableCase(sw: SignedIn, fhir: Client, to: Recipient, givenOn: string, consent = true): Promise<string> {
  const { caseId } = await caseFor(sw, fhir);
  if (consent) await consentTo(sw, caseId, to, givenOn);
  return caseId;
}

export function referralBody(to: Recipient, over: object = {}): object {
  return {
    to,
    service: to.kind === 'hospital' ? 'continuing-support' : 'funding',
    needs: ['financial'],
    urgency: 'urgent',
    summary: 'Bé chuyển viện, gia đình cần hỗ trợ tiếp tục',
    ...over,
  };
}

/** Creates (and by default sends) a referral; its id. */
export async function referral(sw: SignedIn, caseId: string, to: Recipient, over: object = {}): Promise<string> {
  const res = await post(sw, `/cases/${caseId}/referrals`, referralBody(to, { send: true, ...over }));
  if (res.status !== 201) throw new Error(`referral: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export function move(who: SignedIn, id: string, body: object): Test {
  return post(who, `/referrals/${id}/transitions`, body);
}

/** A move that must succeed. */
export async function moved(who: SignedIn, id: string, body: object): Promise<Record<string, unknown>> {
  const res = await move(who, id, body);
  if (res.status !== 200) throw new Error(`move ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}
