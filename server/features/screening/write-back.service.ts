import type { Types } from 'mongoose';
import { systemClock, type Clock } from '../../clock.js';
import { registerConsumer } from '../../events/dispatch.js';
import type { DomainEvent } from '../../events/events.model.js';
import type { JobContext } from '../../jobs/scheduler.js';
import type { OutboxRecord } from '../../fhir/outbox/outbox.model.js';
import { enqueueOutbox, newOutboxId, registerOutboxKind, retryNow } from '../../fhir/outbox/outbox.service.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findPatient } from '../patients/patients.service.js';
import { buildWriteBackResources } from './write-back.resources.js';
import { FlagModel, ScreeningModel, type FlagRecord, type ScreeningRecord } from './screening.model.js';

/**
 * Write-back of the module's findings to the hospital's FHIR server (switchable per hospital:
 * `fhir.writeBack`), through the general outbox (server/fhir/outbox, decision 0014). A flag raised
 * while write-back is on is stored already pointing at its outbox entry (`writeBack.outboxId`);
 * the entry itself follows from the `flag.raised` event (the consumer below), not from a call in
 * the screening service. The entry's outcome is shown on the flag (`writeBack.status`, `lastError`).
 */
export const FLAG_KIND = 'flag';

async function markFlag(flagId: Types.ObjectId, status: FlagRecord['writeBack']['status'], outboxId: Types.ObjectId | null, lastError: string | null): Promise<void> {
  await FlagModel.updateOne({ _id: flagId }, { $set: { writeBack: { status, outboxId, lastError } } });
}

/** The Flag, its Observations, Condition and QuestionnaireResponse, as one transaction of PUTs to ids the module owns. */
async function buildFlagResources(flagId: Types.ObjectId): Promise<ReturnType<typeof buildWriteBackResources>> {
  const flag = await FlagModel.findById(flagId).lean<FlagRecord>();
  if (!flag) throw new Error('the flag no longer exists');
  const [screening, record] = await Promise.all([ScreeningModel.findById(flag.screeningId).lean<ScreeningRecord>(), findPatient(flag.patientId.toHexString())]);
  if (!screening || !record) throw new Error('the flag’s screening or patient record no longer exists');
  return buildWriteBackResources(record, screening, flag);
}

registerOutboxKind({
  kind: FLAG_KIND,
  build: buildFlagResources,
  onOutcome: (entry: Pick<OutboxRecord, '_id' | 'status' | 'lastError'>, flagId: Types.ObjectId) => markFlag(flagId, entry.status, entry._id, entry.lastError),
});

/** The outbox entry of a flag raised while write-back was on; idempotent (the entry's id is on the flag). */
async function queueRaisedFlag(e: DomainEvent, ctx: Pick<JobContext, 'clock'>): Promise<void> {
  const flag = await FlagModel.findById(String(e.data.flagId)).lean<FlagRecord>();
  if (!flag?.writeBack.outboxId || flag.writeBack.status === 'disabled') return;
  await enqueueOutbox({ id: flag.writeBack.outboxId, kind: FLAG_KIND, subjectId: flag._id, hospitalId: flag.hospitalId }, ctx.clock);
}

registerConsumer({ name: 'fhir-write-back', types: ['flag.raised'], handle: queueRaisedFlag });

/** The `writeBack` a new flag is stored with: pointing at its (future) outbox entry when the hospital writes back. */
export function initialWriteBack(writeBack: boolean): FlagRecord['writeBack'] {
  return { status: writeBack ? 'pending' : 'disabled', outboxId: writeBack ? newOutboxId() : null, lastError: null };
}

/**
 * A user's "try again now": the flag's entry is sent while they wait. A flag without an entry yet
 * (its event not handled yet, or raised before the entry was stored) gets it queued first; a flag
 * raised while write-back was off is not sent on a retry either.
 */
export async function retryFlagWriteBack(flag: FlagRecord, clock: Clock = systemClock): Promise<OutboxRecord | null> {
  let outboxId = flag.writeBack.outboxId;
  if (!outboxId) {
    const h = await findHospital(flag.hospitalId.toHexString());
    if (!h?.fhir.writeBack) return null;
    outboxId = newOutboxId();
    await markFlag(flag._id, 'pending', outboxId, null);
  }
  const sent = await retryNow(outboxId, clock.now());
  if (sent) return sent;
  await enqueueOutbox({ id: outboxId, kind: FLAG_KIND, subjectId: flag._id, hospitalId: flag.hospitalId }, clock);
  return retryNow(outboxId, clock.now());
}

export { OutboxModel } from '../../fhir/outbox/outbox.model.js';

