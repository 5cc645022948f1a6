import { idParams } from '../../http/common-schemas.js';
import { notFound } from '../../errors.js';
import { route, type RouteDef } from '../../http/route.js';
import { userCreateSchema, userListQuery, userPageSchema, userUpdateSchema, userViewSchema } from './users.schemas.js';
import { createUser, findUser, listUsers, updateUser, userView } from './users.service.js';

const tag = 'user';

export const userRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/users',
    action: 'user.list',
    tag,
    summary: 'List users (admin: all; head of social work: their hospital)',
    query: userListQuery,
    response: userPageSchema,
    handler: async ({ query }, ctx) => listUsers(query, await ctx.listFilter(), ctx.clock.now()),
  }),
  route({
    method: 'get',
    path: '/users/:id',
    action: 'user.read',
    tag,
    summary: 'Get one user',
    params: idParams,
    response: userViewSchema,
    handler: async ({ params }, ctx) => {
      const user = await findUser(params.id);
      if (!user) throw notFound('User');
      await ctx.authorize(user, tag, params.id);
      return userView(user, ctx.clock.now());
    },
  }),
  route({
    method: 'post',
    path: '/users',
    action: 'user.create',
    tag,
    summary: 'Create a user bound to a hospital, an organisation or the network (admin)',
    body: userCreateSchema,
    response: userViewSchema,
    status: 201,
    handler: async ({ body }, ctx) => {
      const created = await createUser(body, ctx.clock.now());
      await ctx.audit({ action: 'user.create', resourceType: tag, resourceId: created.id });
      return created;
    },
  }),
  route({
    method: 'patch',
    path: '/users/:id',
    action: 'user.update',
    tag,
    summary: 'Change a user: role, tenant, disable, reset password (admin)',
    params: idParams,
    body: userUpdateSchema,
    response: userViewSchema,
    handler: async ({ params, body }, ctx) => {
      const updated = await updateUser(params.id, body, ctx.clock.now());
      await ctx.audit({ action: 'user.update', resourceType: tag, resourceId: updated.id });
      return updated;
    },
  }),
];
