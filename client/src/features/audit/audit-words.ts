import type { TFunction } from 'i18next';
import wordsVi from '../../i18n/words.vi.json';

/**
 * Audit actions and record kinds in words ("Xem hồ sơ người bệnh", not `patient.read`). The codes
 * stay the filter values and show on hover; words.*.json holds the sentences, keyed by the code
 * itself (`auditActions.patient.read`). test/client/audit-wording.test.ts walks every action the
 * policy and the audit calls know.
 */
function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

export const AUDIT_ACTIONS: readonly string[] = leaves(wordsVi.auditActions);
export const AUDIT_RESOURCES: readonly string[] = Object.keys(wordsVi.auditResources);

// The keys are checked above against the words file; i18next's typed `t` cannot see a computed key.
const lookup = (t: TFunction, key: string): string => (t as unknown as (k: string) => string)(key);

/** The action in words; an action the client does not know yet reads as "Thao tác khác" with its code on hover. */
export function actionLabel(action: string, t: TFunction): string {
  return AUDIT_ACTIONS.includes(action) ? lookup(t, `auditActions.${action}`) : t('auditWords.otherAction');
}

export function resourceLabel(resourceType: string, t: TFunction): string {
  return AUDIT_RESOURCES.includes(resourceType) ? lookup(t, `auditResources.${resourceType}`) : t('auditWords.otherResource');
}
