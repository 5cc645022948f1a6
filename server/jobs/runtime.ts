import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { configureMoney } from '../features/funding/ledger/funding-money-config.js';
import { configureWorklist } from '../features/screening/flags.service.js';
import { configureSyncSchedule } from '../features/sync/census-sync.jobs.js';
import { configureFhirRuntime } from '../fhir/fhir-runtime.js';
import { configureSecretBox } from '../fhir/secret-box.js';
import { configureNotifications } from '../notifications/notifications.api.js';

/**
 * The module settings background work reads (the secret box's key, FHIR deadlines, the sync
 * schedule…), set from the configuration in a process that runs jobs without createApp: the
 * worker, and the tests' in-process worker. A feature whose jobs need settings adds its line here.
 */
export function configureJobRuntime(config: AppConfig, log: Logger): void {
  configureSecretBox(config.fhirSecretKey);
  configureFhirRuntime({ interactiveDeadlineMs: config.fhirInteractiveDeadlineMs, syncResumeMaxAgeMinutes: config.syncResumeMaxAgeMinutes, log });
  configureWorklist({ dischargedDays: config.worklistDischargedDays });
  configureSyncSchedule({ dailyAt: config.syncDailyAt });
  configureNotifications({ mail: config.mail, log });
  configureMoney(config.money);
}
