import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from './duplicate-key.js';

/**
 * Named leases in MongoDB, so a job never runs twice at once, even across service instances.
 * Acquire is one conditional upsert: it takes a free or expired lease, or renews one we hold;
 * when another owner holds it, the filter misses and the upsert's insert hits the unique _id
 * (E11000), which means "taken". The holder renews it while working (a heartbeat); a crashed
 * holder's lease expires and the next runner takes over.
 */
interface LeaseRecord {
  _id: string;
  owner: string;
  expiresAt: Date;
}

const LeaseModel = mongoose.model<LeaseRecord>(
  'Lease',
  new Schema<LeaseRecord>({ _id: String, owner: { type: String, required: true }, expiresAt: { type: Date, required: true } }, { collection: 'leases', versionKey: false }),
);

export async function acquireLease(name: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  try {
    const res = await LeaseModel.findOneAndUpdate(
      { _id: name, $or: [{ expiresAt: { $lte: now } }, { owner }] },
      { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return res?.owner === owner;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Extends a lease we hold; false when it was lost (expired and taken by another owner). */
export async function renewLease(name: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const res = await LeaseModel.updateOne({ _id: name, owner }, { $set: { expiresAt: new Date(now.getTime() + ttlMs) } });
  return res.matchedCount === 1;
}

export async function releaseLease(name: string, owner: string): Promise<void> {
  await LeaseModel.deleteOne({ _id: name, owner });
}

export async function leaseHolder(name: string, now = new Date()): Promise<string | null> {
  const l = await LeaseModel.findById(name).lean();
  return l && l.expiresAt > now ? l.owner : null;
}
