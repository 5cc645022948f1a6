import { createHash } from 'node:crypto';
import mongoose, { Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { AppError, validationFailed, type ErrorCode, type ErrorDetail, type ErrorParams } from '../errors.js';
import type { RequestContext } from './route.js';

/**
 * Idempotency-Key for money-moving POSTs (decision 0025). The key is scoped to the caller's
 * organisation or hospital; the first request with a key runs, the answer (status and body, or a
 * 4xx error) is kept and returned to every retry with the same key, route and body. The same key
 * with another body or route: 422 IDEMPOTENCY.KEY_REUSED; a retry while the first runs: 409
 * IDEMPOTENCY.IN_FLIGHT, until `takeOverAfterSeconds` have passed (a process that died mid-way):
 * then the retry runs the operation again, which converges because the money records' ids derive
 * from the key (`idFromKey`). Keys are kept 30 days.
 */
export interface IdempotencyRecord {
  _id: string;
  route: string;
  bodyHash: string;
  state: 'running' | 'done';
  startedAt: Date;
  status: number | null;
  body: unknown;
  error: { status: number; code: ErrorCode; message: string; params?: ErrorParams; details?: ErrorDetail[] } | null;
  expiresAt: Date;
}

const schema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String, required: true },
    route: { type: String, required: true },
    bodyHash: { type: String, required: true },
    state: { type: String, required: true },
    startedAt: { type: Date, required: true },
    status: { type: Number, default: null },
    body: { type: Schema.Types.Mixed, default: null },
    error: { type: Schema.Types.Mixed, default: null },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false, minimize: false },
);
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
export const IdempotencyModel = mongoose.model<IdempotencyRecord>('IdempotencyKey', schema);

const KEEP_MS = 30 * 24 * 3600 * 1000;
const KEY_FORM = /^[\x21-\x7e]{1,100}$/;
let takeOverAfterSeconds = 60;

/** FUNDING_REPAIR_AFTER_SECONDS: how long a running key blocks its retries. */
export function configureIdempotency(opts: { takeOverAfterSeconds: number }): void {
  takeOverAfterSeconds = opts.takeOverAfterSeconds;
}

export interface Answer {
  status: number;
  body: unknown;
}

export interface IdempotencyScope {
  /** `organisation:<id>`, `hospital:<id>` or `user:<id>`: whose keys these are. */
  scope: string;
  /** The route's name (e.g. `pledge.create:<requestId>`): a key reused on another route is refused. */
  route: string;
}

/** The header, checked: 1–100 printable characters (no spaces); else 400 at `headers.idempotency-key`. */
export function idempotencyKey(ctx: RequestContext): string {
  const key = ctx.req.get('idempotency-key');
  if (key === undefined || !KEY_FORM.test(key)) {
    const message = key === undefined ? 'send an Idempotency-Key header with money-moving requests' : 'an Idempotency-Key is 1–100 printable characters without spaces';
    throw validationFailed([{ path: 'headers.idempotency-key', message, code: key === undefined ? 'required' : 'invalid_format' }]);
  }
  return key;
}

/** A record id derived from the scope and key: a retried or resumed request converges on the same records. */
export function idFromKey(scope: IdempotencyScope, key: string, salt = ''): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`${scope.scope}\n${key}\n${salt}`).digest('hex').slice(0, 24));
}

/** Sorted keys, so `{a,b}` and `{b,a}` are the same body. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

export async function withIdempotency(ctx: RequestContext, key: string, scope: IdempotencyScope, run: () => Promise<Answer>): Promise<Answer> {
  const now = ctx.clock.now();
  const _id = `${scope.scope}|${key}`;
  const bodyHash = createHash('sha256').update(canonical(ctx.req.body ?? {})).digest('hex');
  const claimed = await claim({ _id, route: scope.route, bodyHash, state: 'running', startedAt: now, status: null, body: null, error: null, expiresAt: new Date(now.getTime() + KEEP_MS) });
  if (!claimed) {
    const seen = (await IdempotencyModel.findById(_id).lean<IdempotencyRecord>()) as IdempotencyRecord;
    if (seen.route !== scope.route || seen.bodyHash !== bodyHash) throw new AppError(422, 'IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for another request');
    if (seen.state === 'done') return replay(seen);
    if (!(await takeOver(seen, now))) throw new AppError(409, 'IDEMPOTENCY.IN_FLIGHT', 'The first request with this Idempotency-Key is still running; retry shortly', undefined, { 'Retry-After': '2' });
  }
  return settle(_id, run);
}

async function claim(doc: IdempotencyRecord): Promise<boolean> {
  try {
    await IdempotencyModel.collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** A key left running longer than the repair delay: its process died; this retry takes it (conditional on the start it saw). */
async function takeOver(seen: IdempotencyRecord, now: Date): Promise<boolean> {
  if (now.getTime() - seen.startedAt.getTime() < takeOverAfterSeconds * 1000) return false;
  const res = await IdempotencyModel.updateOne({ _id: seen._id, state: 'running', startedAt: seen.startedAt }, { $set: { startedAt: now } });
  return res.modifiedCount === 1;
}

async function settle(_id: string, run: () => Promise<Answer>): Promise<Answer> {
  try {
    const answer = await run();
    await IdempotencyModel.updateOne({ _id }, { $set: { state: 'done', status: answer.status, body: answer.body } });
    return answer;
  } catch (err) {
    // A refusal of the operation (409, 422) is the answer: kept and replayed. Bad input (400: the same body gets it again),
    // access refusals (401, 403, 404) and
    // failures leave nothing (a refused request changes nothing): the key is freed to run again.
    if (err instanceof AppError && [409, 422].includes(err.status)) {
      const error = { status: err.status, code: err.code, message: err.message, ...(err.params ? { params: err.params } : {}), ...(err.details ? { details: err.details } : {}) };
      await IdempotencyModel.updateOne({ _id }, { $set: { state: 'done', error } });
    } else {
      await IdempotencyModel.deleteOne({ _id, state: 'running' });
    }
    throw err;
  }
}

function replay(seen: IdempotencyRecord): Answer {
  if (seen.error) throw new AppError(seen.error.status, seen.error.code, seen.error.message, seen.error.details, undefined, seen.error.params);
  return { status: seen.status as number, body: seen.body };
}
