import { createHash } from 'node:crypto';
import type { Consent, Resource } from '@medplum/fhirtypes';
import { Types } from 'mongoose';
import { consentToFhir } from '../../../fhir-mappings/consent.js';
import type { Clock } from '../../clock.js';
import { registerConsumer } from '../../events/dispatch.js';
import type { DomainEvent } from '../../events/events.model.js';
import { ensureFhirDefinitions } from '../../fhir/definitions.js';
import { OutboxModel, type OutboxRecord } from '../../fhir/outbox/outbox.model.js';
import { enqueueOutbox, registerOutboxKind } from '../../fhir/outbox/outbox.service.js';
import type { JobContext } from '../../jobs/scheduler.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findPatient } from '../patients/patients.service.js';
import { ConsentModel, type ConsentRecord } from './consent.model.js';
import { toConsentView } from './consent.view.js';

/**
 * A consent written back to the hospital's FHIR server as a Consent (fhir-mappings/consent.ts),
 * where the hospital has write-back on (`fhir.writeBack`), through the general outbox (decision
 * 0014). The entries follow from the consent's events, `consent.recorded` and `consent.withdrawn`
 * (the consumer below), not from calls in the consent service. Every entry PUTs the one resource
 * `Consent/nc-consent-<id>` built from the consent as it is when the entry is queued, so the
 * withdrawal replaces the same Consent (status inactive, provision period ended).
 *
 * Order: an entry queued before the withdrawal carries the consent as active; if a failed send of
 * it is retried and lands after the withdrawal's, the hospital would show the consent active
 * again. So when an entry that wrote an active Consent succeeds while the consent is withdrawn,
 * one more entry sends the current state after it (`followUp`). Decision 0022, "FHIR".
 */
export const CONSENT_KIND = 'consent';

/**
 * The entry's id, derived from what caused it (an event id, or the entry it follows up): the
 * consumer may handle an event twice (decision 0014), and the same id makes the second a no-op.
 */
export function consentOutboxId(key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`consent-write-back:${key}`).digest('hex').slice(0, 24));
}

async function buildConsentResources(consentId: Types.ObjectId): Promise<Resource[]> {
  ensureFhirDefinitions(); // the mapping validates the resource against the R4 definitions
  const r = await ConsentModel.findById(consentId).lean<ConsentRecord>();
  if (!r) throw new Error('the consent no longer exists');
  const [patient, hospital] = await Promise.all([findPatient(r.patientId.toHexString()), findHospital(r.hospitalId.toHexString())]);
  if (!patient || !hospital) throw new Error('the consent’s patient record or hospital no longer exists');
  // The narrative says what the consent allowed when it was recorded, or that it was withdrawn; expiry is the period's end.
  const view = toConsentView(r, new Map(), r.withdrawal?.recordedAt ?? r.recordedAt);
  return [consentToFhir({ consent: view, patientFhirId: patient.fhirId, custodian: { kind: 'hospital', id: hospital._id.toHexString(), display: hospital.name } })];
}

/** The status of the Consent an entry wrote. */
function writtenStatus(entry: Pick<OutboxRecord, 'bundle'> | null): Consent['status'] | null {
  const resource = entry?.bundle?.entry?.[0]?.resource;
  return resource?.resourceType === 'Consent' ? resource.status : null;
}

/** After an entry that wrote the consent as active succeeds while it is withdrawn: the current state once more, after it. */
async function followUp(entry: Pick<OutboxRecord, '_id' | 'status'>, consentId: Types.ObjectId): Promise<void> {
  if (entry.status !== 'sent') return;
  const [sent, consent] = await Promise.all([
    OutboxModel.findById(entry._id, { bundle: 1, updatedAt: 1 }).lean<Pick<OutboxRecord, 'bundle' | 'updatedAt'>>(),
    ConsentModel.findById(consentId, { state: 1, hospitalId: 1 }).lean<Pick<ConsentRecord, '_id' | 'state' | 'hospitalId'>>(),
  ]);
  if (!sent || !consent || consent.state !== 'withdrawn' || writtenStatus(sent) !== 'active') return;
  // The send's own time (from the caller's clock) stands in for a clock: onOutcome is given none.
  const clock: Clock = { now: () => sent.updatedAt };
  await enqueueOutbox({ id: consentOutboxId(`after:${entry._id.toHexString()}`), kind: CONSENT_KIND, subjectId: consentId, hospitalId: consent.hospitalId }, clock);
}

registerOutboxKind({ kind: CONSENT_KIND, build: buildConsentResources, onOutcome: followUp });

/** The consumer: one entry per consent event, where the consent's hospital writes back (or has this consent already). */
export async function queueConsentWriteBack(e: DomainEvent, ctx: Pick<JobContext, 'clock'>): Promise<void> {
  const consentId = e.stream.startsWith('consent:') ? e.stream.slice('consent:'.length) : '';
  if (!Types.ObjectId.isValid(consentId)) return;
  const consent = await ConsentModel.findById(consentId, { hospitalId: 1 }).lean<Pick<ConsentRecord, '_id' | 'hospitalId'>>();
  if (!consent) return;
  const hospital = await findHospital(consent.hospitalId.toHexString());
  // A consent already written stays in step even after write-back is switched off: its withdrawal must reach the hospital.
  if (!hospital?.fhir.writeBack && !(await OutboxModel.exists({ kind: CONSENT_KIND, subjectId: consent._id, status: 'sent' }))) return;
  await enqueueOutbox({ id: consentOutboxId(e.id), kind: CONSENT_KIND, subjectId: consent._id, hospitalId: consent.hospitalId }, ctx.clock);
}

registerConsumer({ name: 'fhir-write-back.consent', types: ['consent.recorded', 'consent.withdrawn'], handle: queueConsentWriteBack });
