import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { createLogger } from '../../../server/logger.js';
import { EventModel, toDomainEvent } from '../../../server/events/events.model.js';
import { onConsentWithdrawn, unpublishExpiredConsents } from '../../../server/features/funding/funding.consumers.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { fundingDetailSchema } from '../../../server/features/funding/funding.schemas.js';
import { requestMoney } from '../../../server/features/funding/ledger/ledger.js';
import { Types } from 'mongoose';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';
import { get, marketplaceIds, pledge, published, withdrawConsent, world, type World } from './stories-fixture.js';

/**
 * The consent ends, the story goes at once (issue 12 point 2; decision 0025): withdrawn or run
 * out, the very next marketplace call and partner read no longer show the request (the consent is
 * asked on every request), a new pledge is refused, and a partner that had pledged keeps the money
 * view (story null) and its pledge. Then the records follow: the worker's consumer of
 * consent.withdrawn (and the sweep for expiries) closes the account and unlists the story with a
 * funding.unpublished event, once.
 */
const clock = settableClock('2026-12-07T03:00:00Z'); // Monday 07/12/2026, 10:00 in Vietnam
const TODAY = '2026-12-07';
const t = await startTestApp({}, { clock, worker: { only: ['events.dispatch'] } });
const log = createLogger('silent');
let w: World;

beforeAll(async () => {
  w = await world(t, clock.now());
});
afterAll(async () => {
  await w.demo.stop();
  await t.close();
});

const unpublishedEvents = (id: string): Promise<unknown[]> => EventModel.find({ stream: `funding:${id}`, type: 'funding.unpublished' }).lean();

describe('withdrawing the publish-story consent', () => {
  it('hides the request from the next call, keeps the pledger’s money view and pledge, then unlists it and closes the account', async () => {
    const p = await published(w, TODAY);
    const pledged = await pledge(w.partnerA, p.id, 500_000);
    expect(pledged.status, JSON.stringify(pledged.body)).toBe(201);
    expect(await marketplaceIds(w.partnerB)).toContain(p.id);
    expect((await get(w.partnerB, `/funding-requests/${p.id}`)).body.story).toMatchObject({ listed: true });

    await withdrawConsent(w.sw, p.caseId, p.consentId);

    // The very next requests: the consent is asked on each one.
    expect(await marketplaceIds(w.partnerB)).not.toContain(p.id);
    expect((await get(w.partnerB, `/funding-requests/${p.id}`)).status).toBe(404);
    expect((await pledge(w.partnerB, p.id, 100_000)).status).toBe(404);
    const pledger = await get(w.partnerA, `/funding-requests/${p.id}`);
    expect(pledger.status).toBe(200);
    const view = fundingDetailSchema.parse(pledger.body);
    expect(view.story).toBeNull();
    expect(view.money.pledgedVnd).toBe(500_000);
    expect((await get(w.partnerA, `/pledges/${pledged.body.id as string}`)).body).toMatchObject({ state: 'pending', amountVnd: 500_000 });

    // The worker's consumer makes the records say so.
    const after = await untilSignalled(
      () => FundingRequestModel.findById(p.id).lean(),
      (r) => r?.story?.listed === false,
      heard.consumed('funding.consent-unpublish'),
    );
    expect(after?.story?.unpublishedAt?.toISOString()).toBe(clock.now().toISOString());
    expect((await requestMoney(new Types.ObjectId(p.id))).open).toBe(false);
    const events = (await unpublishedEvents(p.id)) as { data: Record<string, unknown> }[];
    expect(events.map((e) => e.data.reason)).toEqual(['consent-withdrawn']);
    expect((await get(w.partnerA, `/pledges/${pledged.body.id as string}`)).body.state).toBe('pending');
    expect((await get(w.sw, `/funding-requests/${p.id}`)).body.story).toMatchObject({ listed: false, title: expect.any(String) });

    // Handled twice (a consumer resumed after a crash): nothing more.
    const withdrawn = await EventModel.findOne({ type: 'consent.withdrawn', 'data.caseId': p.caseId }).lean();
    await onConsentWithdrawn(toDomainEvent(withdrawn as never), { clock, log, signal: new AbortController().signal, owner: 'test' });
    expect(await unpublishedEvents(p.id)).toHaveLength(1);
  });
});

describe('a publish-story consent that runs out', () => {
  it('hides the request once its last day is over, and the sweep unlists it once', async () => {
    const p = await published(w, TODAY, { validUntil: TODAY });
    expect(await marketplaceIds(w.partnerA)).toContain(p.id);
    clock.set('2026-12-07T16:59:59Z'); // 23:59:59 in Vietnam: still the consent's last day
    expect(await marketplaceIds(w.partnerA)).toContain(p.id);
    expect(await unpublishExpiredConsents({ clock, log })).toBe(0);
    clock.set('2026-12-07T17:00:01Z'); // 00:00:01 on 08/12 in Vietnam
    expect(await marketplaceIds(w.partnerA)).not.toContain(p.id);
    expect((await get(w.partnerA, `/funding-requests/${p.id}`)).status).toBe(404);
    expect((await pledge(w.partnerA, p.id, 100_000)).status).toBe(404);
    expect(await unpublishExpiredConsents({ clock, log })).toBe(1);
    expect(await unpublishExpiredConsents({ clock, log })).toBe(0);
    expect(((await unpublishedEvents(p.id)) as { data: Record<string, unknown> }[]).map((e) => e.data.reason)).toEqual(['consent-expired']);
    expect((await requestMoney(new Types.ObjectId(p.id))).open).toBe(false);
  });
});
