import { Alert, Card, Descriptions, Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format';
import { CASE_STATUSES } from './case-types';
import type { CaseAnyView } from './case-types';
import { statusStep } from './case-words';

type OtherView = Exclude<CaseAnyView, { audience: 'own-hospital' }>;

/**
 * A case seen by a receiving hospital, a conference guest or a charity partner, as far as the
 * patient's consent lets: no name, no ids of the patient, no ward, no notes (the server's view says so).
 */
export function CaseOtherView({ c }: { c: OtherView }): React.JSX.Element {
  const { t } = useTranslation();
  const needDomains = c.audience === 'charity-partner' ? c.needs : c.needs.map((n) => n.domain);
  return (
    <div data-testid="case-other-view" data-audience={c.audience}>
      <Alert type="info" showIcon className="block-gap" title={t('casePage.otherView')} />
      <Steps size="small" current={statusStep(c.status)} className="block-gap" items={CASE_STATUSES.map((s) => ({ title: t(`case.statuses.${s}`) }))} />
      <Card size="small" className="block-gap">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          {'hospital' in c && <Descriptions.Item label={t('casePage.hospital')}>{c.hospital.name}</Descriptions.Item>}
          <Descriptions.Item label={t('casePage.age')}>{c.ageBand ?? t('casePage.unknown')}</Descriptions.Item>
          <Descriptions.Item label={t('hospitals.province')}>{c.province ?? t('casePage.unknown')}</Descriptions.Item>
          <Descriptions.Item label={t('casePlan.needs')}>
            {needDomains.length === 0 ? t('casePlan.noNeeds') : needDomains.map((d) => <Tag key={d}>{t(`casePlan.domains.${d}`)}</Tag>)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {c.audience !== 'charity-partner' && (
        <Card size="small" title={t('casePlan.goals')} className="block-gap">
          {c.goals.length === 0 && <div className="muted">{t('casePlan.noGoals')}</div>}
          <ul className="case-items">
            {c.goals.map((g, i) => (
              <li key={i} className="case-item">
                <Tag>{t(`casePlan.goalStatuses.${g.status}`)}</Tag> {g.description} <span className="muted">· {t('casePlan.dueOn', { date: formatDate(g.targetDate) })}</span>
              </li>
            ))}
          </ul>
          <h3 className="case-section__title">{t('casePlan.interventions')}</h3>
          <ul className="case-items">
            {c.interventions.map((v, i) => (
              <li key={i} className="case-item">
                {t(`casePlan.activityGroups.${v.activityGroup}`)} <span className="muted">· {formatDate(v.performedOn)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
