import { AccountModel, TransferModel, type AccountRecord, type TransferRecord } from './ledger.model.js';

/**
 * The ledger's invariants, checked against the immutable transfers (decision 0025); every money
 * test calls it after its scenario. Problems are sentences naming ids, never patient data.
 *  - every transfer's entries sum to 0, and no transfer is left `recorded` (an unfinished operation);
 *  - a pending transfer is closed (post, void, expire) at most once, and posted at most its amount;
 *  - each request account's counters equal what its applied transfers say, and
 *    available = limit − pending − posted ≥ 0, posted ≤ limit.
 */
export async function ledgerInvariants(): Promise<{ ok: boolean; problems: string[] }> {
  const transfers = await TransferModel.find({}).lean<TransferRecord[]>();
  const accounts = await AccountModel.find({ kind: 'request' }).lean<AccountRecord[]>();
  const problems = [...transferProblems(transfers), ...accounts.flatMap((a) => accountProblems(a, transfers.filter((t) => t.credit === a._id || t.debit === a._id)))];
  return { ok: problems.length === 0, problems };
}

function transferProblems(transfers: TransferRecord[]): string[] {
  const problems: string[] = [];
  const byId = new Map(transfers.map((t) => [t._id, t]));
  const closes = new Map<string, number>();
  for (const t of transfers) {
    const sum = t.entries.reduce((s, e) => s + e.amountVnd, 0);
    if (sum !== 0) problems.push(`transfer ${t._id}: entries sum to ${sum}`);
    if (!Number.isSafeInteger(t.amountVnd) || t.amountVnd <= 0) problems.push(`transfer ${t._id}: amount ${t.amountVnd}`);
    if (t.state === 'recorded') problems.push(`transfer ${t._id}: still recorded`);
    if (t.state !== 'applied' || !t.pendingId) continue;
    closes.set(t.pendingId, (closes.get(t.pendingId) ?? 0) + 1);
    const pending = byId.get(t.pendingId);
    if (pending?.state !== 'applied') problems.push(`transfer ${t._id}: closes ${t.pendingId}, which is not an applied pending transfer`);
    else if (t.amountVnd > pending.amountVnd) problems.push(`transfer ${t._id}: posts ${t.amountVnd} of a pledge of ${pending.amountVnd}`);
  }
  for (const [id, n] of closes) if (n > 1) problems.push(`pending transfer ${id}: closed ${n} times`);
  return problems;
}

function accountProblems(a: AccountRecord, mine: TransferRecord[]): string[] {
  const applied = mine.filter((t) => t.state === 'applied');
  const closed = new Set(applied.filter((t) => t.pendingId).map((t) => t.pendingId as string));
  const open = applied.filter((t) => t.kind === 'pending' && t.credit === a._id && !closed.has(t._id));
  const pending = open.reduce((s, t) => s + t.amountVnd, 0);
  const posted = applied.reduce((s, t) => s + (t.kind === 'post' ? t.amountVnd : t.kind === 'reverse' && t.debit === a._id ? -t.amountVnd : 0), 0);
  const problems: string[] = [];
  const say = (what: string): number => problems.push(`account ${a._id}: ${what}`);
  if (a.pendingVnd !== pending) say(`pendingVnd ${a.pendingVnd} but its open pending transfers sum to ${pending}`);
  if (a.postedVnd !== posted) say(`postedVnd ${a.postedVnd} but its posts less reversals sum to ${posted}`);
  if (a.available !== a.limit - a.pendingVnd - a.postedVnd) say(`available ${a.available} ≠ limit ${a.limit} − pending ${a.pendingVnd} − posted ${a.postedVnd}`);
  if (a.available < 0) say(`available ${a.available} below 0`);
  if (a.postedVnd > a.limit) say(`posted ${a.postedVnd} above the limit ${a.limit}`);
  const reserved = new Map(a.reservations.map((r) => [r.transferId, r.amountVnd]));
  if (reserved.size !== open.length || open.some((t) => reserved.get(t._id) !== t.amountVnd)) say(`reservations do not match its open pending transfers`);
  return problems;
}

/** Balance of any account: credits − debits of its applied posted movements (post, pay, reverse). */
export async function accountBalances(accounts: readonly string[]): Promise<Map<string, number>> {
  const rows = await TransferModel.find({ 'entries.account': { $in: accounts }, state: 'applied', kind: { $in: ['post', 'pay', 'reverse'] } }).lean<TransferRecord[]>();
  const out = new Map(accounts.map((a) => [a, 0]));
  for (const t of rows) for (const e of t.entries) if (out.has(e.account)) out.set(e.account, (out.get(e.account) ?? 0) + e.amountVnd);
  return out;
}
