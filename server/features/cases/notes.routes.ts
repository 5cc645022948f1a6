import { route, type RouteDef } from '../../http/route.js';
import { createNote, editNote, noteViews } from './notes.service.js';
import { loadCaseForWork } from './timeline.case.js';
import { caseParams, createNoteBody, editNoteBody, noteParams, noteSchema } from './timeline.schemas.js';

/** Case notes: written by the hospital's social-work staff, edited by their author for 24 hours. */
export const noteRoutes: RouteDef[] = [
  route({
    method: 'post',
    path: '/cases/:id/notes',
    action: 'case.note.create',
    tag: 'case',
    summary: 'Write a note on a case (an interview, a call, a home visit…), or a correction of a locked note (`corrects`)',
    params: caseParams,
    body: createNoteBody,
    response: noteSchema,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      const c = await loadCaseForWork(params.id, ctx);
      const now = ctx.clock.now();
      const note = await createNote(c, body, ctx.principal!.userId, now);
      await ctx.audit({ action: 'case.note.create', resourceType: 'case-note', resourceId: note._id.toHexString(), patientId: c.patientId.toHexString() });
      return (await noteViews([note], now))[0];
    },
  }),
  route({
    method: 'patch',
    path: '/cases/:id/notes/:noteId',
    action: 'case.note.edit',
    tag: 'case',
    summary: "Edit one's own note within 24 hours of writing it (the text before is kept); later, write a correction",
    params: noteParams,
    body: editNoteBody,
    response: noteSchema,
    handler: async ({ params, body }, ctx) => {
      const c = await loadCaseForWork(params.id, ctx);
      const now = ctx.clock.now();
      const note = await editNote(c, params.noteId, body, ctx.principal!.userId, now);
      await ctx.audit({ action: 'case.note.edit', resourceType: 'case-note', resourceId: params.noteId, patientId: c.patientId.toHexString() });
      return (await noteViews([note], now))[0];
    },
  }),
];
