import { z } from 'zod';
import { isoDateTime, multilineText, objectId, pageQuerySchema, pageSchema, text } from '../../http/common-schemas.js';

/**
 * The case's timeline, notes and attachments (issue 10, points 2 and 3): the API contract the
 * client imports type-only. Every entry carries codes and ids (and people's names); the client
 * words it in the user's language.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar day that exists: Date would roll 2026-02-30 over to 2 March. */
const isRealDay = (v: string): boolean => {
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return !DAY.test(v) || (day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d);
};
export const dayString = z.string().regex(DAY, 'a day YYYY-MM-DD').refine(isRealDay, 'not a real date');
const person = z.object({ id: z.string(), name: z.string().nullable() });

export const NOTE_TYPES = ['interview', 'phone-call', 'home-visit', 'psychosocial-session', 'internal-note'] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export const noteSchema = z
  .object({
    id: z.string(),
    type: z.enum(NOTE_TYPES),
    body: z.string(),
    occurredOn: dayString,
    author: person,
    createdAt: isoDateTime,
    editedAt: isoDateTime.nullable(),
    /** Until when the author may still edit it (24 h after creation); null once that has passed. */
    editableUntil: isoDateTime.nullable(),
    /** The note this one corrects (same case). */
    corrects: z.string().nullable(),
    /** The notes that correct this one, oldest first. */
    correctedBy: z.array(z.string()),
  })
  .meta({ id: 'CaseNote' });
export type Note = z.infer<typeof noteSchema>;

export const caseParams = z.object({ id: objectId }).strict();
export const noteParams = z.object({ id: objectId, noteId: objectId }).strict();

export const NOTE_BODY_MAX = 20_000;
export const createNoteBody = z
  .object({
    type: z.enum(NOTE_TYPES),
    body: multilineText(NOTE_BODY_MAX),
    /** Vietnam day it happened; today by default; never in the future. */
    occurredOn: dayString.optional(),
    corrects: objectId.optional(),
  })
  .strict();
export type CreateNoteBody = z.infer<typeof createNoteBody>;

export const editNoteBody = z
  .object({ body: multilineText(NOTE_BODY_MAX).optional(), type: z.enum(NOTE_TYPES).optional() })
  .strict()
  .refine((b) => b.body !== undefined || b.type !== undefined, { message: 'give body or type', path: ['body'] });
export type EditNoteBody = z.infer<typeof editNoteBody>;

export const ATTACHMENT_KINDS = ['consent-form', 'id-document', 'medical-paper', 'receipt', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const ATTACHMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export const attachmentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(ATTACHMENT_KINDS),
    fileName: z.string(),
    contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
    size: z.number().int(),
    description: z.string().nullable(),
    uploadedBy: person,
    uploadedAt: isoDateTime,
  })
  .meta({ id: 'CaseAttachment' });
export type Attachment = z.infer<typeof attachmentSchema>;

/** The multipart fields before `file` (documented in OpenAPI; parsed from the stream, not by express). */
export const attachmentFields = z
  .object({ kind: z.enum(ATTACHMENT_KINDS), description: text(500).optional() })
  .strict();
export const attachmentList = z.object({ data: z.array(attachmentSchema) });
export const attachmentParams = z.object({ id: objectId, attachmentId: objectId }).strict();
export const attachmentContentQuery = z.object({ inline: z.enum(['1', 'true']).optional() }).strict();

/** What a domain event says on the timeline: its type and data (ids and codes only). */
const eventPart = z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) });

const base = { id: z.string(), at: isoDateTime, day: dayString, actor: person.nullable() };

export const timelineItemSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...base, kind: z.literal('note'), note: noteSchema }),
    z.object({ ...base, kind: z.literal('case-event'), event: eventPart }),
    z.object({
      ...base,
      kind: z.literal('screening'),
      screening: z.object({ id: z.string(), type: z.enum(['auto', 'questionnaire']), priority: z.number(), codes: z.array(z.string()) }),
    }),
    z.object({
      ...base,
      kind: z.literal('flag'),
      flag: z.object({ id: z.string(), status: z.string(), priority: z.number(), codes: z.array(z.string()), flagTypes: z.array(z.string()) }),
    }),
    z.object({ ...base, kind: z.literal('consent'), event: eventPart }),
    z.object({ ...base, kind: z.literal('attachment'), attachment: attachmentSchema }),
    // Sources other features register (registerTimelineSource): their entries are events too.
    z.object({ ...base, kind: z.enum(['referral', 'funding', 'conference']), event: eventPart }),
  ])
  .meta({ id: 'CaseTimelineItem' });
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export type TimelineKind = TimelineItem['kind'];

export const timelineQuery = pageQuerySchema.strict();
export const timelinePage = pageSchema(timelineItemSchema);
export type TimelinePage = z.infer<typeof timelinePage>;
