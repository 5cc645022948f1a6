import { readMoneyVnd, roundHalfUpVnd } from './money.js';
import { conceptLabel, isRecord, openResource, readArray, readConcept, readRecord, readString, warn, type Problems } from './read.js';
import { SYSTEMS } from './vn-core.js';

/**
 * Reading billable lines out of ChargeItem (https://hl7.org/fhir/R4/chargeitem.html) and Claim
 * (https://hl7.org/fhir/R4/claim.html). Fields read, in order of preference:
 * - ChargeItem: status (billable/billed count, planned is kept apart, the rest are skipped);
 *   priceOverride (R4: the total price of the charge); else totalPriceComponent (R5, sent by some
 *   servers: base + surcharge + tax − discount − deduction, informational ignored); code for the label.
 * - Claim.item: net; else unitPrice × quantity × factor; productOrService for the label.
 *   Claim.total only when no item has an amount.
 * - Either: the module's extension insurance-paid (valueMoney) on a ChargeItem or Claim.item states
 *   what BHYT pays on that line (T_BHTT of the Decision 4210/QĐ-BYT export).
 */

export interface RawLine {
  source: string;
  description: string | null;
  totalVnd: number;
  statedInsuranceVnd: number | null;
  planned: boolean;
}

const COUNTED = ['billable', 'billed'];

function statedInsurance(v: unknown, path: string, problems: Problems): number | null {
  const ext = readArray(v, path, problems).find((e) => isRecord(e) && e.url === SYSTEMS.nhipcau.insurancePaidExtension);
  return isRecord(ext) ? readMoneyVnd(ext.valueMoney, `${path}(insurance-paid).valueMoney`, problems) : null;
}

const COMPONENT_SIGN: Record<string, number> = { base: 1, surcharge: 1, tax: 1, discount: -1, deduction: -1 };

/** R5 MonetaryComponent list → one total; discounts and deductions are subtracted whatever their sign. */
function fromComponents(v: unknown, path: string, problems: Problems): number | null {
  let total: number | null = null;
  readArray(v, path, problems).forEach((c, i) => {
    const comp = readRecord(c, `${path}[${i}]`, problems);
    const sign = COMPONENT_SIGN[typeof comp?.type === 'string' ? comp.type : ''];
    const amount = sign ? readMoneyVnd(comp?.amount, `${path}[${i}].amount`, problems) : null;
    if (sign && amount !== null) total = (total ?? 0) + sign * Math.abs(amount);
  });
  return total;
}

export function readChargeItemLine(input: unknown, index: number, problems: Problems): RawLine | null {
  const opened = openResource(input, 'ChargeItem');
  if (!opened.ok) {
    problems.push(...opened.problems.map((p) => ({ ...p, severity: 'warning' as const, path: `chargeItems[${index}]` })));
    return null;
  }
  const res = opened.resource;
  const source = `ChargeItem/${readString(res.id, 'ChargeItem.id', problems) ?? `#${index}`}`;
  const status = readString(res.status, `${source}.status`, problems);
  if (status === null || (!COUNTED.includes(status) && status !== 'planned')) {
    warn(problems, 'CHARGES.SKIPPED_STATUS', `${source}.status`, `charge with status ${status ?? 'none'} is not counted`);
    return null;
  }
  let total = readMoneyVnd(res.priceOverride, `${source}.priceOverride`, problems);
  if (total === null && res.totalPriceComponent !== undefined) {
    warn(problems, 'FHIR.NON_R4_FIELD', `${source}.totalPriceComponent`, 'totalPriceComponent is an R5 element; read it');
    total = fromComponents(res.totalPriceComponent, `${source}.totalPriceComponent`, problems);
  }
  if (total === null) {
    warn(problems, 'CHARGES.NO_PRICE', source, 'charge states no price (priceOverride or totalPriceComponent); not counted');
    return null;
  }
  const description = conceptLabel(readConcept(res.code, `${source}.code`, problems));
  return {
    source,
    description,
    totalVnd: total,
    statedInsuranceVnd: statedInsurance(res.extension, `${source}.extension`, problems),
    planned: status === 'planned',
  };
}

function claimItemTotal(item: Record<string, unknown>, path: string, problems: Problems): number | null {
  if (item.net !== undefined) return readMoneyVnd(item.net, `${path}.net`, problems);
  const unit = readMoneyVnd(item.unitPrice, `${path}.unitPrice`, problems);
  if (unit === null) return null;
  const qty = readRecord(item.quantity, `${path}.quantity`, problems);
  const quantity = typeof qty?.value === 'number' ? qty.value : 1;
  const factor = typeof item.factor === 'number' ? item.factor : 1;
  return roundHalfUpVnd(unit * quantity * factor);
}

/** Claim → lines; null when the claim cannot be used (wrong type, cancelled, nothing priced). */
export function readClaimLines(input: unknown, problems: Problems): RawLine[] | null {
  const opened = openResource(input, 'Claim');
  if (!opened.ok) {
    problems.push(...opened.problems.map((p) => ({ ...p, severity: 'warning' as const, path: 'claim' })));
    return null;
  }
  const res = opened.resource;
  const source = `Claim/${readString(res.id, 'Claim.id', problems) ?? '#'}`;
  const status = readString(res.status, `${source}.status`, problems);
  if (status === 'cancelled' || status === 'entered-in-error') {
    warn(problems, 'CHARGES.SKIPPED_STATUS', `${source}.status`, `claim with status ${status} is not counted`);
    return null;
  }
  const lines = readArray(res.item, `${source}.item`, problems).flatMap((it, i): RawLine[] => {
    const item = readRecord(it, `${source}.item[${i}]`, problems);
    const total = item ? claimItemTotal(item, `${source}.item[${i}]`, problems) : null;
    if (!item || total === null) return [];
    const description = conceptLabel(readConcept(item.productOrService, `${source}.item[${i}].productOrService`, problems));
    const stated = statedInsurance(item.extension, `${source}.item[${i}].extension`, problems);
    return [{ source: `${source}#item${i + 1}`, description, totalVnd: total, statedInsuranceVnd: stated, planned: false }];
  });
  if (lines.length > 0) return lines;
  const total = readMoneyVnd(res.total, `${source}.total`, problems);
  return total === null ? null : [{ source, description: 'Claim.total', totalVnd: total, statedInsuranceVnd: null, planned: false }];
}
