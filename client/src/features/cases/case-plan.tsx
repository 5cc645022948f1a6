import { EditOutlined, ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format';
import type { CaseDetail, CaseGoal, CaseIntervention, CaseNeed } from './case-types';
import { dueText } from './case-words';
import { PlanDrawer } from './case-plan-forms';
import type { PlanEdit } from './case-plan-forms';

const NEED_COLOURS: Record<CaseNeed['status'], string | undefined> = { open: 'blue', met: 'green', unmet: 'orange' };
const GOAL_COLOURS: Record<CaseGoal['status'], string | undefined> = { open: 'blue', achieved: 'green', 'not-achieved': 'orange', dropped: undefined };

function EditButton({ label, onClick, testId }: { label: string; onClick: () => void; testId: string }): React.JSX.Element {
  return <Button size="small" type="text" icon={<EditOutlined />} aria-label={label} title={label} onClick={onClick} data-testid={testId} />;
}

function NeedRow({ n, onEdit }: { n: CaseNeed; onEdit: (() => void) | null }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <li className="case-item" data-testid={`case-need-${n.id}`} data-status={n.status}>
      <div className="case-item__head">
        <strong>{t(`casePlan.domains.${n.domain}`)}</strong>
        <Tag color={NEED_COLOURS[n.status]}>{t(`casePlan.needStatuses.${n.status}`)}</Tag>
        {onEdit && <EditButton label={t('casePlan.editNeedOf', { what: n.description })} onClick={onEdit} testId={`case-need-edit-${n.id}`} />}
      </div>
      <div className="case-item__text">{n.description}</div>
    </li>
  );
}

function GoalRow({ g, c, onEdit }: { g: CaseGoal; c: CaseDetail; onEdit: (() => void) | null }): React.JSX.Element {
  const { t } = useTranslation();
  const need = c.needs.find((n) => n.id === g.needId);
  return (
    <li className={`case-item${g.overdue ? ' case-item--overdue' : ''}`} data-testid={`case-goal-${g.id}`} data-status={g.status} data-overdue={g.overdue}>
      <div className="case-item__head">
        <Tag color={GOAL_COLOURS[g.status]}>{t(`casePlan.goalStatuses.${g.status}`)}</Tag>
        <span className={g.overdue ? 'case-overdue' : 'muted'} data-testid="case-goal-due">
          {g.overdue && <ExclamationCircleOutlined aria-hidden />} {dueText(t, g.targetDate, g.overdue)}
        </span>
        {onEdit && <EditButton label={t('casePlan.editGoalOf', { what: g.description })} onClick={onEdit} testId={`case-goal-edit-${g.id}`} />}
      </div>
      <div className="case-item__text">{g.description}</div>
      {need && <div className="muted small">{t('casePlan.forNeedText', { domain: t(`casePlan.domains.${need.domain}`) })}</div>}
    </li>
  );
}

function InterventionRow({ i }: { i: CaseIntervention }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <li className="case-item" data-testid={`case-intervention-${i.id}`}>
      <div className="case-item__head">
        <Tag>{t(`casePlan.activityGroups.${i.activityGroup}`)}</Tag>
        <span className="muted">{t('casePlan.performedBy', { date: formatDate(i.performedOn), name: i.by.name })}</span>
      </div>
      <div className="case-item__text">{i.description}</div>
    </li>
  );
}

interface SectionProps {
  title: string;
  empty: string;
  addLabel: string | null;
  onAdd: () => void;
  testId: string;
  children: React.ReactNode[];
}

function Section({ title, empty, addLabel, onAdd, testId, children }: SectionProps): React.JSX.Element {
  return (
    <section className="case-section" data-testid={testId} aria-label={title}>
      <div className="case-section__head">
        <h3 className="case-section__title">{title}</h3>
        {addLabel && (
          <Button size="small" icon={<PlusOutlined />} onClick={onAdd} data-testid={`${testId}-add`}>
            {addLabel}
          </Button>
        )}
      </div>
      {children.length === 0 ? <div className="muted">{empty}</div> : <ul className="case-items">{children}</ul>}
    </section>
  );
}

/** Needs by domain with their status, goals with their target days (overdue said in words), interventions by activity group. */
export function CasePlan({ c }: { c: CaseDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const [edit, setEdit] = useState<PlanEdit | null>(null);
  const editable = c.can.includes('case.plan.update') && c.status !== 'closed';
  // A closed case has nothing left to do: its goals' lateness is history, not a warning.
  const overdue = c.status === 'closed' ? 0 : c.goals.filter((g) => g.overdue).length;
  return (
    <Card title={t('casePlan.title')} data-testid="case-plan">
      <Space orientation="vertical" size={20} className="full-width">
        {overdue > 0 && (
          <div className="case-overdue" role="status" data-testid="case-overdue-count">
            <ExclamationCircleOutlined aria-hidden /> {t('casePlan.overdueCount', { count: overdue })}
          </div>
        )}
        <Section title={t('casePlan.needs')} empty={t('casePlan.noNeeds')} addLabel={editable ? t('casePlan.addNeed') : null} onAdd={() => setEdit({ part: 'needs', item: null })} testId="case-needs">
          {c.needs.map((n) => (
            <NeedRow key={n.id} n={n} onEdit={editable ? () => setEdit({ part: 'needs', item: n }) : null} />
          ))}
        </Section>
        <Section title={t('casePlan.goals')} empty={t('casePlan.noGoals')} addLabel={editable ? t('casePlan.addGoal') : null} onAdd={() => setEdit({ part: 'goals', item: null })} testId="case-goals">
          {c.goals.map((g) => (
            <GoalRow key={g.id} g={g} c={c} onEdit={editable ? () => setEdit({ part: 'goals', item: g }) : null} />
          ))}
        </Section>
        <Section
          title={t('casePlan.interventions')}
          empty={t('casePlan.noInterventions')}
          addLabel={editable ? t('casePlan.addIntervention') : null}
          onAdd={() => setEdit({ part: 'interventions', item: null })}
          testId="case-interventions"
        >
          {c.interventions.map((i) => (
            <InterventionRow key={i.id} i={i} />
          ))}
        </Section>
      </Space>
      <PlanDrawer c={c} edit={edit} onClose={() => setEdit(null)} />
    </Card>
  );
}
