import type { Logger } from 'pino';
import { vietnamDayOf, type Clock } from '../../clock.js';
import { AppError, conflict, notFound, type ErrorDetail } from '../../errors.js';
import { updateWithEvent } from '../../events/append.js';
import { patientFacts } from '../cases/cases.patients.js';
import { consentAllows } from '../consent/consent.service.js';
import { findPatient } from '../patients/patients.service.js';
import { fundingEventBase, fundingEvents } from './funding.events.js';
import { FundingRequestModel, type FundingRequestRecord, type FundingStory } from './funding.model.js';
import { PLEDGEABLE_STATUSES, type FundingDetail, type FundingStatus, type IdentifyingSpan, type LineKind, type StoryBody } from './funding.schemas.js';
import { knownOfPatient } from './stories.known.js';
import { screenIdentifying, type KnownIdentifiers } from './stories.screen.js';

/**
 * De-identified stories (issue 12 point 2; DOMAIN.md "Personal data protection"). The social worker
 * writes and reviews the story; it is screened against the patient's own record and the patterns
 * of stories.screen.ts; the partner-facing facts (age band, the new province, the kinds of need)
 * are computed here from the record and the lines, never typed. Publication needs the reviewed
 * story and the patient's publish-story consent in force (checked again on every partner's read:
 * a withdrawal or an expiry hides the story on the very next request).
 */
export { screenIdentifying, NO_KNOWN, type KnownIdentifiers } from './stories.screen.js';

/** A story may be written or revised until partners start funding it. */
export const STORY_STATUSES: readonly FundingStatus[] = ['draft', 'submitted', 'approved', 'published'];
const PLEDGEABLE: readonly string[] = PLEDGEABLE_STATUSES;

/** The patient's own identifiers (names, numbers, phones, address words) the screen looks for. */
export async function knownIdentifiersOf(r: Pick<FundingRequestRecord, 'patientId'>): Promise<KnownIdentifiers> {
  return knownOfPatient(await findPatient(r.patientId.toHexString()));
}

const spanParams = (spans: IdentifyingSpan[]): Record<string, string | number>[] => spans.map((s) => ({ kind: s.kind, start: s.start, end: s.end, text: s.text }));

/**
 * 400 STORY.IDENTIFYING when the text (or the title) could identify the patient: the spans in
 * params for the client to highlight, one detail per field. Outcomes use it too (statements).
 */
export function assertNotIdentifying(fields: { text: string; title?: string }, known: KnownIdentifiers, base = 'body'): void {
  const spans = screenIdentifying(fields.text, known);
  const titleSpans = fields.title === undefined ? [] : screenIdentifying(fields.title, known);
  if (spans.length === 0 && titleSpans.length === 0) return;
  const details: ErrorDetail[] = [];
  if (titleSpans.length) details.push({ path: `${base}.title`, code: 'identifying', message: `could identify the patient: ${titleSpans.map((s) => s.kind).join(', ')}` });
  if (spans.length) details.push({ path: `${base}.text`, code: 'identifying', message: `could identify the patient: ${spans.map((s) => s.kind).join(', ')}` });
  throw new AppError(400, 'STORY.IDENTIFYING', 'The text could identify the patient; change the marked parts', details, undefined, {
    spans: spanParams(spans),
    ...(titleSpans.length ? { titleSpans: spanParams(titleSpans) } : {}),
  });
}

/** Publishing (and a partner's every read) needs the patient's publish-story consent in force now. */
export async function storyConsented(r: Pick<FundingRequestRecord, 'caseId'>, now: Date): Promise<boolean> {
  return (await consentAllows({ caseId: r.caseId, purpose: 'publish-story', recipient: {} }, now)) !== null;
}

/** The request is on the marketplace now: its story listed, open to pledges, the consent in force. */
export async function listedForPartners(r: Pick<FundingRequestRecord, 'caseId' | 'status' | 'story'>, now: Date): Promise<boolean> {
  return r.story?.listed === true && PLEDGEABLE.includes(r.status) && (await storyConsented(r, now));
}

/** A partner's pledge needs the request on the marketplace now; otherwise it does not exist for partners (404). */
export async function assertListedForPartner(r: Pick<FundingRequestRecord, 'caseId' | 'status' | 'story'>, now: Date): Promise<void> {
  if (!(await listedForPartners(r, now))) throw notFound('Funding request');
}

/**
 * Before `publish` moves the request (funding.workflow.ts): a reviewed story (409
 * FUNDING.STORY_NOT_REVIEWED), whose text still passes the screen (400 STORY.IDENTIFYING: the
 * record may have learnt a name since), and the consent in force now (409 FUNDING.NO_CONSENT).
 */
export async function assertPublishable(r: FundingRequestRecord, now: Date): Promise<void> {
  if (!r.story?.reviewed) throw conflict('FUNDING.STORY_NOT_REVIEWED', 'Write the story and confirm it has been reviewed before publishing');
  assertNotIdentifying({ title: r.story.title, text: r.story.text }, await knownIdentifiersOf(r));
  if (!(await storyConsented(r, now))) throw conflict('FUNDING.NO_CONSENT', 'The patient has not consented to publishing a story (or the consent has ended)', { purpose: 'publish-story' });
}

/** The kinds of need the lines ask for, in the lines' order, each once. */
export const needsOf = (r: Pick<FundingRequestRecord, 'lines'>): LineKind[] => [...new Set(r.lines.map((l) => l.kind))];

type StoryView = NonNullable<FundingDetail['story']>;

/** `needs` follow the lines (a draft's lines may change after its story was written). */
function toStoryView(s: FundingStory, r: Pick<FundingRequestRecord, 'lines'>): StoryView {
  return {
    title: s.title,
    text: s.text,
    diagnosisGroup: s.diagnosisGroup,
    reviewed: s.reviewed,
    ageBand: s.ageBand,
    province: s.province,
    needs: needsOf(r),
    listed: s.listed,
    publishedAt: s.publishedAt ? s.publishedAt.toISOString() : null,
    unpublishedAt: s.unpublishedAt ? s.unpublishedAt.toISOString() : null,
  };
}

/**
 * The story as the viewer sees it: the request's hospital and network staff always; a partner only
 * while the request is on the marketplace (a partner that pledged keeps the money, not the story,
 * once it is unpublished or the consent ends).
 */
export async function storyViewFor(r: FundingRequestRecord, viewer: FundingDetail['viewer'], ctx: { clock: Clock }): Promise<FundingDetail['story']> {
  if (!r.story) return null;
  if (viewer !== 'partner') return toStoryView(r.story, r);
  return (await listedForPartners(r, ctx.clock.now())) ? toStoryView(r.story, r) : null;
}

function storyOf(r: FundingRequestRecord, body: StoryBody, facts: { ageBand: string | null; province: string | null }, by: string, now: Date): FundingStory {
  const before = r.story;
  const unchanged = before?.reviewed && before.title === body.title && before.text === body.text && before.diagnosisGroup === body.diagnosisGroup;
  return {
    title: body.title,
    text: body.text,
    diagnosisGroup: body.diagnosisGroup,
    reviewed: body.reviewed,
    ageBand: facts.ageBand,
    province: facts.province,
    needs: needsOf(r),
    listed: before?.listed ?? false,
    publishedAt: before?.publishedAt ?? null,
    unpublishedAt: before?.unpublishedAt ?? null,
    // Who read it as a stranger would, and when: kept while the words stay the same.
    reviewedBy: body.reviewed ? (unchanged ? before.reviewedBy : by) : null,
    reviewedAt: body.reviewed ? (unchanged ? before.reviewedAt : now) : null,
  };
}

/**
 * PUT /funding-requests/:id/story: screened, then written conditionally on the request's status and
 * version (a move in between makes it read again; a story cannot be taken back to unreviewed while
 * partners see it).
 */
export async function saveStory(first: FundingRequestRecord, body: StoryBody, by: string, now: Date, log?: Logger): Promise<FundingRequestRecord> {
  assertNotIdentifying(body, await knownIdentifiersOf(first));
  const facts = (await patientFacts([first.patientId], vietnamDayOf(now))).get(first.patientId.toHexString());
  let r: FundingRequestRecord | null = first;
  for (let attempt = 0; attempt < 5 && r; attempt += 1) {
    if (!STORY_STATUSES.includes(r.status)) throw conflict('FUNDING.STORY_LOCKED', 'The story can no longer be changed: partners are funding this request', { status: r.status });
    if (r.story?.listed && !body.reviewed) throw conflict('FUNDING.STORY_NOT_REVIEWED', 'A published story must stay reviewed; unpublish it first');
    const story = storyOf(r, body, { ageBand: facts?.ageBand ?? null, province: facts?.province ?? null }, by, now);
    const saved = await updateWithEvent<FundingRequestRecord>(
      fundingEvents,
      { _id: r._id, status: r.status, version: r.version },
      { $set: { story, updatedAt: now }, $inc: { version: 1 } },
      { type: 'funding.story-saved', hospitalId: r.hospitalId, actorUserId: by, data: { ...fundingEventBase(r), reviewed: body.reviewed } },
      now,
      log,
    );
    if (saved) return saved;
    r = await FundingRequestModel.findById(first._id).lean<FundingRequestRecord>();
  }
  throw r ? conflict('FUNDING.STORY_LOCKED', 'The request changed while the story was saved; try again', { status: r.status }) : notFound('Funding request');
}
