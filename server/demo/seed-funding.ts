import { Types } from 'mongoose';
import type { Logger } from 'pino';
import { vietnamDayOf } from '../clock.js';
import { HospitalModel, type HospitalRecord } from '../features/admin/hospitals.model.js';
import { UserModel } from '../features/admin/users.model.js';
import { ageOn } from '../features/cases/cases.patients.js';
import { openCaseForFlag, workingCaseOf, type CaseRecord } from '../features/cases/cases.service.js';
import { consentAllows, recordConsent } from '../features/consent/consent.service.js';
import type { ConsentInput } from '../features/consent/consent.schemas.js';
import { FundingRequestModel } from '../features/funding/funding.model.js';
import { fundingCreateBody, type StoryBody } from '../features/funding/funding.schemas.js';
import { createFundingRequest, moveFundingRequest } from '../features/funding/funding.service.js';
import { saveStory } from '../features/funding/stories.js';
import { linkPatient } from '../features/patients/patients.service.js';
import type { Principal } from '../http/policy.js';

/**
 * The demo's marketplace (issue 12 point 2): three requests of the Lào Cai provincial hospital's demo
 * patients, each taken the way people take one: the case opened, the publish-story consent recorded
 * (the patient's, or a guardian's for a child), the request written, submitted by the social worker,
 * approved by the head, the de-identified story written and reviewed, published. Run after the demo
 * FHIR hospitals are linked (the patients are read from them). Idempotent: a hospital that already
 * has listed stories is left alone; a story that fails is logged (ids only) and skipped.
 */
const HOSPITAL = 'BVDKLC';
const DAY_MS = 86_400_000;

interface DemoStory {
  fhirId: string;
  lines: { kind: string; description: string; totalVnd: number; statedInsuranceVnd?: number }[];
  urgency: 'routine' | 'urgent' | 'emergency';
  neededInDays: number;
  story: StoryBody;
}

const STORIES: DemoStory[] = [
  {
    fhirId: 'bvdklc-000011',
    lines: [
      { kind: 'hospital-fees', description: 'Phần viện phí cùng chi trả đợt hoá trị', totalVnd: 18_000_000, statedInsuranceVnd: 14_400_000 },
      { kind: 'travel-home', description: 'Xe đi lại giữa các đợt điều trị', totalVnd: 1_200_000 },
    ],
    urgency: 'urgent',
    neededInDays: 30,
    story: {
      title: 'Cần chi phí cho các đợt hoá trị ung thư máu',
      text: 'Người bệnh đang điều trị hoá chất tại bệnh viện tỉnh. Gia đình làm nương ở vùng cao, thu nhập không đủ chi trả phần viện phí còn lại sau bảo hiểm y tế và tiền xe đi lại giữa các đợt điều trị.',
      diagnosisGroup: 'Ung thư',
      reviewed: true,
    },
  },
  {
    fhirId: 'bvdklc-000012',
    lines: [
      { kind: 'caregiver-meals', description: 'Tiền ăn cho người chăm sóc trong 3 tuần', totalVnd: 2_100_000 },
      { kind: 'medicines-outside-list', description: 'Thuốc ngoài danh mục sau mổ', totalVnd: 3_500_000 },
    ],
    urgency: 'emergency',
    neededInDays: 14,
    story: {
      title: 'Tiền ăn và thuốc sau ca mổ tim',
      text: 'Sau ca mổ tim, người bệnh cần thêm thuốc ngoài danh mục bảo hiểm. Người nhà ở lại chăm sóc ba tuần, gia đình thuộc hộ nghèo nên không lo được tiền ăn hằng ngày.',
      diagnosisGroup: 'Bệnh tim mạch',
      reviewed: true,
    },
  },
  {
    fhirId: 'bvdklc-000013',
    lines: [{ kind: 'medical-devices', description: 'Nẹp và nạng sau phẫu thuật', totalVnd: 4_800_000 }],
    urgency: 'routine',
    neededInDays: 45,
    story: {
      title: 'Nẹp chân để đi lại sau tai nạn lao động',
      text: 'Người bệnh bị gãy chân khi làm rẫy và đã được phẫu thuật. Để tập đi và sớm trở lại làm việc nuôi con, người bệnh cần nẹp và nạng mà gia đình không đủ tiền mua.',
      diagnosisGroup: 'Chấn thương',
      reviewed: true,
    },
  },
];

async function principalOf(username: string): Promise<Principal | null> {
  const u = await UserModel.findOne({ username }).lean<{ _id: Types.ObjectId; username: string; role: Principal['role']; hospitalId: Types.ObjectId | null }>();
  if (!u) return null;
  return { userId: u._id.toHexString(), username: u.username, role: u.role, hospitalId: u.hospitalId?.toHexString() ?? null, organisationId: null, via: 'session', scopes: [] };
}

/** The publish-story consent, the patient's own or a guardian's for a child (the child agreeing from 7). */
function consentFor(age: number | null, today: string): ConsentInput {
  const child = age !== null && age < 16;
  return {
    purpose: 'publish-story',
    recipient: { kind: 'none' },
    givenBy: child ? { kind: 'guardian', name: 'Người giám hộ', relationship: 'mẹ' } : { kind: 'patient' },
    ...(child && age >= 7 ? { childAgreed: true } : {}),
    method: { kind: 'verbal', witnessName: 'Nguyễn Thị Lan' },
    givenOn: today,
  } as ConsentInput;
}

async function caseOf(h: HospitalRecord, fhirId: string, sw: Principal, now: Date): Promise<{ c: CaseRecord; age: number | null }> {
  const { record } = await linkPatient(h, fhirId, sw.userId, now);
  const c = (await workingCaseOf(h._id, record._id)) ?? (await openCaseForFlag({ hospitalId: h._id, patientId: record._id, flagId: new Types.ObjectId(), by: sw.userId, note: null, now }));
  return { c, age: ageOn(record.snapshot.patient.birthDate, vietnamDayOf(now)) };
}

async function publishOne(h: HospitalRecord, s: DemoStory, sw: Principal, lead: Principal, now: Date): Promise<void> {
  const today = vietnamDayOf(now);
  const { c, age } = await caseOf(h, s.fhirId, sw, now);
  if (!(await consentAllows({ caseId: c._id, purpose: 'publish-story', recipient: {} }, now))) await recordConsent(c, consentFor(age, today), { by: sw.userId, now, today });
  const body = fundingCreateBody.parse({ lines: s.lines, urgency: s.urgency, neededBy: vietnamDayOf(new Date(now.getTime() + s.neededInDays * DAY_MS)), justification: 'Gia đình hộ nghèo, đã được xác minh qua giấy chứng nhận của xã.' });
  let r = await createFundingRequest(c, body, sw.userId, now);
  r = await moveFundingRequest(r, { move: 'submit' }, sw, now);
  r = await moveFundingRequest(r, { move: 'approve' }, lead, now);
  r = await saveStory(r, s.story, sw.userId, now);
  await moveFundingRequest(r, { move: 'publish' }, sw, now);
}

/** Publishes the demo stories; how many were published now (0 when the demo already has them). */
export async function seedDemoFunding(now: Date, log?: Logger): Promise<number> {
  const h = await HospitalModel.findOne({ code: HOSPITAL }).lean<HospitalRecord>();
  const sw = await principalOf(`ctxh.${HOSPITAL.toLowerCase()}`);
  const lead = await principalOf(`truong.${HOSPITAL.toLowerCase()}`);
  if (!h || !sw || !lead) return 0;
  if (await FundingRequestModel.exists({ hospitalId: h._id, 'story.listed': true })) return 0;
  let published = 0;
  for (const s of STORIES) {
    try {
      await publishOne(h, s, sw, lead, now);
      published += 1;
    } catch (err) {
      log?.warn({ err, hospital: HOSPITAL, fhirId: s.fhirId }, 'demo funding story not published');
    }
  }
  return published;
}
