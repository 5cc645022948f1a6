import type { UseQueryResult } from '@tanstack/react-query';
import { ArrowRightOutlined, BankOutlined, HeartOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { Card, Col, Grid, Row, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AllPages } from '../../api';
import { ROLES } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../format';
import { OutcomeTag } from '../audit/audit-table';
import { useAuditEvents } from '../audit/audit.api';
import { actionLabel, resourceLabel } from '../audit/audit-words';
import { useAllHospitals } from '../hospitals/hospitals.api';
import { useAllOrganisations } from '../organisations/organisations.api';
import { RoleTag } from '../users/user-bits';
import { useAllUsers } from '../users/users.api';
import { HomeHeader } from './greeting';
import { HolidayTableAlert } from './holiday-table-alert';

interface CountCardProps<T> {
  testId: string;
  title: string;
  icon: ReactNode;
  to: string;
  query: UseQueryResult<AllPages<T>>;
  isActive: (item: T) => boolean;
}

function CountCard<T>({ testId, title, icon, to, query, isActive }: CountCardProps<T>): React.JSX.Element {
  const { t } = useTranslation();
  const items = query.data?.items ?? [];
  const suffix = query.data?.truncated ? '+' : undefined;
  return (
    <Card
      data-testid={testId}
      actions={[
        <Link key="manage" to={to}>
          {t('homeAdmin.manage')} <ArrowRightOutlined />
        </Link>,
      ]}
    >
      {query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Statistic groupSeparator="." title={title} value={items.length} suffix={suffix} prefix={icon} loading={query.isPending} />
          {query.isSuccess && (
            <Typography.Text type="secondary">{t('homeAdmin.activeOf', { active: items.filter(isActive).length })}</Typography.Text>
          )}
        </>
      )}
    </Card>
  );
}

function RecentActivity(): React.JSX.Element {
  const { t } = useTranslation();
  const events = useAuditEvents({});
  const rows = (events.data?.pages[0]?.data ?? []).slice(0, 8);
  // A phone drops the who column rather than scroll sideways (a scrolled table is out of keyboard reach).
  const narrow = !Grid.useBreakpoint().md;
  return (
    <Card
      title={t('homeAdmin.recentActivity')}
      extra={
        <Link to="/audit">
          {t('homeAdmin.viewAudit')} <ArrowRightOutlined />
        </Link>
      }
      data-testid="recent-activity"
    >
      {events.isError && <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={events.isPending}
        dataSource={rows}
        scroll={narrow ? undefined : { x: 480 }}
        columns={[
          {
            title: t('audit.at'),
            dataIndex: 'at',
            // On a phone the time goes under the action, which then has room for its words.
            responsive: ['md'],
            render: (at: string) => <span className={narrow ? undefined : 'nowrap'}>{formatDateTime(at)}</span>,
          },
          {
            title: t('audit.actor'),
            key: 'actor',
            responsive: ['md'],
            render: (_: unknown, e) => e.actor?.username ?? t('audit.anonymous'),
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            // Words for people (as on the audit page); the code only on hover.
            render: (_: unknown, e) => (
              <Tooltip title={e.action}>
                <span className="stacked" data-testid="recent-action" data-action={e.action}>
                  <span>{actionLabel(e.action, t)}</span>
                  <span className="muted small">{resourceLabel(e.resourceType, t)}</span>
                  {narrow && <span className="muted small">{formatDateTime(e.at)}</span>}
                </span>
              </Tooltip>
            ),
          },
          { title: t('audit.outcome'), dataIndex: 'outcome', render: (_: unknown, e) => <OutcomeTag event={e} /> },
        ]}
      />
    </Card>
  );
}

/** The administrator's overview: how many hospitals, partners and accounts the network has. */
export function AdminHome(): React.JSX.Element {
  const { t } = useTranslation();
  const hospitals = useAllHospitals();
  const organisations = useAllOrganisations();
  const users = useAllUsers();
  const activeUsers = (users.data?.items ?? []).filter((u) => !u.disabled);
  const fhirConnected = (hospitals.data?.items ?? []).filter((h) => h.fhir.enabled && h.fhir.baseUrl).length;

  return (
    <div data-testid="home-admin">
      <HomeHeader title={t('homeAdmin.title')} />
      <HolidayTableAlert />
      <Row gutter={[16, 16]} className="block-gap">
        <Col xs={24} md={8}>
          <CountCard
            testId="count-hospitals"
            title={t('nav.hospitals')}
            icon={<BankOutlined />}
            to="/hospitals"
            query={hospitals}
            isActive={(h) => h.active}
          />
        </Col>
        <Col xs={24} md={8}>
          <CountCard
            testId="count-organisations"
            title={t('nav.organisations')}
            icon={<HeartOutlined />}
            to="/organisations"
            query={organisations}
            isActive={(o) => o.active}
          />
        </Col>
        <Col xs={24} md={8}>
          <CountCard
            testId="count-users"
            title={t('nav.users')}
            icon={<UsergroupAddOutlined />}
            to="/users"
            query={users}
            isActive={(u) => !u.disabled}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card title={t('homeAdmin.usersByRole')} className="block-gap" data-testid="users-by-role">
            {ROLES.map((role) => (
              <div className="kv-row" key={role}>
                <RoleTag role={role} />
                <strong>{users.isSuccess ? activeUsers.filter((u) => u.role === role).length : '…'}</strong>
              </div>
            ))}
          </Card>
          <Card title={t('homeAdmin.fhirTitle')}>
            <Statistic
              groupSeparator="."
              value={fhirConnected}
              suffix={`/ ${hospitals.data?.items.length ?? 0}`}
              loading={hospitals.isPending}
            />
            <Typography.Text type="secondary">{t('homeAdmin.fhirHint')}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <RecentActivity />
        </Col>
      </Row>
    </div>
  );
}
