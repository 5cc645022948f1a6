import { ArrowLeftOutlined, ArrowRightOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Select, Space, Steps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate } from '../../format';
import { useAllUsers } from '../users/users.api';
import { summaryText } from '../worklist/worklist-bits';
import { CASE_STATUSES } from './case-types';
import type { CaseDetail } from './case-types';
import { allowedMoves, statusStep } from './case-words';
import { useAssign, useTransition } from './cases.api';

/** open → assessment → plan → active support → closed, the current step marked (in words for screen readers too). */
export function CaseSteps({ c }: { c: CaseDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const current = statusStep(c.status);
  return (
    <div role="group" aria-label={t('casePage.progress', { status: t(`case.statuses.${c.status}`) })} data-testid="case-steps" data-status={c.status}>
      <Steps
        size="small"
        current={current}
        status={c.status === 'closed' ? 'finish' : 'process'}
        items={CASE_STATUSES.map((s, i) => ({
          title: t(`case.statuses.${s}`),
          content: i === current ? t('casePage.currentStep') : undefined,
        }))}
      />
    </div>
  );
}

/** The buttons of the moves the server lets this user make now (one step on or back). */
export function CaseMoves({ c }: { c: CaseDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const transition = useTransition(c.id);
  const moves = allowedMoves(c);
  if (moves.length === 0) return null;
  return (
    <Space orientation="vertical" size={8}>
      <Space wrap>
        {moves.map((m) => (
          <Button
            key={m.to}
            type={m.direction === 'forward' ? 'primary' : 'default'}
            icon={m.direction === 'forward' ? <ArrowRightOutlined /> : <ArrowLeftOutlined />}
            loading={transition.isPending && transition.variables.to === m.to}
            disabled={transition.isPending}
            onClick={() =>
              transition.mutate(
                { to: m.to },
                { onSuccess: () => void message.success(t('casePage.moved', { status: t(`case.statuses.${m.to}`) })) },
              )
            }
            data-testid={`case-move-${m.to}`}
          >
            {t(m.direction === 'forward' ? 'casePage.moveForward' : 'casePage.moveBack', { status: t(`case.statuses.${m.to}`) })}
          </Button>
        ))}
      </Space>
      {transition.isError && <ErrorAlert error={transition.error} testId="case-move-error" />}
    </Space>
  );
}

/** The head of social work picks a social worker or lead of the hospital (the users API lists a lead's team). */
function Reassign({ c, onDone }: { c: CaseDetail; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const team = useAllUsers();
  const assign = useAssign(c.id);
  const options = (team.data?.items ?? [])
    .filter((u) => !u.disabled && (u.role === 'social_worker' || u.role === 'sw_lead'))
    .map((u) => ({ value: u.id, label: `${u.displayName} · ${t(`roles.${u.role}`)}` }));
  return (
    <Space orientation="vertical" size={4} className="full-width">
      <Select
        className="case-assign__select"
        aria-label={t('casePage.assignTo')}
        placeholder={t('casePage.assignTo')}
        loading={team.isPending || assign.isPending}
        options={options}
        defaultValue={c.assignedTo?.id}
        onChange={(userId: string) =>
          assign.mutate(
            { userId },
            {
              onSuccess: (updated) => {
                void message.success(t('casePage.assigned', { name: updated.assignedTo?.name ?? '' }));
                onDone();
              },
            },
          )
        }
        data-testid="case-assign-select"
      />
      {team.isError && <ErrorAlert error={team.error} />}
      {assign.isError && <ErrorAlert error={assign.error} testId="case-assign-error" />}
    </Space>
  );
}

export function CaseFacts({ c }: { c: CaseDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const [reassigning, setReassigning] = useState(false);
  const canAssign = c.can.includes('case.assign') && c.status !== 'closed';
  return (
    <Card size="small" className="case-facts">
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label={t('casePage.patient')}>
          <Link to={`/patients/${c.patient.id}`} data-testid="case-patient-link">
            {c.patient.name}
          </Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('casePage.age')}>
          {c.patient.ageYears === null ? t('casePage.unknown') : t('patient.ageYears', { count: c.patient.ageYears })}
        </Descriptions.Item>
        <Descriptions.Item label={t('casePage.ward')}>{c.patient.ward ?? t('casePage.unknown')}</Descriptions.Item>
        <Descriptions.Item label={t('casePage.opened')}>
          {t('casePage.openedOn', { date: formatDate(c.openedAt), name: c.openedBy.name })}
        </Descriptions.Item>
        <Descriptions.Item label={t('casePage.assignee')}>
          <Space wrap size={4} className="case-assign">
            <span data-testid="case-assignee">{c.assignedTo?.name ?? t('casePage.unassigned')}</span>
            {canAssign && !reassigning && (
              <Button size="small" icon={<UserSwitchOutlined />} onClick={() => setReassigning(true)} data-testid="case-reassign">
                {t('casePage.reassign')}
              </Button>
            )}
          </Space>
          {reassigning && <Reassign c={c} onDone={() => setReassigning(false)} />}
        </Descriptions.Item>
      </Descriptions>
      {c.note && (
        <div className="case-facts__note" data-testid="case-note">
          <strong>{t('case.note')}:</strong> {c.note}
        </div>
      )}
      {c.flag && c.flag.reasons.length > 0 && (
        <div data-testid="case-reasons">
          <strong>{t('case.reasons')}:</strong>
          <ul className="case-facts__reasons">
            {c.flag.reasons.map((r, i) => (
              <li key={`${r.code}-${i}`}>{summaryText(r.summary)}</li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
