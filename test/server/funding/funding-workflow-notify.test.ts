import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../../server/clock.js';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { CapturedMailModel, NotificationModel } from '../../../server/notifications/notifications.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, signInAs, type SignedIn } from '../../setup/factories.js';
import { startTestApp } from '../../setup/test-app.js';
import { heard, untilSignalled } from '../../setup/wait.js';
import { MAIL_CONFIG, withEmail } from '../referrals/loop-fixture.js';
import { caseWithCard, draft, moved, PATIENT_NAME } from './requests-fixture.js';

/**
 * Who hears of a funding request's approval (issue 12, decision 0025), in the app and by e-mail:
 * the hospital's heads of social work when it is submitted (not another hospital's), whoever wrote
 * it when it is approved or returned. Subjects and bodies name the hospital and the reference only,
 * never the patient, the justification or the reason.
 */
const clock = settableClock('2026-12-07T03:00:00Z');
const t = await startTestApp(MAIL_CONFIG, { clock, worker: { only: ['events.dispatch'] } });
let demo: RunningDemoHospital;
let fhir: Client;
let home: HospitalView;
let sw: SignedIn;
let colleague: SignedIn;
let lead: SignedIn;
let lead2: SignedIn;
let otherLead: SignedIn;
let caseId: string;
let patientId: string;
const JUSTIFICATION = 'Gia đình hộ nghèo, không đủ khả năng chi trả phần cùng chi trả';
const REASON = 'Thiếu hoá đơn của khoa Ung bướu';

beforeAll(async () => {
  demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 2, seed: 1414, now: clock.now() });
  fhir = new Client({ baseUrl: demo.baseUrl });
  home = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Đa khoa tỉnh Lào Cai' });
  sw = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  colleague = await signInAs(t.app, 'social_worker', { hospitalId: home.id });
  lead = await signInAs(t.app, 'sw_lead', { hospitalId: home.id });
  lead2 = await signInAs(t.app, 'sw_lead', { hospitalId: home.id });
  otherLead = await signInAs(t.app, 'sw_lead', { hospitalId: (await makeFhirHospital(demo.baseUrl)).id });
  const admin = await signInAs(t.app, 'admin');
  for (const [i, who] of [sw, colleague, lead, lead2, otherLead].entries()) await withEmail(admin, who, `nguoi${i}@nhipcau-thu.example.vn`);
  ({ caseId, patientId } = await caseWithCard(sw, fhir, { number: 'GD4010123456789' }));
});

afterAll(async () => {
  await t.close();
  await demo?.stop();
});

/** Waits (on the consumer's checkpoint) until this request's notifications number `count`; who got which, oldest first. */
async function told(requestId: string, count: number): Promise<Map<string, string[]>> {
  const link = `/funding/${requestId}`;
  await untilSignalled(() => NotificationModel.countDocuments({ link }), (c) => c >= count, heard.consumed('notifications.funding-requests'), { what: `${count} notifications of ${requestId}`, timeoutMs: 15_000 });
  const rows = await NotificationModel.find({ link }).sort({ createdAt: 1, _id: 1 }).lean<{ template: string; recipientId: { toHexString(): string } }[]>();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.recipientId.toHexString(), [...(out.get(r.recipientId.toHexString()) ?? []), r.template]);
  return out;
}

describe('a request’s approval, told', () => {
  it('submitted → the hospital’s heads; returned, then approved → its writer; nobody else; no patient in any mail', async () => {
    const d = await draft(sw, caseId, { justification: JUSTIFICATION });
    await moved(sw, d.id, { move: 'submit' });
    let map = await told(d.id, 2);
    expect(map.get(lead.user.id)).toEqual(['funding.submitted']);
    expect(map.get(lead2.user.id)).toEqual(['funding.submitted']);
    await moved(lead, d.id, { move: 'return', reason: REASON });
    await moved(sw, d.id, { move: 'submit' });
    await moved(lead2, d.id, { move: 'approve' });
    map = await told(d.id, 2 + 1 + 2 + 1);
    expect(map.get(sw.user.id)).toEqual(['funding.returned', 'funding.approved']);
    for (const who of [colleague, otherLead]) expect(map.get(who.user.id), 'not told').toBeUndefined();
    expect(map.get(lead.user.id)).toEqual(['funding.submitted', 'funding.submitted']);

    const bell = (await sw.agent.get('/api/v1/notifications').expect(200)).body.data as { template: string; params: Record<string, string> }[];
    expect(bell.find((b) => b.template === 'funding.approved')?.params).toEqual({ hospital: home.name, reference: d.reference });
    const mails = await CapturedMailModel.find({ text: { $regex: `/funding/${d.id}` } }).lean();
    expect(mails).toHaveLength(6);
    const approved = mails.find((m) => m.subject.startsWith('Đề nghị hỗ trợ của bạn đã được duyệt'));
    expect(approved?.text).toContain(`${home.name} đã duyệt đề nghị hỗ trợ ${d.reference as string}`);
    for (const m of mails) {
      for (const secret of [PATIENT_NAME, 'Lò', patientId, caseId, JUSTIFICATION, REASON, d.reference as string]) {
        expect(m.subject).not.toContain(secret);
        if (secret !== d.reference) expect(m.text).not.toContain(secret);
      }
    }
  });

  it('a head who writes and submits is told with the other heads; the writer is not told of their own return', async () => {
    const d = await draft(lead, caseId);
    await moved(lead, d.id, { move: 'submit' });
    await moved(lead, d.id, { move: 'return', reason: REASON });
    // Submitted again: once that is told, the return before it (same stream, in order) has been handled.
    await moved(lead, d.id, { move: 'submit' });
    const map = await told(d.id, 4);
    expect(map.get(lead2.user.id)).toEqual(['funding.submitted', 'funding.submitted']);
    expect(map.get(lead.user.id)).toEqual(['funding.submitted', 'funding.submitted']);
  });
});
