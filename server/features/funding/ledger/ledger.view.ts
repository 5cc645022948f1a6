import { findOrganisation } from '../../admin/organisations.service.js';
import type { FundingRequestRecord } from '../funding.model.js';
import type { LedgerView } from '../funding.schemas.js';
import { requestMoney } from './ledger.js';
import { TransferModel, type TransferRecord } from './ledger.model.js';

/**
 * GET /funding-requests/:id/ledger (hospital and network staff): every transfer of the request,
 * oldest first, and each account's balance (applied posted movements) and pending amount (open
 * pending transfers). The balances of a request's accounts sum to 0: each movement does.
 */
const PAYEE_LABELS: Record<string, string> = { 'hospital-bill': 'Viện phí (bệnh viện)', 'patient-family': 'Gia đình người bệnh', supplier: 'Nhà cung cấp' };

async function labelsFor(accounts: readonly string[], r: Pick<FundingRequestRecord, 'reference'>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const a of accounts) {
    const [kind, id, payee] = a.split(':');
    if (kind === 'request') out.set(a, `Đề nghị ${r.reference}`);
    else if (kind === 'payee') out.set(a, PAYEE_LABELS[payee ?? ''] ?? 'Người nhận');
    else out.set(a, (await findOrganisation(id ?? ''))?.name ?? 'Nhà tài trợ');
  }
  return out;
}

/** An operation's transfers share their time: shown in the order money moves (post before pay; the payee's return first). */
const STEP: Record<string, number> = { pending: 0, post: 1, pay: 2, void: 3, expire: 3, reverse: 4 };
const stepOf = (t: TransferRecord): number => STEP[t.kind] ?? 9;
function inTrailOrder(rows: TransferRecord[]): TransferRecord[] {
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime() || stepOf(a) - stepOf(b) || a._id.localeCompare(b._id));
}

function balances(transfers: readonly TransferRecord[]): { posted: Map<string, number>; pending: Map<string, number> } {
  const applied = transfers.filter((t) => t.state === 'applied');
  const closed = new Set(applied.flatMap((t) => (t.pendingId ? [t.pendingId] : [])));
  const posted = new Map<string, number>();
  const pending = new Map<string, number>();
  const add = (m: Map<string, number>, account: string, v: number): void => void m.set(account, (m.get(account) ?? 0) + v);
  for (const t of applied) {
    if (t.kind === 'post' || t.kind === 'pay' || t.kind === 'reverse') for (const e of t.entries) add(posted, e.account, e.amountVnd);
    if (t.kind === 'pending' && !closed.has(t._id)) for (const e of t.entries) add(pending, e.account, e.amountVnd);
  }
  return { posted, pending };
}

export async function ledgerViewOf(r: Pick<FundingRequestRecord, '_id' | 'reference' | 'lines' | 'askedVnd'>): Promise<LedgerView> {
  const [transfers, m] = await Promise.all([TransferModel.find({ requestId: r._id }).sort({ at: 1, _id: 1 }).lean<TransferRecord[]>().then(inTrailOrder), requestMoney(r._id)]);
  const accountIds = [...new Set(transfers.flatMap((t) => [t.debit, t.credit]))];
  const labels = await labelsFor(accountIds, r);
  const { posted, pending } = balances(transfers);
  const label = (a: string): { account: string; label: string } => ({ account: a, label: labels.get(a) ?? a });
  return {
    requestId: r._id.toHexString(),
    money: { totalVnd: r.lines.reduce((s, l) => s + l.totalVnd, 0), insuranceVnd: r.lines.reduce((s, l) => s + l.insuranceVnd, 0), askedVnd: r.askedVnd, pledgedVnd: m.pledgedVnd, disbursedVnd: m.disbursedVnd, leftVnd: m.leftVnd },
    accounts: accountIds.map((a) => ({ ...label(a), balanceVnd: posted.get(a) ?? 0, pendingVnd: pending.get(a) ?? 0 })),
    transfers: transfers.map((t) => ({
      id: t._id,
      kind: t.kind,
      debit: label(t.debit),
      credit: label(t.credit),
      amountVnd: t.amountVnd,
      state: t.state,
      at: t.at.toISOString(),
      pledgeId: t.pledgeId ? t.pledgeId.toHexString() : null,
      disbursementId: t.disbursementId ? t.disbursementId.toHexString() : null,
    })),
  };
}
