import { Client } from 'fhir-kit-client';
import { Types } from 'mongoose';
import type { HospitalView } from '../../../server/features/admin/hospitals.schemas.js';
import { FundingRequestModel } from '../../../server/features/funding/funding.model.js';
import type { PayeeKind, PledgeState } from '../../../server/features/funding/funding.schemas.js';
import { DisbursementModel, PledgeModel, type DisbursementState } from '../../../server/features/funding/pledges.model.js';
import { startDemoHospital, type RunningDemoHospital } from '../../../server/fhir/demo-hospital/server.js';
import { makeFhirHospital, makeOrganisation, signInAs, type SignedIn } from '../../setup/factories.js';
import type { TestApp } from '../../setup/test-app.js';
import { caseWithCard, draft } from './requests-fixture.js';

/**
 * Helpers of the receipts, outcomes and statements tests. The request is made through the API on a
 * real case of a real patient (named PATIENT_NAME: the tests look for that name where it must never
 * be); its story's de-identified fields and the money records are then written as the stories part
 * and the ledger leave them (decision 0025's records). How the money moved is the ledger's tests'
 * concern; these tests read what it left.
 */
export { PATIENT_NAME } from './requests-fixture.js';

export interface World {
  demo: RunningDemoHospital;
  fhir: Client;
  home: HospitalView;
  sw: SignedIn;
  lead: SignedIn;
  coordinator: SignedIn;
  orgA: { id: string; name: string };
  orgB: { id: string; name: string };
  partnerA: SignedIn;
  partnerB: SignedIn;
}

export async function world(t: TestApp, now: Date): Promise<World> {
  const demo = await startDemoHospital({ hospitalCode: 'BVDKLC', patients: 1, seed: 1206, now });
  const fhir = new Client({ baseUrl: demo.baseUrl });
  const home = await makeFhirHospital(demo.baseUrl, {}, { name: 'Bệnh viện Đa khoa tỉnh Lào Cai' });
  const orgA = await makeOrganisation({ name: 'Quỹ Vòng Tay Ấm' });
  const orgB = await makeOrganisation({ name: 'Quỹ Bông Sen' });
  return {
    demo,
    fhir,
    home,
    sw: await signInAs(t.app, 'social_worker', { hospitalId: home.id }),
    lead: await signInAs(t.app, 'sw_lead', { hospitalId: home.id }),
    coordinator: await signInAs(t.app, 'coordinator'),
    orgA: { id: orgA.id, name: orgA.name },
    orgB: { id: orgB.id, name: orgB.name },
    partnerA: await signInAs(t.app, 'charity_partner', { organisationId: orgA.id }),
    partnerB: await signInAs(t.app, 'charity_partner', { organisationId: orgB.id }),
  };
}

/** A request on a new case of the hospital, published with its de-identified story (as the stories part leaves it). */
export async function publishedRequest(w: World, over: { ageBand?: string; province?: string } = {}): Promise<{ id: string; reference: string; caseId: string }> {
  const { caseId } = await caseWithCard(w.sw, w.fhir, null);
  const d = await draft(w.sw, caseId);
  const at = new Date('2026-11-20T02:00:00Z');
  const story = {
    title: 'Mẹ đơn thân cần tiền mổ tim',
    text: 'Chị 48 tuổi, làm nương, cần phẫu thuật tim.',
    diagnosisGroup: 'Bệnh tim mạch',
    reviewed: true,
    ageBand: over.ageBand ?? '45-59',
    province: over.province ?? 'Lào Cai',
    needs: ['hospital-fees', 'travel-home'],
    listed: true,
    publishedAt: at,
    unpublishedAt: null,
    reviewedBy: w.sw.user.id,
    reviewedAt: at,
  };
  await FundingRequestModel.updateOne({ _id: d.id }, { $set: { status: 'partly-funded', story } });
  return { id: d.id, reference: d.reference as string, caseId };
}

export interface PledgeSeed {
  amountVnd: number;
  state?: PledgeState;
  createdAt: string;
}

/** A pledge of the organisation on the request, as the ledger leaves it. */
export async function pledge(requestId: string, organisationId: string, p: PledgeSeed): Promise<string> {
  const r = await FundingRequestModel.findById(requestId).lean();
  if (!r) throw new Error('no request');
  const id = new Types.ObjectId();
  const createdAt = new Date(p.createdAt);
  const ended = p.state && p.state !== 'pending';
  await PledgeModel.create({
    _id: id,
    requestId: r._id,
    hospitalId: r.hospitalId,
    organisationId: new Types.ObjectId(organisationId),
    amountVnd: p.amountVnd,
    note: null,
    state: p.state ?? 'pending',
    transferId: id.toHexString(),
    expiresAt: new Date(createdAt.getTime() + 30 * 86_400_000),
    disbursementId: null,
    closingTransferId: ended ? `${id.toHexString()}.${p.state === 'disbursed' ? 'post' : p.state === 'cancelled' ? 'void' : 'expire'}` : null,
    createdBy: 'fixture',
    createdAt,
    endedAt: ended ? createdAt : null,
    version: 1,
  });
  return id.toHexString();
}

export interface PaidSeed {
  amountVnd: number;
  paidOn: string;
  payee?: PayeeKind;
  method?: 'bank-transfer' | 'cash' | 'direct-payment';
  state?: DisbursementState;
}

/** A disbursement of the pledge (its pledge marked disbursed), as the ledger leaves it. */
export async function disbursement(pledgeId: string, paid: PaidSeed): Promise<string> {
  const p = await PledgeModel.findById(pledgeId).lean();
  if (!p) throw new Error('no pledge');
  const id = new Types.ObjectId();
  await DisbursementModel.create({
    _id: id,
    pledgeId: p._id,
    requestId: p.requestId,
    hospitalId: p.hospitalId,
    organisationId: p.organisationId,
    episodeId: null,
    amountVnd: paid.amountVnd,
    returnedVnd: p.amountVnd - paid.amountVnd,
    payee: paid.payee ?? 'hospital-bill',
    payeeName: null,
    method: paid.method ?? 'bank-transfer',
    witness: paid.method === 'cash' ? 'Nguyễn Văn Bình' : null,
    paymentReference: 'UNC-2026-001',
    paidOn: paid.paidOn,
    receipts: [],
    state: paid.state ?? 'done',
    transferIds: [`${id.toHexString()}.post`, `${id.toHexString()}.pay`],
    reversal: null,
    createdBy: 'fixture',
    createdAt: new Date(`${paid.paidOn}T03:00:00Z`),
  });
  await PledgeModel.updateOne({ _id: p._id }, { $set: { state: 'disbursed', disbursementId: id, closingTransferId: `${pledgeId}.post` } });
  return id.toHexString();
}
