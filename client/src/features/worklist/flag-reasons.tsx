import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { CertaintyTag, flagTypeLabel, inputValueText, sourceLabel, summaryText } from './worklist-bits';
import './worklist.css';

/** Why the rules flagged a patient: each finding's summary, certainty, rule and inputs with their sources. */
export function FlagReasons({ reasons, emptyText }: { reasons: Finding[]; emptyText?: string }): React.JSX.Element {
  const { t } = useTranslation();
  if (reasons.length === 0) return <EmptyState title={emptyText ?? t('screening.noFindings')} />;
  return (
    <div data-testid="flag-reasons">
      {reasons.map((reason, index) => (
        <div className="reason" key={`${reason.ruleId}:${reason.code}:${index}`} data-testid={`flag-reason-${reason.code}`} data-rule={reason.ruleId}>
          <div className="reason__summary">
            {summaryText(reason.summary)} <CertaintyTag certainty={reason.certainty} testId="reason-certainty" />
            <Tag>{flagTypeLabel(reason.flagType, t)}</Tag>
          </div>
          <div className="reason__meta" data-testid="reason-rule">
            {t('flag.rule')}: <Typography.Text code className="small">{`${reason.ruleId} v${reason.ruleVersion}`}</Typography.Text>
            {' · '}
            {t('flag.weight')}: {reason.weight}
            <br />
            {t('flag.legal')}: {reason.legalSource}
            {reason.unconfirmed && (
              <Tag color="warning" className="small" style={{ marginLeft: 6 }}>
                {t('flag.unconfirmed')}
              </Tag>
            )}
          </div>
          {reason.inputs.length > 0 && (
            <ul className="reason__inputs" aria-label={t('flag.inputs')}>
              {reason.inputs.map((input, i) => (
                <li key={`${input.name}:${i}`} data-testid="reason-input" data-source={input.source}>
                  <span className="mono">{input.name}</span>: <strong>{inputValueText(input, t)}</strong>
                  <span className="reason__source">{t('flag.source', { source: sourceLabel(input.source, t) })}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}
