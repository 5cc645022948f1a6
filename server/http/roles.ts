/**
 * The roles and API-token scopes: plain constants (no server code) because the API contract's
 * schemas, which the client type-checks against, name them (docs/decisions/0017-one-api-contract.md).
 * The policy (policy.ts) decides what each may do.
 */
export const ROLES = ['social_worker', 'sw_lead', 'charity_partner', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Token scopes: what a bearer API token may do, on top of what its owner's role allows. */
export const SCOPES = ['network:read', 'admin:read', 'admin:write', 'audit:read', 'patients:read', 'patients:write'] as const;
export type Scope = (typeof SCOPES)[number];
