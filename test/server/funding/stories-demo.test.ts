import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import { seedDemoFunding } from '../../../server/demo/seed-funding.js';
import { seedDemoNetwork } from '../../../server/demo/seed-network.js';
import { HospitalModel } from '../../../server/features/admin/hospitals.model.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import { marketplaceListSchema } from '../../../server/features/funding/funding.schemas.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { signIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';

/**
 * The demo's marketplace (issue 12 point 2): the demo seed publishes three stories of the Lào Cai
 * provincial hospital's demo patients through the services people use (consent, request, approval,
 * story, publication), so a partner signing in to the demo sees them; run again, it adds nothing.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const PASSWORD = 'demo-password-for-tests';
const t = await startTestApp({}, { clock });
let demo: RunningDemoHospital;

beforeAll(async () => {
  await seedDemoNetwork(PASSWORD);
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 20, seed: 2026, now: clock.now() });
  await HospitalModel.updateOne({ code: 'BVDKLC' }, { $set: { 'fhir.baseUrl': demo.baseUrl, 'fhir.enabled': true, 'fhir.authType': 'none', 'fhir.timeoutMs': 15_000 } });
});
afterAll(async () => {
  await demo.stop();
  await t.close();
});

describe('the demo seed', () => {
  it('publishes three consented stories a demo partner finds on the marketplace, once', async () => {
    expect(await seedDemoFunding(clock.now())).toBe(3);
    const partner = await signIn(t.app, { username: 'doitac.quy-yeu-thuong' }, PASSWORD);
    const res = await partner.agent.get('/api/v1/marketplace');
    expect(res.status).toBe(200);
    const page = marketplaceListSchema.parse(res.body);
    expect(page.total).toBe(3);
    expect(page.data.map((x) => x.diagnosisGroup).sort()).toEqual(['Bệnh tim mạch', 'Chấn thương', 'Ung thư']);
    for (const item of page.data) expect(item.money.leftVnd).toBe(item.money.askedVnd);
    expect(await seedDemoFunding(clock.now())).toBe(0);
    expect(await FundingRequestModel.countDocuments({})).toBe(3);
  });
});
