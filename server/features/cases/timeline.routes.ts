import { route, type RouteDef } from '../../http/route.js';
import { attachmentRoutes } from './attachments.routes.js';
import { noteRoutes } from './notes.routes.js';
import { loadCaseFor } from './timeline.case.js';
import { caseParams, timelinePage as timelinePageSchema, timelineQuery } from './timeline.schemas.js';
import { timelinePage } from './timeline.service.js';
import './timeline.sources.js';

/** The case's timeline, notes and attachments (issue 10, points 2 and 3): mounted with the case routes. */
const timelineRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/cases/:id/timeline',
    action: 'case.timeline.read',
    tag: 'case',
    summary: "A case's timeline, newest first: notes, the case's events, the patient's screenings and flags here, consents, attachments",
    params: caseParams,
    query: timelineQuery,
    response: timelinePageSchema,
    handler: async ({ params, query }, ctx) => {
      const c = await loadCaseFor(params.id, ctx);
      const page = await timelinePage({ caseId: c._id, hospitalId: c.hospitalId, patientId: c.patientId, now: ctx.clock.now() }, query);
      await ctx.audit({ action: 'case.timeline.read', resourceType: 'case', resourceId: params.id, patientId: c.patientId.toHexString() });
      return page;
    },
  }),
];

export const caseTimelineRoutes: RouteDef[] = [...timelineRoutes, ...noteRoutes, ...attachmentRoutes];
