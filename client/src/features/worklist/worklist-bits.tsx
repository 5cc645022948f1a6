import { Progress, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CERTAINTIES, FLAG_STATUSES, FLAG_TYPES, WRITE_BACK_STATUSES } from '../../api-types';
import type { Certainty, FindingInput, FlagStatus, FlagType, WriteBackStatus } from '../../api-types';
import { formatDate, formatMoney, formatNumber } from '../../format';
import { currentLanguage } from '../../i18n';

/** Small shared pieces of the worklist and flag screens: labels and tags for the server's codes. */
const isFlagType = (v: string): v is FlagType => (FLAG_TYPES as readonly string[]).includes(v);
const isCertainty = (v: string | null): v is Certainty => v !== null && (CERTAINTIES as readonly string[]).includes(v);
const isStatus = (v: string): v is FlagStatus => (FLAG_STATUSES as readonly string[]).includes(v);
const isWriteBack = (v: string): v is WriteBackStatus => (WRITE_BACK_STATUSES as readonly string[]).includes(v);

const SOURCES = [
  'Patient',
  'Coverage',
  'Encounter',
  'Condition',
  'ChargeItem',
  'Claim',
  'Account',
  'RelatedPerson',
  'screening',
  'certificate',
  'hospital',
  'rule-set',
  'override',
] as const;
type Source = (typeof SOURCES)[number];
const isSource = (v: string): v is Source => (SOURCES as readonly string[]).includes(v);

const TYPE_COLORS: Record<FlagType, string> = {
  poverty: 'volcano',
  insurance: 'blue',
  'catastrophic-cost': 'red',
  vulnerability: 'purple',
  'high-cost-diagnosis': 'magenta',
  'long-stay': 'cyan',
  'social-need': 'orange',
};
const CERTAINTY_COLORS: Record<Certainty, string> = { authoritative: 'green', likely: 'gold', indicative: 'default' };
const STATUS_COLORS: Record<FlagStatus, string> = {
  active: 'orange',
  confirmed: 'green',
  dismissed: 'default',
  expired: 'default',
  superseded: 'default',
};
const WRITE_BACK_COLORS: Record<WriteBackStatus, string> = { disabled: 'default', pending: 'gold', sent: 'green', failed: 'red' };

export function flagTypeLabel(type: string, t: TFunction): string {
  return isFlagType(type) ? t(`flagTypes.${type}`) : type;
}

export function sourceLabel(source: string, t: TFunction): string {
  return isSource(source) ? t(`sources.${source}`) : source;
}

/** The finding summary in the UI language. */
export function summaryText(summary: { vi: string; en: string }): string {
  return currentLanguage() === 'en' ? summary.en || summary.vi : summary.vi;
}

export function FlagTypeTags({ types }: { types: string[] }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <span className="tag-list">
      {types.map((type) => (
        <Tag key={type} color={isFlagType(type) ? TYPE_COLORS[type] : undefined} data-testid="flag-type" data-type={type}>
          {flagTypeLabel(type, t)}
        </Tag>
      ))}
    </span>
  );
}

export function CertaintyTag({ certainty, testId }: { certainty: string | null; testId?: string }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!certainty) return null;
  return (
    <Tag color={isCertainty(certainty) ? CERTAINTY_COLORS[certainty] : undefined} data-testid={testId} data-certainty={certainty}>
      {isCertainty(certainty) ? t(`certainties.${certainty}`) : certainty}
    </Tag>
  );
}

export function FlagStatusTag({ status }: { status: string }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={isStatus(status) ? STATUS_COLORS[status] : undefined} data-testid="flag-status" data-status={status}>
      {isStatus(status) ? t(`flagStatuses.${status}`) : status}
    </Tag>
  );
}

export function WriteBackTag({ status }: { status: string }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={isWriteBack(status) ? WRITE_BACK_COLORS[status] : undefined} data-testid="flag-writeback" data-status={status}>
      {isWriteBack(status) ? t(`writeBack.${status}`) : status}
    </Tag>
  );
}

/** "đã ra viện dd/MM/yyyy": a patient on the worklist who has left the hospital. */
export function DischargedTag({ dischargedAt }: { dischargedAt: string | null }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!dischargedAt) return null;
  return (
    <Tag data-testid="worklist-discharged" data-discharged={dischargedAt}>
      {t('worklist.discharged', { date: formatDate(dischargedAt) })}
    </Tag>
  );
}

/** "Theo dõi": a flag (or finding) that raises priority but is not a task by itself. */
export function WatchTag(): React.JSX.Element {
  const { t } = useTranslation();
  return <Tag data-testid="flag-tier-watch">{t('worklist.tierWatchTag')}</Tag>;
}

/** The priority as a number with a bar scaled to the highest priority shown. */
export function PriorityBar({ priority, max }: { priority: number; max: number }): React.JSX.Element {
  const { t } = useTranslation();
  const percent = max > 0 ? Math.round((Math.max(0, priority) / max) * 100) : 0;
  return (
    <Tooltip title={priority}>
      <span className="priority" data-testid="flag-priority" data-priority={priority}>
        <span className="priority__value">{formatNumber(priority)}</span>
        <Progress
          percent={percent}
          showInfo={false}
          size="small"
          strokeColor={percent >= 66 ? '#cf1322' : percent >= 33 ? '#d48806' : '#0b4f5a'}
          aria-label={t('a11y.priorityBar', { priority })}
        />
      </span>
    </Tooltip>
  );
}

/** An input value for people: money in VND, yes/no, dates dd/MM/yyyy, lists joined. */
export function inputValueText(input: FindingInput, t: TFunction): string {
  const { name, value } = input;
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? t('flag.yes') : t('flag.no');
  if (typeof value === 'number') return /Vnd$/.test(name) ? formatMoney(value) : formatNumber(value);
  if (/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value)) return formatDate(value);
  return value;
}
