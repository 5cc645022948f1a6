import { configureIdempotency } from '../../../http/idempotency.js';

/**
 * The money settings (FUNDING_MAX_VND, FUNDING_PLEDGE_EXPIRY_DAYS, FUNDING_REPAIR_AFTER_SECONDS),
 * set once per process from the configuration: by createApp, and by the worker's job runtime.
 */
export interface MoneySettings {
  maxVnd: number;
  pledgeExpiryDays: number;
  repairAfterSeconds: number;
}

let settings: MoneySettings = { maxVnd: 2_000_000_000, pledgeExpiryDays: 30, repairAfterSeconds: 60 };

export function configureMoney(s: MoneySettings): void {
  settings = { ...s };
  configureIdempotency({ takeOverAfterSeconds: s.repairAfterSeconds });
}

export const moneySettings = (): MoneySettings => settings;
