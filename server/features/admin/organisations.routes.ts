import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import {
  organisationCreateSchema,
  organisationListQuery,
  organisationPageSchema,
  organisationUpdateSchema,
  organisationViewSchema,
} from './organisations.schemas.js';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from './organisations.service.js';

const tag = 'organisation';

export const organisationRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/organisations',
    action: 'organisation.list',
    tag,
    summary: 'List charity partner organisations',
    query: organisationListQuery,
    response: organisationPageSchema,
    handler: ({ query }) => listOrganisations(query),
  }),
  route({
    method: 'get',
    path: '/organisations/:id',
    action: 'organisation.read',
    tag,
    summary: 'Get one organisation',
    params: idParams,
    response: organisationViewSchema,
    handler: ({ params }) => getOrganisation(params.id),
  }),
  route({
    method: 'post',
    path: '/organisations',
    action: 'organisation.create',
    tag,
    summary: 'Add a charity partner organisation (admin)',
    body: organisationCreateSchema,
    response: organisationViewSchema,
    status: 201,
    handler: async ({ body }, ctx) => {
      const created = await createOrganisation(body);
      await ctx.audit({ action: 'organisation.create', resourceType: tag, resourceId: created.id });
      return created;
    },
  }),
  route({
    method: 'patch',
    path: '/organisations/:id',
    action: 'organisation.update',
    tag,
    summary: 'Change an organisation (admin)',
    params: idParams,
    body: organisationUpdateSchema,
    response: organisationViewSchema,
    handler: async ({ params, body }, ctx) => {
      const updated = await updateOrganisation(params.id, body);
      await ctx.audit({ action: 'organisation.update', resourceType: tag, resourceId: updated.id });
      return updated;
    },
  }),
];
