import { notFound } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { caseTenant, findCase } from '../cases/cases.service.js';
import { elsewhereSchema } from './elsewhere.schemas.js';
import { casesElsewhere } from './elsewhere.service.js';

/** GET /cases/:id/elsewhere (issue 10, point 5): the own hospital's social-work staff only, by tenancy. */
export const elsewhereRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/cases/:id/elsewhere',
    action: 'case.elsewhere.read',
    tag: 'consent',
    summary:
      'The same person (BHYT number or citizen ID) at other network hospitals: how many have a case, and those whose consent to share with this hospital is in force now',
    params: idParams,
    response: elsewhereSchema,
    handler: async ({ params }, ctx) => {
      const c = await findCase(params.id);
      if (!c) throw notFound('Case');
      await ctx.authorize(caseTenant(c), 'case', params.id, { tenancyOnly: true });
      const { shownPatientIds, ...answer } = await casesElsewhere(c, ctx.clock.now());
      // The patient of the case, and the other hospitals' patients whose cases were shown.
      await ctx.audit({ action: 'case.elsewhere.read', resourceType: 'case', resourceId: params.id, patientId: c.patientId.toHexString(), patientIds: shownPatientIds });
      return answer;
    },
  }),
];
