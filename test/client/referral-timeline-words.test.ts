import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { referralTimelineSentence } from '../../client/src/features/referrals/referral-timeline-words.js';
import { RESOURCES } from '../../client/src/i18n/resources.js';

/**
 * A referral's events on the sender's case timeline (issue 11: "the outcome flows back to the
 * sender's case timeline"): each event type as a sentence in both languages, the completion with
 * the outcome the receiver wrote, and never a code or an English word in Vietnamese.
 */
const ts = {} as Record<'vi' | 'en', TFunction>;

beforeAll(async () => {
  for (const lng of ['vi', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({ lng, resources: { [lng]: { translation: RESOURCES[lng] } }, interpolation: { escapeValue: false }, initAsync: false });
    ts[lng] = instance.t;
  }
});

const event = (type: string, data: Record<string, unknown> = {}) => ({ type, data: { caseId: 'c1', referralId: 'r1', ...data } });

describe('referral events on the case timeline', () => {
  it('quote the outcome on completion, in both languages', () => {
    const done = event('referral.status-changed', { from: 'in-progress', status: 'completed', outcome: 'Đã hỗ trợ 2.000.000 ₫ tiền ăn.' });
    expect(referralTimelineSentence(done, ts.vi)).toBe('Chuyển gửi đã hoàn thành. Kết quả hỗ trợ: Đã hỗ trợ 2.000.000 ₫ tiền ăn.');
    expect(referralTimelineSentence(done, ts.en)).toBe('Referral completed. Help given: Đã hỗ trợ 2.000.000 ₫ tiền ăn.');
    const failed = event('referral.status-changed', { status: 'failed', outcome: 'Gia đình đã về quê.' });
    expect(referralTimelineSentence(failed, ts.vi)).toBe('Chuyển gửi không thực hiện được: Gia đình đã về quê.');
  });

  it('word every event type and state, never with a code or a missing key', () => {
    const events = [
      event('referral.created', { status: 'draft' }),
      event('referral.updated', { fields: ['summary'] }),
      event('referral.sent', { service: 'shelter', urgency: 'urgent' }),
      event('referral.sent', { service: 'not-a-service' }),
      ...['received', 'accepted', 'rejected', 'in-progress', 'on-hold', 'completed', 'failed', 'cancelled'].map((status) => event('referral.status-changed', { status })),
      event('referral.comment-added', { side: 'receiver' }),
      event('referral.escalated', { dueKind: 'accept', dueOn: '2026-12-09' }),
      event('referral.something-new'),
    ];
    for (const lng of ['vi', 'en'] as const) {
      for (const e of events) {
        const sentence = referralTimelineSentence(e, ts[lng]);
        expect(sentence, `${lng} ${e.type}`).not.toMatch(/referral\.|referralTimeline\.|\{\{|in-progress|on-hold|not-a-service/);
        expect(sentence.length, `${lng} ${e.type}`).toBeGreaterThan(5);
      }
    }
    expect(referralTimelineSentence(event('referral.sent', { service: 'shelter' }), ts.vi)).toBe('Gửi chuyển gửi: Nơi tạm lánh');
    expect(referralTimelineSentence(event('referral.status-changed', { status: 'accepted' }), ts.en)).toBe('Referral: Accepted');
  });
});
