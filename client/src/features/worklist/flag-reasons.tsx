import { Collapse, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { currentLanguage } from '../../i18n';
import { legalBasisText } from '../../i18n/legal-basis';
import { inputSentence } from '../../i18n/reasons';
import { CertaintyTag, flagTypeLabel, summaryText } from './worklist-bits';
import './worklist.css';
import './flag-reasons.css';

/**
 * Why the rules flagged a patient: each finding's summary, certainty and the data it used, as
 * sentences in the user's language. The rule id, version, weight, legal source and raw input
 * names stay behind a "Details" toggle for whoever checks the rules (issue 8, B9).
 */
export function FlagReasons({ reasons, emptyText }: { reasons: Finding[]; emptyText?: string }): React.JSX.Element {
  const { t } = useTranslation();
  if (reasons.length === 0) return <EmptyState title={emptyText ?? t('screening.noFindings')} />;
  // Screenings carry no tiers: one plain list. A flag's reasons: the tasks first, then what only raises priority.
  if (!reasons.some((r) => r.tier === 'watch'))
    return <ReasonGroup reasons={reasons} tier={reasons.some((r) => r.tier) ? 'support' : null} />;
  const support = reasons.filter((r) => r.tier !== 'watch');
  const watch = reasons.filter((r) => r.tier === 'watch');
  return (
    <div data-testid="flag-reasons">
      {support.length > 0 && <ReasonGroup reasons={support} tier="support" title={t('flag.supportGroup')} />}
      <ReasonGroup reasons={watch} tier="watch" title={t('flag.watchGroup')} />
    </div>
  );
}

/** One tier's reasons under its heading (a watch group is marked so it is not read as a task). */
function ReasonGroup({
  reasons,
  tier,
  title,
}: {
  reasons: Finding[];
  tier: 'support' | 'watch' | null;
  title?: string;
}): React.JSX.Element {
  const list = reasons.map((reason, index) => <Reason key={`${reason.ruleId}:${reason.code}:${index}`} reason={reason} />);
  if (!title) {
    return (
      <div data-testid="flag-reasons" data-tier={tier ?? undefined}>
        {list}
      </div>
    );
  }
  return (
    <section className={`reason-group reason-group--${tier ?? 'none'}`} data-testid={`reason-group-${tier}`} aria-label={title}>
      <div className="reason-group__title">
        <Tag color={tier === 'support' ? 'volcano' : undefined}>{title}</Tag>
      </div>
      {list}
    </section>
  );
}

function Reason({ reason }: { reason: Finding }): React.JSX.Element {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="reason" data-testid={`flag-reason-${reason.code}`} data-rule={reason.ruleId} data-tier={reason.tier ?? ''}>
      <div className="reason__summary">
        {summaryText(reason.summary)} <CertaintyTag certainty={reason.certainty} testId="reason-certainty" />
        <Tag>{flagTypeLabel(reason.flagType, t)}</Tag>
        {reason.unconfirmed && (
          <Tag color="warning" className="small">
            {t('flag.unconfirmed')}
          </Tag>
        )}
      </div>
      {reason.inputs.length > 0 && (
        <ul className="reason__inputs" aria-label={t('flag.inputs')}>
          {reason.inputs.map((input, i) => (
            <li key={`${input.name}:${i}`} data-testid="reason-input" data-source={input.source}>
              {inputSentence(input, lang)}
            </li>
          ))}
        </ul>
      )}
      <Collapse
        ghost
        size="small"
        className="reason__details"
        data-testid="reason-details"
        items={[{ key: 'details', label: t('reasonWords.details'), children: <ReasonDetails reason={reason} /> }]}
      />
    </div>
  );
}

/** The codes behind the sentences: for checking a rule against its legal text, not for daily reading. */
function ReasonDetails({ reason }: { reason: Finding }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="reason__meta" data-testid="reason-rule">
      <div>
        {t('flag.legal')}: <span data-testid="reason-legal">{legalBasisText(reason, currentLanguage())}</span>
      </div>
      <div>
        {t('flag.rule')}: <Typography.Text code className="small">{`${reason.ruleId} v${reason.ruleVersion}`}</Typography.Text>
        {' · '}
        {t('flag.weight')}: {reason.weight}
      </div>
      {reason.inputs.length > 0 && (
        <div>
          {t('reasonWords.rawInputs')}:{' '}
          {reason.inputs.map((input, i) => (
            <Typography.Text code className="small" key={`${input.name}:${i}`}>
              {`${input.name}=${input.value === null ? 'null' : String(input.value)} (${input.source})`}
            </Typography.Text>
          ))}
        </div>
      )}
    </div>
  );
}
