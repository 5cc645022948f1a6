import type { Clock } from '../clock.js';
import { ruleOf, type Action, type Principal, type Role } from '../http/policy.js';
import type { Audience } from './audience.js';

/**
 * Relationship rules (issue 9, point 1): access that follows from a live record rather than from
 * the principal's tenant, e.g. a consent to share with this recipient now, a referral in a live
 * state, a conference invitation whose window is open. A feature registers its rules at import
 * time; the policy asks them on every request, against the live records, and keeps nothing: a
 * withdrawn consent hides the data on the very next request.
 *
 * One rule answers both questions the policy asks, from the same records:
 *  - `check`: may this principal reach this record now?
 *  - `filter`: which records of the collection may it list now? (a MongoDB filter, or null: none)
 */
export type AccessFilter = Record<string, unknown>;

/** The fields of a record the policy reads: its id and tenant; the whole record goes to `check`. */
export interface AccessRecord {
  _id?: unknown;
  hospitalId?: unknown;
  organisationId?: unknown;
  ownerUserId?: unknown;
}

export interface RelationshipRule {
  /** Unique, e.g. 'referral.live', 'consent.story', 'conference.invitation'. */
  name: string;
  /** The actions it opens (read and list of the same record kind, usually). */
  actions: readonly Action[];
  /** The roles it can apply to: a principal of another role never reaches a record through it. */
  roles: readonly Role[];
  /** The view the principal gets of a record reached this way. */
  audience: Exclude<Audience, 'own-hospital'>;
  check(principal: Principal, record: AccessRecord, clock: Clock): Promise<boolean>;
  filter(principal: Principal, clock: Clock): Promise<AccessFilter | null>;
  /**
   * Optional: `check` for many records in one read (a list's rows), answering in their order.
   * Without it a list asks `check` once per row it did not reach by tenancy.
   */
  checkMany?(principal: Principal, records: readonly AccessRecord[], clock: Clock): Promise<boolean[]>;
}

const registry = new Map<string, RelationshipRule>();

/** Registers a rule; returns a function that removes it again (tests register their own). */
export function registerRelationship(rule: RelationshipRule): () => void {
  if (registry.has(rule.name)) throw new Error(`relationship ${rule.name} is registered twice`);
  // Lists whose rows always carry the own hospital's view (the worklist, search) must not gain rows from elsewhere.
  const closed = rule.actions.filter((a) => ruleOf(a).noRelationships);
  if (closed.length > 0) throw new Error(`relationship ${rule.name} may not open ${closed.join(', ')}`);
  registry.set(rule.name, rule);
  return () => {
    if (registry.get(rule.name) === rule) registry.delete(rule.name);
  };
}

/** The rules that open an action to a principal of this role, in registration order. */
export function relationshipsFor(action: Action, role: Role): RelationshipRule[] {
  return [...registry.values()].filter((r) => r.actions.includes(action) && r.roles.includes(role));
}

/** Every registered rule (the session's `can` and the decision record's table read it). */
export function allRelationships(): RelationshipRule[] {
  return [...registry.values()];
}
