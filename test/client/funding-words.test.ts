import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { toApiError } from '../../client/src/api.js';
import type { LedgerTransfer, TimelineItem } from '../../client/src/api-types.js';
import { timelineSentence } from '../../client/src/features/cases/case-words.js';
import { accountWord, fundingStep, transferSentence } from '../../client/src/features/funding/funding-words.js';
import { identifyingSpans } from '../../client/src/features/funding/story-spans.js';
import { RESOURCES } from '../../client/src/i18n/resources.js';

/**
 * The hospital's funding screens put server answers into words: a refused story's spans (400
 * STORY.IDENTIFYING params.spans, a list of records) are kept by the client's error parser and
 * placed in the text as sent, so the page marks exactly the refused words; each ledger transfer
 * reads as a sentence with the money as `1.500.000 ₫` and no account ids or codes.
 */
const ts: Record<'vi' | 'en', TFunction> = {} as Record<'vi' | 'en', TFunction>;

beforeAll(async () => {
  for (const lng of ['vi', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({
      lng,
      resources: { [lng]: { translation: RESOURCES[lng] } },
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    ts[lng] = instance.t;
  }
});

const refused = (params: object): Response =>
  new Response(
    JSON.stringify({
      error: {
        code: 'STORY.IDENTIFYING',
        message: 'could identify',
        params,
        details: [{ path: 'body.text', code: 'identifying', message: 'phone' }],
        requestId: 'r1',
      },
    }),
    {
      status: 400,
      headers: { 'content-type': 'application/json' },
    },
  );

describe('a refused story’s spans', () => {
  const text = 'Em bị ung thư máu. Liên hệ 0912 345 678 hoặc chị Lò Thị Mai.';
  const phone = { kind: 'phone', start: text.indexOf('0912'), end: text.indexOf('0912') + 12, text: '0912 345 678' };
  const name = { kind: 'name', start: text.indexOf('Lò'), end: text.indexOf('Lò') + 10, text: 'Lò Thị Mai' };

  it('are kept by the error parser and placed in the text as sent, in order', async () => {
    const error = await toApiError(refused({ spans: [name, phone] }));
    expect(error.records.spans).toHaveLength(2);
    const spans = identifyingSpans(error, text);
    expect(spans.map((s) => s.text)).toEqual(['0912 345 678', 'Lò Thị Mai']);
    expect(spans.map((s) => s.kind)).toEqual(['phone', 'name']);
  });

  it('the title’s spans apart from the text’s; offsets outside the text and unknown kinds are dropped', async () => {
    const error = await toApiError(
      refused({
        spans: [phone, { kind: 'phone', start: 50, end: 500, text: 'x' }, { kind: 'rumour', start: 0, end: 2, text: 'Em' }],
        titleSpans: [{ kind: 'name', start: 0, end: 6, text: 'Bé Mai' }],
      }),
    );
    expect(identifyingSpans(error, text).map((s) => s.text)).toEqual(['0912 345 678']);
    expect(identifyingSpans(error, 'Bé Mai cần hoá trị', 'titleSpans').map((s) => s.text)).toEqual(['Bé Mai']);
  });

  it('another error has none', async () => {
    const other = await toApiError(
      new Response(JSON.stringify({ error: { code: 'FUNDING.NO_CONSENT', message: 'no', params: { spans: [phone] } } }), { status: 409 }),
    );
    expect(identifyingSpans(other, text)).toEqual([]);
  });
});

const transfer = (over: Partial<LedgerTransfer>): LedgerTransfer => ({
  id: 't1',
  kind: 'pending',
  debit: { account: 'partner:65a1', label: 'Quỹ Hoa Sen' },
  credit: { account: 'request:65b2', label: 'HT-2026-000001' },
  amountVnd: 1_500_000,
  state: 'applied',
  at: '2026-12-07T01:00:00.000Z',
  pledgeId: 'p1',
  disbursementId: null,
  ...over,
});

describe('the ledger in sentences', () => {
  it('a pledge, a disbursement to the hospital bill, a cancelled pledge, in both languages', () => {
    expect(transferSentence(ts.vi, transfer({}))).toBe('Cam kết 1.500.000 ₫ của Quỹ Hoa Sen');
    expect(transferSentence(ts.en, transfer({}))).toBe('Pledge of 1.500.000 ₫ from Quỹ Hoa Sen');
    const pay = transfer({
      kind: 'pay',
      debit: { account: 'request:65b2', label: 'HT-2026-000001' },
      credit: { account: 'payee:65b2:hospital-bill', label: 'hospital-bill' },
      amountVnd: 500_000,
    });
    expect(transferSentence(ts.vi, pay)).toBe('Giải ngân 500.000 ₫ vào viện phí');
    expect(transferSentence(ts.en, pay)).toBe('Disbursed 500.000 ₫ to the hospital bill');
    expect(transferSentence(ts.vi, transfer({ kind: 'void' }))).toBe('Huỷ cam kết 1.500.000 ₫ của Quỹ Hoa Sen');
    for (const kind of ['pending', 'post', 'void', 'expire', 'pay', 'reverse'] as const) {
      for (const t of [ts.vi, ts.en]) {
        const sentence = transferSentence(t, transfer({ kind }));
        expect(sentence).toContain('1.500.000 ₫');
        expect(sentence).not.toMatch(/partner:|request:|payee:|funding\./);
      }
    }
  });

  it('names accounts in words: the payee kind, the request’s own account, else the server’s label', () => {
    expect(accountWord(ts.vi, 'payee:65b2:patient-family', 'patient-family')).toBe('người bệnh / gia đình');
    expect(accountWord(ts.en, 'request:65b2', 'HT-2026-000001')).toBe("The request's account");
    expect(accountWord(ts.vi, 'partner:65a1', 'Quỹ Hoa Sen')).toBe('Quỹ Hoa Sen');
  });

  it('a withdrawn request stands, in error, where it was withdrawn from', () => {
    const history = [{ from: 'approved' as const, to: 'withdrawn' as const, by: null, at: '2026-12-07T01:00:00.000Z', reason: 'x' }];
    expect(fundingStep({ status: 'withdrawn', history })).toEqual({ index: 2, error: true });
    expect(fundingStep({ status: 'fully-funded', history: [] })).toEqual({ index: 5, error: false });
  });
});

describe('a request’s events on the case timeline', () => {
  it('each event in a sentence in both languages, amounts as 1.500.000 ₫, no codes', () => {
    const events = [
      { type: 'funding.created', data: {} },
      { type: 'funding.status-changed', data: { from: 'submitted', to: 'approved' } },
      { type: 'funding.pledged', data: { pledgeId: 'p1', organisationId: 'o1', amountVnd: 1_500_000 } },
      { type: 'funding.disbursed', data: { disbursementId: 'd1', pledgeId: 'p1', amountVnd: 1_500_000 } },
      { type: 'funding.pledge-ended', data: { pledgeId: 'p1', state: 'expired' } },
      { type: 'funding.unpublished', data: { reason: 'consent-withdrawn' } },
      { type: 'funding.outcome-posted', data: { outcomeId: 'x' } },
      { type: 'funding.something-new', data: {} },
    ];
    const vi = events.map((e) =>
      timelineSentence(
        { id: 'e', kind: 'funding', at: '2026-12-07T01:00:00.000Z', day: '2026-12-07', actor: null, event: e } as TimelineItem,
        ts.vi,
      ),
    );
    expect(vi.slice(0, 4)).toEqual([
      'Tạo đề nghị hỗ trợ tài chính',
      'Đề nghị hỗ trợ: Đã duyệt',
      'Nhà tài trợ cam kết 1.500.000 ₫',
      'Giải ngân 1.500.000 ₫',
    ]);
    const en = events.map((e) =>
      timelineSentence(
        { id: 'e', kind: 'funding', at: '2026-12-07T01:00:00.000Z', day: '2026-12-07', actor: null, event: e } as TimelineItem,
        ts.en,
      ),
    );
    expect(en[1]).toBe('Funding request: Approved');
    for (const sentence of [...vi, ...en]) {
      expect(sentence).not.toMatch(/funding\.|approved|expired|consent-withdrawn|1500000/);
      expect(sentence.length).toBeGreaterThan(5);
    }
  });
});
