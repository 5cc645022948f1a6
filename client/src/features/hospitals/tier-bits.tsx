import { Button, DatePicker, List, Radio, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FlagTier } from '../../api-types';
import { vietnamToday } from '../../clock';
import { DATE_FORMAT, formatDate, formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { findingCodeWords } from '../../i18n/finding-words';
import type { ScreeningTiers, TierOverride } from './tiers.api';

/** A change being made to one finding's tier, before it is saved. */
export interface TierDraft {
  code: string;
  tier: FlagTier;
  day: Dayjs | null;
}

/** Support reads as the task it makes (orange); watch as neutral. Both colours reach 4.5:1 on their tag. */
export function TierTag({ tier, testId }: { tier: FlagTier; testId?: string }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={tier === 'support' ? 'volcano' : undefined} data-testid={testId} data-tier={tier}>
      {t(`flagTiers.${tier}`)}
    </Tag>
  );
}

export const beforeToday = (day: Dayjs): boolean => day.isBefore(vietnamToday(), 'day');

/** The latest change still to come for a code (saved for a later day), if any. */
export function scheduledFor(code: string, tiers: ScreeningTiers): TierOverride | undefined {
  return tiers.overrides.filter((o) => o.code === code && o.effectiveFrom > tiers.day).at(-1);
}

interface TierRowProps {
  row: ScreeningTiers['tiers'][number];
  scheduled: TierOverride | undefined;
  draft: TierDraft | null;
  saving: boolean;
  onDraft: (draft: TierDraft | null) => void;
  onSave: (draft: TierDraft) => void;
}

/** One finding: its default and current tier, a two-way switch, and for a change the day it starts. */
export function TierRow({ row, scheduled, draft, saving, onDraft, onSave }: TierRowProps): React.JSX.Element {
  const { t } = useTranslation();
  const finding = findingCodeWords(row.code, currentLanguage());
  const latest = scheduled?.tier ?? row.tier;
  const shown = draft?.tier ?? latest;
  const pick = (tier: FlagTier): void => onDraft(tier === latest ? null : { code: row.code, tier, day: draft?.day ?? vietnamToday() });
  return (
    <List.Item className="tier-row" data-testid={`tier-row-${row.code}`} data-tier={row.tier}>
      <div className="tier-row__head">
        <strong>{finding}</strong>
        <span className="tier-row__tags">
          {t('flagTiers.default')}: <TierTag tier={row.ruleSetTier} /> {t('flagTiers.current')}:{' '}
          <TierTag tier={row.tier} testId="tier-current" />
          {scheduled && (
            <span className="muted" data-testid="tier-scheduled">
              {t('flagTiers.scheduled', { date: formatDate(scheduled.effectiveFrom), tier: t(`flagTiers.${scheduled.tier}`) })}
            </span>
          )}
        </span>
      </div>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={shown}
        onChange={(e) => pick(e.target.value as FlagTier)}
        aria-label={t('flagTiers.switchLabel', { finding })}
        data-testid={`tier-switch-${row.code}`}
        options={(['support', 'watch'] as const).map((tier) => ({ value: tier, label: t(`flagTiers.${tier}`) }))}
      />
      {draft && <DraftControls finding={finding} draft={draft} saving={saving} onDraft={onDraft} onSave={onSave} />}
    </List.Item>
  );
}

function DraftControls({
  finding,
  draft,
  saving,
  onDraft,
  onSave,
}: Omit<TierRowProps, 'row' | 'scheduled' | 'draft'> & { finding: string; draft: TierDraft }): React.JSX.Element {
  const { t } = useTranslation();
  const missing = !draft.day || !draft.day.isValid();
  const past = !missing && draft.day !== null && beforeToday(draft.day);
  const id = `tier-date-${draft.code}`;
  return (
    <div className="tier-row__draft" data-testid="tier-draft">
      <label htmlFor={id}>{t('flagTiers.effectiveFrom')}</label>
      <Space wrap>
        <DatePicker
          id={id}
          format={DATE_FORMAT}
          value={draft.day}
          disabledDate={beforeToday}
          placeholder={t('flagTiers.datePlaceholder')}
          onChange={(day: Dayjs | null) => onDraft({ ...draft, day })}
          status={missing || past ? 'error' : undefined}
          aria-describedby={missing || past ? `${id}-error` : undefined}
          data-testid="tier-date"
        />
        <Button type="primary" loading={saving} disabled={missing || past} onClick={() => onSave(draft)} data-testid="tier-save">
          {t('flagTiers.save')}
        </Button>
        <Button onClick={() => onDraft(null)} aria-label={`${t('common.cancel')}: ${finding}`}>
          {t('common.cancel')}
        </Button>
      </Space>
      {(missing || past) && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {missing ? t('flagTiers.effectiveFromRequired') : t('flagTiers.effectiveFromPast')}
        </div>
      )}
    </div>
  );
}

/** Every change the hospital made, newest first: what, to which tier, from when, who saved it and when. */
export function TierHistory({ overrides, names }: { overrides: TierOverride[]; names: Map<string, string> }): React.JSX.Element {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (overrides.length === 0) return <Typography.Paragraph className="muted">{t('flagTiers.historyEmpty')}</Typography.Paragraph>;
  const newestFirst = [...overrides].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <ul className="tier-history" data-testid="tier-history">
      {newestFirst.map((o) => (
        <li key={`${o.code}:${o.createdAt}`} data-testid="tier-history-item" data-code={o.code}>
          <div>
            {t('flagTiers.historyItem', {
              finding: findingCodeWords(o.code, lang),
              tier: t(`flagTiers.${o.tier}`),
              date: formatDate(o.effectiveFrom),
            })}
          </div>
          <div className="muted small">
            {t('flagTiers.historyBy', { name: names.get(o.by) ?? t('flagTiers.someone'), time: formatDateTime(o.createdAt) })}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** YYYY-MM-DD to send. */
export const dayValue = (day: Dayjs): string => dayjs(day).format('YYYY-MM-DD');
