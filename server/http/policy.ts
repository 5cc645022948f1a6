import { relationshipsFor } from '../access/relationships.js';

/**
 * Authorisation, decided in one place: (principal, action, resource) → allow | deny.
 * Every route names its action; the route helper refuses to register a route whose action has
 * no rule here, and the authorisation-matrix test walks every route × role against this table.
 *
 * The same rule answers "may this principal do this to this record?" (`decideTenant`, plus the
 * relationship rules in server/access/) and "which records may it list?" (`tenantScope`).
 *
 * Tenancy (DOMAIN.md, "Who uses it"): social workers and heads of social work belong to one
 * hospital, charity partners to one organisation, coordinators and admins to the network.
 */
// Roles and scopes live in roles.ts, free of server code, so the API contract's schemas can name them.
import { ROLES, SCOPES, type Role, type Scope } from './roles.js';
export { ROLES, SCOPES, type Role, type Scope };

export interface Principal {
  userId: string;
  username: string;
  role: Role;
  hospitalId: string | null;
  organisationId: string | null;
  /** How the request was authenticated; token requests are limited to the token's scopes. */
  via: 'session' | 'token';
  scopes: readonly Scope[];
}

/** Which tenant a record belongs to, for tenant checks on a specific record. */
export interface ResourceTenant {
  hospitalId?: string | null;
  organisationId?: string | null;
  /** The user the record belongs to, for "own record" rules. */
  ownerUserId?: string | null;
}

type Tenancy =
  /** No tenant check: any principal with the role. */
  | 'network'
  /** Hospital-bound roles only reach their own hospital's records; network roles reach all. */
  | 'hospital'
  /** Organisation-bound roles only reach their own organisation's records. */
  | 'organisation'
  /** The principal's own record, or any for admin. */
  | 'self';

export interface Rule {
  roles: readonly Role[] | 'public';
  scope: Scope | null;
  tenancy: Tenancy;
  /** Deny with 404 rather than 403 where the record's existence is itself sensitive. */
  hideExistence?: boolean;
  /** Sessions only: never with a bearer token (password change, token management). */
  sessionOnly?: boolean;
  /** No relationship rule may open it: its answers carry the own hospital's view of every row. */
  noRelationships?: boolean;
}

const ALL: readonly Role[] = ROLES;
const NETWORK_STAFF: readonly Role[] = ['coordinator', 'admin'];
const HOSPITAL_STAFF: readonly Role[] = ['social_worker', 'sw_lead'];

export const POLICY = {
  'auth.session.read': { roles: 'public', scope: null, tenancy: 'network' },
  'auth.login': { roles: 'public', scope: null, tenancy: 'network' },
  'auth.logout': { roles: ALL, scope: null, tenancy: 'network', sessionOnly: true },
  'auth.password.change': { roles: ALL, scope: null, tenancy: 'self', sessionOnly: true },
  'auth.tokens.manage': { roles: ALL, scope: null, tenancy: 'self', sessionOnly: true },
  'hospital.list': { roles: ALL, scope: 'network:read', tenancy: 'network' },
  'hospital.read': { roles: ALL, scope: 'network:read', tenancy: 'network' },
  'hospital.create': { roles: ['admin'], scope: 'admin:write', tenancy: 'network' },
  'hospital.update': { roles: ['admin'], scope: 'admin:write', tenancy: 'network' },
  'organisation.list': { roles: ALL, scope: 'network:read', tenancy: 'network' },
  'organisation.read': { roles: ALL, scope: 'network:read', tenancy: 'network' },
  'organisation.create': { roles: ['admin'], scope: 'admin:write', tenancy: 'network' },
  'organisation.update': { roles: ['admin'], scope: 'admin:write', tenancy: 'network' },
  'user.list': { roles: ['admin', 'sw_lead'], scope: 'admin:read', tenancy: 'hospital' },
  'user.read': { roles: ['admin', 'sw_lead'], scope: 'admin:read', tenancy: 'hospital', hideExistence: true },
  'user.create': { roles: ['admin'], scope: 'admin:write', tenancy: 'network' },
  'user.update': { roles: ['admin'], scope: 'admin:write', tenancy: 'network' },
  'token.list-all': { roles: ['admin'], scope: 'admin:read', tenancy: 'network' },
  'token.revoke-any': { roles: ['admin'], scope: 'admin:write', tenancy: 'network' },
  // Patient data: only the social-work staff of the patient's hospital (Law 91/2025/QH15: minimum
  // necessary access to sensitive data). Another hospital's patient answers 404.
  'patient.search': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', noRelationships: true },
  'patient.list': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital' },
  'patient.link': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital' },
  'patient.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'patient.resync': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  // Screening and flags (Circular 43/2015/TT-BYT: assessment of patients' social circumstances).
  'screening.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'screening.create': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'worklist.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', noRelationships: true },
  'flag.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'flag.review': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  // Cases (issue 10, decision 0020): the social-work staff of the case's hospital; assignment and the
  // closure decision are the head of social work's (a social worker gets 403). Relationship rules
  // (consent to share) may open case.read only, with a de-identified audience view. The lists carry
  // the own hospital's view of every row: no relationship opens them.
  'case.open': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.list': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', noRelationships: true },
  'case.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'case.assign': { roles: ['sw_lead'], scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.transition': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.plan.update': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.closure.request': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.closure.decide': { roles: ['sw_lead'], scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  // A case's timeline, notes and attachments: the own hospital's social-work staff only (notes and
  // papers are the most sensitive part of a case; no relationship rule opens these actions).
  'case.timeline.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'case.note.create': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.note.edit': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.attachment.upload': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'case.attachment.list': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'case.attachment.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  // Census sync: hospital staff for their own hospital, network staff for any.
  'sync.start': { roles: [...HOSPITAL_STAFF, ...NETWORK_STAFF], scope: 'patients:write', tenancy: 'hospital' },
  'sync.read': { roles: [...HOSPITAL_STAFF, ...NETWORK_STAFF], scope: 'network:read', tenancy: 'hospital' },
  // Consent (Law 91/2025/QH15, Decree 356/2025/ND-CP): recorded, listed and withdrawn by the social-work
  // staff of the case's hospital only; no relationship rule opens these (a recipient reads the case, not its consents).
  'consent.list': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'consent.record': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'consent.withdraw': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  // The same person's cases at other hospitals (a count; a case only under a share-hospital consent to
  // the caller's hospital): asked of the own hospital's case, so no relationship opens it.
  'case.elsewhere.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true, noRelationships: true },
  // Referrals (issue 11, decision 0024): the sender's hospital's social-work staff by tenancy (the referral's
  // hospitalId); the receiver (the hospital or organisation in `to`) through the relationship rules of
  // referrals.relationships.ts; coordinators and admins read and list the network's, never move one.
  'referral.create': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'referral.update': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'referral.read': { roles: [...HOSPITAL_STAFF, ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  // Every role lists; a charity partner has no tenancy here, so it lists only what its relationship rule (its inbox) opens.
  'referral.list': { roles: ALL, scope: 'patients:read', tenancy: 'hospital' },
  'referral.case-list': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true, noRelationships: true },
  'referral.transition': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'referral.comment.list': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'referral.comment.create': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  // The shared papers: the sender's hospital, and the receiver while shared (never network staff: they see no patient data).
  'referral.document.read': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  // The overdue board: the network's for coordinators and admins, its own hospital's (sent or received) for the head of social work.
  'referral.overdue.read': { roles: ['coordinator', 'admin', 'sw_lead'], scope: 'patients:read', tenancy: 'hospital' },
  'referral.recipient.search': { roles: HOSPITAL_STAFF, scope: 'network:read', tenancy: 'network' },
  // Funding (issue 12, decision 0025). Requests belong to the case's hospital (tenancy); partners read a request
  // through relationship rules (listed on the marketplace, or pledged to it: funding.relationships.ts); network
  // staff read and list, never move. Pledges and disbursements belong to the partner's organisation; the
  // request's hospital reads them through a relationship rule. Approval (move approve/return) is the head's
  // (the workflow answers 403 FUNDING.HEAD_ONLY to a social worker).
  'funding.create': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'funding.update': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'funding.move': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'funding.story.write': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'funding.outcome.create': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', hideExistence: true },
  'funding.read': { roles: [...HOSPITAL_STAFF, ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'hospital', hideExistence: true },
  'funding.list': { roles: [...HOSPITAL_STAFF, ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'hospital' },
  'funding.case-list': { roles: HOSPITAL_STAFF, scope: 'patients:read', tenancy: 'hospital', hideExistence: true, noRelationships: true },
  // The request's ledger names every partner that pledged: the hospital and network staff, never a partner.
  'funding.ledger.read': { roles: [...HOSPITAL_STAFF, ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'hospital', hideExistence: true, noRelationships: true },
  // The marketplace: listed stories only (the service filters); network staff look too.
  'marketplace.list': { roles: ['charity_partner', ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'network' },
  // A pledge's request must be listed and pledgeable (the service answers 404 otherwise).
  'pledge.create': { roles: ['charity_partner'], scope: 'patients:write', tenancy: 'network' },
  'pledge.read': { roles: ['charity_partner', ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'organisation', hideExistence: true },
  'pledge.list': { roles: ALL, scope: 'patients:read', tenancy: 'organisation' },
  'pledge.cancel': { roles: ['charity_partner'], scope: 'patients:write', tenancy: 'organisation', hideExistence: true },
  'disbursement.create': { roles: ['charity_partner'], scope: 'patients:write', tenancy: 'organisation', hideExistence: true },
  'disbursement.read': { roles: ['charity_partner', ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'organisation', hideExistence: true },
  'disbursement.reverse': { roles: ['charity_partner'], scope: 'patients:write', tenancy: 'organisation', hideExistence: true },
  // Receipts: the paying partner, and the request's hospital (relationship rule) uploads the family's or the bill's receipt.
  'receipt.create': { roles: ['charity_partner'], scope: 'patients:write', tenancy: 'organisation', hideExistence: true },
  // A receipt (a family's signed paper, a hospital bill) may name the patient: never network staff, who see no patient.
  'receipt.read': { roles: ['charity_partner'], scope: 'patients:read', tenancy: 'organisation', hideExistence: true },
  // A partner's statement: its own; coordinators and admins any organisation's.
  'statement.read': { roles: ['charity_partner', ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'organisation' },
  // Reconciliation with the hospital's claims (T_NGUONKHAC): the hospital's staff, network staff read.
  'reconciliation.read': { roles: [...HOSPITAL_STAFF, ...NETWORK_STAFF], scope: 'patients:read', tenancy: 'hospital', noRelationships: true },
  'reconciliation.upload': { roles: HOSPITAL_STAFF, scope: 'patients:write', tenancy: 'hospital', noRelationships: true },
  'audit.read': { roles: NETWORK_STAFF, scope: 'audit:read', tenancy: 'network' },
  'audit.export': { roles: NETWORK_STAFF, scope: 'audit:read', tenancy: 'network' },
  // The working-day calendar's coverage (which years have a holiday table): no patient data.
  'calendar.read': { roles: ALL, scope: 'network:read', tenancy: 'network' },
  // Notifications: everyone reads and marks their own (the service looks them up among the caller's).
  'notification.list': { roles: ALL, scope: null, tenancy: 'network' },
  'notification.mark-read': { roles: ALL, scope: null, tenancy: 'network' },
  // The demo capture mailbox (404 when it is off).
  'mailbox.read': { roles: ['admin'], scope: 'admin:read', tenancy: 'network' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

export type Decision = { allow: true } | { allow: false; status: 401 | 403 | 404; reason: string };

const allow: Decision = { allow: true };
const deny = (status: 401 | 403 | 404, reason: string): Decision => ({ allow: false, status, reason });

export function isAction(name: string): name is Action {
  return Object.hasOwn(POLICY, name);
}

/**
 * Route-level decision, before any record is loaded: the role and the token's scope. A role
 * outside the rule's `roles` passes only when a registered relationship rule opens the action to
 * it; the record check (server/access/access.ts) then decides on the record itself.
 */
export function decide(principal: Principal | null, action: Action): Decision {
  const rule: Rule = POLICY[action];
  if (rule.roles === 'public') return allow;
  if (!principal) return deny(401, 'not signed in');
  if (!rule.roles.includes(principal.role) && relationshipsFor(action, principal.role).length === 0) {
    return deny(403, `role ${principal.role} may not ${action}`);
  }
  if (principal.via === 'token') {
    if (rule.sessionOnly) return deny(403, `${action} needs a signed-in session, not an API token`);
    if (rule.scope && !principal.scopes.includes(rule.scope)) return deny(403, `token lacks scope ${rule.scope}`);
  }
  return allow;
}

/** The rule of an action (the access module reads tenancy and hideExistence from it). */
export function ruleOf(action: Action): Rule {
  return POLICY[action];
}

/** Whether the principal's role reaches records by tenancy (not only through relationships). */
export function reachesByTenancy(principal: Principal, action: Action): boolean {
  const rule: Rule = POLICY[action];
  return rule.roles === 'public' || rule.roles.includes(principal.role);
}

/** The tenancy half of the record check: does the record belong to the principal's tenant? */
export function decideTenant(principal: Principal, action: Action, resource: ResourceTenant): Decision {
  const rule: Rule = POLICY[action];
  const outside = rule.hideExistence ? 404 : 403;
  switch (rule.tenancy) {
    case 'network':
      return allow;
    case 'hospital':
      if (principal.role === 'social_worker' || principal.role === 'sw_lead') {
        return resource.hospitalId && resource.hospitalId === principal.hospitalId
          ? allow
          : deny(outside, 'record belongs to another hospital');
      }
      if (principal.role === 'charity_partner') return deny(outside, 'charity partners do not reach hospital records');
      return allow;
    case 'organisation':
      if (principal.role === 'charity_partner') {
        return resource.organisationId && resource.organisationId === principal.organisationId
          ? allow
          : deny(outside, 'record belongs to another organisation');
      }
      return principal.role === 'coordinator' || principal.role === 'admin' ? allow : deny(outside, 'not this organisation');
    case 'self':
      return principal.role === 'admin' || resource.ownerUserId === principal.userId ? allow : deny(outside, 'not your record');
  }
}

/**
 * The tenancy half of the list filter, from the same rule as `decideTenant`: which tenant's
 * records the principal lists ('all', one tenant's, or 'none'). The access module turns it into a
 * database filter on the record's own field names.
 */
export type TenantScope = { all: true } | { all: false; hospitalId?: string; organisationId?: string; ownerUserId?: string } | null;

export function tenantScope(principal: Principal, action: Action): TenantScope {
  if (!reachesByTenancy(principal, action)) return null;
  const rule: Rule = POLICY[action];
  const hospitalBound = principal.role === 'social_worker' || principal.role === 'sw_lead';
  const network = principal.role === 'coordinator' || principal.role === 'admin';
  switch (rule.tenancy) {
    case 'network':
      return { all: true };
    case 'hospital':
      if (hospitalBound) return principal.hospitalId ? { all: false, hospitalId: principal.hospitalId } : null;
      return principal.role === 'charity_partner' ? null : { all: true };
    case 'organisation':
      if (principal.role === 'charity_partner') return principal.organisationId ? { all: false, organisationId: principal.organisationId } : null;
      return network ? { all: true } : null;
    case 'self':
      return principal.role === 'admin' ? { all: true } : { all: false, ownerUserId: principal.userId };
  }
}

/**
 * The actions the principal may take (route level: role, relationships, token scopes). The session
 * sends them to the client, which shows menus and buttons by them instead of keeping its own
 * copy of the policy.
 */
export function allowedActions(principal: Principal | null): Action[] {
  return (Object.keys(POLICY) as Action[]).filter((a) => POLICY[a].roles !== 'public' && decide(principal, a).allow);
}

/** The scopes a role may grant to its own API tokens: never more than the role itself can do. */
export function scopesForRole(role: Role): Scope[] {
  const scopes = new Set<Scope>();
  for (const rule of Object.values(POLICY) as Rule[]) {
    if (rule.roles !== 'public' && rule.roles.includes(role) && rule.scope && !rule.sessionOnly) scopes.add(rule.scope);
  }
  return SCOPES.filter((s) => scopes.has(s));
}
