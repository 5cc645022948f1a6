import type { Types } from 'mongoose';
import { vietnamToday, type Clock } from '../../clock.js';
import type { Principal } from '../../http/policy.js';
import { findHospital } from '../admin/hospitals.service.js';
import { findAttachment } from '../cases/attachments.service.js';
import { patientFacts } from '../cases/cases.patients.js';
import { displayNames, type Names } from '../cases/cases.view.js';
import type { FundingRequestRecord } from './funding.model.js';
import { PLEDGEABLE_STATUSES, type FundingDetail, type FundingSummary } from './funding.schemas.js';
import { movesFor } from './funding.workflow.js';
import { requestMoneyMany, type RequestMoney } from './ledger/ledger.js';
import { storyViewFor } from './stories.js';

/**
 * What each viewer sees of a funding request (issue 12, decision 0025): explicit mappers listing
 * every field. The request's hospital ('hospital') sees the patient, the lines, the justification
 * and the documents; a charity partner ('partner') sees the reference, the hospital, the money and
 * the story while listed (stories.ts decides), never the patient, the lines or the case; network
 * staff ('network') see everything but the patient.
 */
export type FundingViewer = FundingDetail['viewer'];

// The preview's answer lives with the part's other shapes (a schemas module the client may import).
export { fundingPreviewSchema, type FundingPreview } from './funding-requests.schemas.js';

export function viewerOf(p: Principal, r: Pick<FundingRequestRecord, 'hospitalId'>): FundingViewer {
  if (p.role === 'charity_partner') return 'partner';
  return p.hospitalId && p.hospitalId === r.hospitalId.toHexString() ? 'hospital' : 'network';
}

const NO_MONEY: RequestMoney = { askedVnd: 0, pledgedVnd: 0, disbursedVnd: 0, leftVnd: 0, open: false };

function moneyOf(r: FundingRequestRecord, m: RequestMoney | undefined): FundingSummary['money'] {
  const money = m ?? { ...NO_MONEY, askedVnd: r.askedVnd };
  return {
    totalVnd: r.lines.reduce((s, l) => s + l.totalVnd, 0),
    insuranceVnd: r.lines.reduce((s, l) => s + l.insuranceVnd, 0),
    askedVnd: r.askedVnd,
    pledgedVnd: money.pledgedVnd,
    disbursedVnd: money.disbursedVnd,
    leftVnd: money.open ? money.leftVnd : 0,
  };
}

interface Lookups {
  hospitals: Map<string, string>;
  money: Map<string, RequestMoney>;
  patients: Map<string, string | null>;
}

async function lookups(rows: readonly FundingRequestRecord[], viewers: readonly FundingViewer[], today: string): Promise<Lookups> {
  const hospitals = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.hospitalId.toHexString()))) hospitals.set(id, (await findHospital(id))?.name ?? '');
  const own: Types.ObjectId[] = rows.filter((_, i) => viewers[i] === 'hospital').map((r) => r.patientId);
  const [money, facts] = await Promise.all([requestMoneyMany(rows.map((r) => r._id)), own.length ? patientFacts(own, today) : Promise.resolve(new Map())]);
  const patients = new Map([...facts].map(([id, f]) => [id as string, (f as { name: string | null }).name]));
  return { hospitals, money, patients };
}

function summaryOf(r: FundingRequestRecord, viewer: FundingViewer, l: Lookups): FundingSummary {
  const hospitalId = r.hospitalId.toHexString();
  const patientId = r.patientId.toHexString();
  return {
    id: r._id.toHexString(),
    reference: r.reference,
    caseId: viewer === 'partner' ? null : r.caseId.toHexString(),
    hospital: { id: hospitalId, name: l.hospitals.get(hospitalId) ?? '' },
    status: r.status,
    urgency: r.urgency,
    neededBy: r.neededBy,
    money: moneyOf(r, l.money.get(r._id.toHexString())),
    patient: viewer === 'hospital' ? { id: patientId, name: l.patients.get(patientId) ?? null } : null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function toFundingSummaries(rows: readonly FundingRequestRecord[], principal: Principal, ctx: { clock: Clock }): Promise<FundingSummary[]> {
  const viewers = rows.map((r) => viewerOf(principal, r));
  const l = await lookups(rows, viewers, vietnamToday(ctx.clock));
  return rows.map((r, i) => summaryOf(r, viewers[i] as FundingViewer, l));
}

async function documentsOf(r: FundingRequestRecord): Promise<FundingDetail['documents']> {
  const out: FundingDetail['documents'] = [];
  for (const id of r.documentIds) {
    const a = await findAttachment(r.caseId.toHexString(), id.toHexString());
    if (a) out.push({ id: a._id.toHexString(), kind: a.kind, fileName: a.fileName });
  }
  return out;
}

/** What the viewer may do now: edit the draft, write the story, post an outcome, its moves; a partner may pledge while listed with money left. */
export function fundingCan(r: FundingRequestRecord, viewer: FundingViewer, p: Principal, money: RequestMoney, story: FundingDetail['story']): string[] {
  if (viewer === 'partner') {
    const pledgeable = (PLEDGEABLE_STATUSES as readonly string[]).includes(r.status) && story?.listed === true && money.open && money.leftVnd > 0;
    return pledgeable ? ['funding.pledge'] : [];
  }
  if (viewer !== 'hospital') return [];
  const can: string[] = [];
  if (r.status === 'draft') can.push('funding.update');
  if (['draft', 'submitted', 'approved', 'published'].includes(r.status)) can.push('funding.story');
  if (money.disbursedVnd > 0) can.push('funding.outcome');
  return [...can, ...movesFor(r, p, money).map((m) => `move:${m}`)];
}

const person = (id: string | null, names: Names): { id: string; name: string | null } | null => (id ? { id, name: names.get(id) ?? null } : null);

/** The request's page, in the viewer's view. */
export async function toFundingDetail(r: FundingRequestRecord, principal: Principal, ctx: { clock: Clock }): Promise<FundingDetail> {
  const viewer = viewerOf(principal, r);
  const l = await lookups([r], [viewer], vietnamToday(ctx.clock));
  const summary = summaryOf(r, viewer, l);
  const money = l.money.get(r._id.toHexString()) ?? { ...NO_MONEY, askedVnd: r.askedVnd };
  const inside = viewer !== 'partner';
  const names = inside ? await displayNames([r.createdBy, ...r.history.map((h) => h.by), ...r.outcomes.map((o) => o.by)]) : new Map();
  const story = await storyViewFor(r, viewer, ctx);
  return {
    ...summary,
    viewer,
    lines: inside ? r.lines.map((x) => ({ ...x })) : [],
    bhyt: inside ? r.bhyt : null,
    justification: inside ? r.justification : null,
    documents: viewer === 'hospital' ? await documentsOf(r) : [],
    episodeId: inside ? r.episodeId : null,
    story,
    outcomes: r.outcomes.map((o) => ({ id: o._id.toHexString(), text: o.text, by: inside ? person(o.by, names) : null, at: o.at.toISOString() })),
    history: r.history.map((h) => ({ from: h.from, to: h.to, by: inside ? person(h.by, names) : null, at: h.at.toISOString(), reason: inside ? h.reason : null })),
    createdBy: inside ? person(r.createdBy, names) : null,
    createdAt: r.createdAt.toISOString(),
    can: fundingCan(r, viewer, principal, money, story),
  };
}
