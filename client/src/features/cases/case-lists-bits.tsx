import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseListStatus, CaseNeedDomain, CaseSummary } from '../../api-types';
import { formatDate } from '../../format';

const STATUS_COLOURS: Record<CaseListStatus, string | undefined> = {
  open: 'blue',
  assessment: 'gold',
  plan: 'purple',
  'active-support': 'green',
  closed: undefined,
};

export function CaseStatusTag({ status }: { status: CaseListStatus }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="case-status" data-status={status}>
      {t(`caseLists.statuses.${status}`)}
    </Tag>
  );
}

export function NeedTags({ needs }: { needs: readonly CaseNeedDomain[] }): React.JSX.Element {
  const { t } = useTranslation();
  if (needs.length === 0) return <span className="muted">—</span>;
  return (
    <span className="tag-list">
      {needs.map((n) => (
        <Tag key={n}>{t(`caseLists.needs.${n}`)}</Tag>
      ))}
    </span>
  );
}

/** Goals in words: overdue ones first and marked (not by colour alone), else the next target day. */
export function GoalsText({ c }: { c: CaseSummary }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <span className="case-goals">
      {c.overdueGoals > 0 && (
        <span className="case-overdue" data-testid="case-overdue" data-count={c.overdueGoals}>
          {t('caseLists.overdueGoals', { count: c.overdueGoals })}
        </span>
      )}
      {c.overdueGoals > 0 && c.nextGoalDue && <br />}
      {c.nextGoalDue ? (
        <span>{t('caseLists.nextGoal', { date: formatDate(c.nextGoalDue) })}</span>
      ) : (
        c.overdueGoals === 0 && <span className="muted">{t('caseLists.noGoals')}</span>
      )}
    </span>
  );
}

export function patientLabel(c: CaseSummary, unknown: string): string {
  return c.patient.name ?? unknown;
}
