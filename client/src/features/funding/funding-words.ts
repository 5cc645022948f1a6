import type { TFunction } from 'i18next';
import type {
  FundingDetail,
  FundingLineSplit,
  FundingMove,
  FundingStatus,
  FundingUrgency,
  LedgerTransfer,
  LineKind,
  PayeeKind,
  PayMethod,
  PledgeState,
} from '../../api-types';
import { formatMoney } from '../../format';

/**
 * The words for funding's codes, in one place for every funding screen (the case page's panel and
 * editor, the request page, the queue, reconciliation, and the partner's screens): the sentences
 * are in the i18n files (`funding.*`); this file only picks the key, one table per language.
 */
export const statusWord = (t: TFunction, s: FundingStatus): string => t(`funding.statuses.${s}`);
export const moveWord = (t: TFunction, m: FundingMove): string => t(`funding.moves.${m}`);
export const lineKindWord = (t: TFunction, k: LineKind): string => t(`funding.lineKinds.${k}`);
export const urgencyWord = (t: TFunction, u: FundingUrgency): string => t(`funding.urgencies.${u}`);
export const splitWord = (t: TFunction, s: FundingLineSplit): string => t(`funding.splits.${s}`);
export const pledgeStateWord = (t: TFunction, s: PledgeState): string => t(`funding.pledgeStates.${s}`);
export const payeeWord = (t: TFunction, p: PayeeKind): string => t(`funding.payees.${p}`);
export const methodWord = (t: TFunction, m: PayMethod): string => t(`funding.methods.${m}`);

/** Before approval in grey/blue, open to partners in blue, funded in green, ended in red. */
export function statusColour(status: FundingStatus): string | undefined {
  switch (status) {
    case 'draft':
      return undefined;
    case 'submitted':
      return 'gold';
    case 'approved':
    case 'published':
    case 'partly-funded':
      return 'blue';
    case 'fully-funded':
    case 'disbursed':
    case 'closed':
      return 'green';
    default:
      return 'red';
  }
}

export function pledgeStateColour(state: PledgeState): string | undefined {
  if (state === 'disbursed') return 'green';
  if (state === 'pending') return 'blue';
  return undefined;
}

/** The request's main path; withdrawn and expired stand where the request was when it ended. */
export const MAIN_PATH = [
  'draft',
  'submitted',
  'approved',
  'published',
  'partly-funded',
  'fully-funded',
  'disbursed',
  'closed',
] as const satisfies readonly FundingStatus[];

export function fundingStep(r: Pick<FundingDetail, 'status' | 'history'>): { index: number; error: boolean } {
  const at = (s: FundingStatus): number => (MAIN_PATH as readonly string[]).indexOf(s);
  if (r.status === 'withdrawn' || r.status === 'expired') {
    const from = r.history.at(-1)?.from ?? 'draft';
    return { index: Math.max(at(from), 0), error: true };
  }
  return { index: at(r.status), error: false };
}

/** The moves the server lets this viewer make now (`can` holds `move:<move>`), the way forward first. */
const ORDER: readonly FundingMove[] = ['submit', 'approve', 'publish', 'close', 'return', 'unpublish', 'withdraw'];
export function allowedMoves(can: readonly string[]): FundingMove[] {
  return ORDER.filter((m) => can.includes(`move:${m}`));
}
/** The moves the server refuses without a reason (fundingMoveBody's rule). */
export const REASON_MOVES: readonly FundingMove[] = ['return', 'withdraw', 'unpublish'];

/**
 * One transfer as a sentence: "Cam kết 1.500.000 ₫ của Quỹ Hoa Sen", "Giải ngân 500.000 ₫ vào viện
 * phí". The server labels each account (`partner:<id>` → the organisation's name, `payee:…` → the
 * payee kind's label); the sentence is picked by the transfer's kind.
 */
export function transferSentence(t: TFunction, x: LedgerTransfer): string {
  const amount = formatMoney(x.amountVnd);
  const payee = payeeOfAccount(x.credit.account) ?? payeeOfAccount(x.debit.account);
  const payeeText = payee ? payeeWord(t, payee) : x.credit.label;
  switch (x.kind) {
    case 'pending':
      return t('funding.ledger.sentences.pending', { amount, partner: x.debit.label });
    case 'post':
      return t('funding.ledger.sentences.post', { amount, partner: x.debit.label });
    case 'pay':
      return t('funding.ledger.sentences.pay', { amount, payee: payeeText });
    case 'void':
      return t('funding.ledger.sentences.void', { amount, partner: x.debit.label });
    case 'expire':
      return t('funding.ledger.sentences.expire', { amount, partner: x.debit.label });
    case 'reverse':
      return t('funding.ledger.sentences.reverse', {
        amount,
        from: accountWord(t, x.debit.account, x.debit.label),
        to: accountWord(t, x.credit.account, x.credit.label),
      });
  }
}

const PAYEES: readonly PayeeKind[] = ['patient-family', 'hospital-bill', 'supplier'];
/** `payee:<requestId>:<kind>` → the kind (decision 0025's account names). */
export function payeeOfAccount(account: string): PayeeKind | null {
  const kind = account.startsWith('payee:') ? account.split(':').at(-1) : undefined;
  return kind && (PAYEES as readonly string[]).includes(kind) ? (kind as PayeeKind) : null;
}

/** An account's name for the balances table: the payee kind in words, else the server's label. */
export function accountWord(t: TFunction, account: string, label: string): string {
  const payee = payeeOfAccount(account);
  if (payee) return payeeWord(t, payee);
  if (account.startsWith('request:')) return t('funding.ledger.requestAccount');
  return label;
}
