import { Types } from 'mongoose';
import type { z } from 'zod';
import { vietnamDayOf } from '../../clock.js';
import { badRequest, type ErrorDetail } from '../../errors.js';
import { idParams } from '../../http/common-schemas.js';
import { route, type RouteDef } from '../../http/route.js';
import { hospitalOrThrow } from '../patients/patients.service.js';
import { tierOf } from './rules/engine.js';
import type { TierKey } from './rules/vocabulary.js';
import { addTierOverride, hospitalTiers, listTierOverrides } from './tiers.service.js';
import type { TierOverrideRecord } from './tiers.model.js';
import { overrideBody, type overrideView, tiersView } from './tiers.schemas.js';

const toOverrideView = (o: TierOverrideRecord): z.infer<typeof overrideView> => ({ code: o.code, tier: o.tier, effectiveFrom: o.effectiveFrom, by: o.by, createdAt: o.createdAt.toISOString() });

async function tiersOf(hospitalId: string, now: Date): Promise<z.infer<typeof tiersView>> {
  const h = await hospitalOrThrow(hospitalId);
  const t = await hospitalTiers(h._id, now);
  const codes = Object.keys(t.ruleSet.tiers) as TierKey[];
  return {
    day: t.day,
    ruleSet: { id: t.ruleSet.id, version: t.ruleSet.version },
    tiers: codes.map((code) => ({ code, tier: tierOf(code, t.ruleSet, t.overrides), ruleSetTier: t.ruleSet.tiers[code] })),
    overrides: (await listTierOverrides(h._id)).map(toOverrideView),
  };
}

export const tierRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/hospitals/:id/screening-tiers',
    action: 'hospital.read',
    tag: 'hospital',
    summary: "The hospital's flag tiers today (support: a task on the worklist; watch: raises priority) and its dated overrides",
    params: idParams,
    response: tiersView,
    handler: async ({ params }, ctx) => tiersOf(params.id, ctx.clock.now()),
  }),
  route({
    method: 'post',
    path: '/hospitals/:id/screening-tiers',
    action: 'hospital.update',
    tag: 'hospital',
    summary: 'Move a finding code to another tier from a day on (admin; dated, history kept)',
    params: idParams,
    body: overrideBody,
    response: tiersView,
    status: 201,
    handler: async ({ params, body }, ctx) => {
      const h = await hospitalOrThrow(params.id);
      const now = ctx.clock.now();
      const today = vietnamDayOf(now);
      const effectiveFrom = body.effectiveFrom ?? today;
      const t = await hospitalTiers(h._id, now);
      const details: ErrorDetail[] = [];
      if (!(body.code in t.ruleSet.tiers)) details.push({ path: 'body.code', message: `not a finding code: one of ${Object.keys(t.ruleSet.tiers).join(', ')}`, code: 'unknown_finding_code' });
      if (effectiveFrom < today || Number.isNaN(Date.parse(`${effectiveFrom}T00:00:00Z`))) details.push({ path: 'body.effectiveFrom', message: `a day from ${today} on`, code: 'day_in_past', params: { from: today } });
      if (details.length > 0) throw badRequest('VALIDATION.FAILED', `Invalid input: ${details.map((d) => d.path).join(', ')}`, details);
      await addTierOverride(new Types.ObjectId(params.id), { code: body.code as TierKey, tier: body.tier, effectiveFrom }, ctx.principal?.userId ?? 'unknown');
      await ctx.audit({ action: 'hospital.screening-tiers', resourceType: 'hospital', resourceId: params.id });
      return tiersOf(params.id, now);
    },
  }),
];
