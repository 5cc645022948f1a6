import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { hospitalCreateSchema, hospitalListQuery, hospitalPageSchema, hospitalUpdateSchema, hospitalViewSchema } from './hospitals.schemas.js';
import { createHospital, getHospital, listHospitals, updateHospital } from './hospitals.service.js';

const tag = 'hospital';

export const hospitalRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/hospitals',
    action: 'hospital.list',
    tag,
    summary: 'List the network hospitals',
    query: hospitalListQuery,
    response: hospitalPageSchema,
    handler: ({ query }) => listHospitals(query),
  }),
  route({
    method: 'get',
    path: '/hospitals/:id',
    action: 'hospital.read',
    tag,
    summary: 'Get one hospital',
    params: idParams,
    response: hospitalViewSchema,
    handler: ({ params }) => getHospital(params.id),
  }),
  route({
    method: 'post',
    path: '/hospitals',
    action: 'hospital.create',
    tag,
    summary: 'Add a hospital to the network (admin)',
    body: hospitalCreateSchema,
    response: hospitalViewSchema,
    status: 201,
    handler: async ({ body }, ctx) => {
      const created = await createHospital(body);
      await ctx.audit({ action: 'hospital.create', resourceType: tag, resourceId: created.id });
      return created;
    },
  }),
  route({
    method: 'patch',
    path: '/hospitals/:id',
    action: 'hospital.update',
    tag,
    summary: 'Change a hospital, its FHIR endpoint settings or secrets (admin)',
    params: idParams,
    body: hospitalUpdateSchema,
    response: hospitalViewSchema,
    handler: async ({ params, body }, ctx) => {
      const updated = await updateHospital(params.id, body);
      await ctx.audit({ action: 'hospital.update', resourceType: tag, resourceId: updated.id });
      return updated;
    },
  }),
];
