import { isDuplicateKey } from '../../../db/duplicate-key.js';
import { TransferModel, type TransferRecord } from './ledger.model.js';

/** Step 1 of every operation: the intent. Inserting an id that exists is the retry of the same operation: the first one is returned. */
export async function writeIntent(t: Omit<TransferRecord, 'state' | 'entries'>): Promise<TransferRecord> {
  const doc: TransferRecord = {
    ...t,
    state: 'recorded',
    entries: [
      { account: t.debit, amountVnd: -t.amountVnd },
      { account: t.credit, amountVnd: t.amountVnd },
    ],
  };
  try {
    await TransferModel.collection.insertOne(doc as never);
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await TransferModel.findById(t._id).lean<TransferRecord>()) as TransferRecord;
  }
}

/** Step 3: the one change a transfer ever sees (conditional: a second mark is a no-op). */
export async function markTransfers(ids: readonly string[], state: 'applied' | 'refused'): Promise<void> {
  await TransferModel.updateMany({ _id: { $in: ids }, state: 'recorded' }, { $set: { state } });
}

export async function findTransfer(id: string): Promise<TransferRecord | null> {
  return TransferModel.findById(id).lean<TransferRecord>();
}
