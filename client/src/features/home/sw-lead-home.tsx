import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { useCurrentUser } from '../auth/session';
import { HospitalSummaryCard } from '../hospitals/hospital-summary-card';
import { HospitalReferralsCard } from '../referrals/referrals-home-card';
import { FundingHomeCard } from '../funding/funding-home-card';
import { TeamTable } from '../users/team-table';
import { useAllUsers } from '../users/users.api';
import { HomeHeader } from './greeting';

/** The head of social work's view: their hospital and the people on its social-work team. */
export function SwLeadHome(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const team = useAllUsers();
  const members = team.data?.items ?? [];
  const active = members.filter((m) => !m.disabled);
  const count = (role: 'social_worker' | 'sw_lead'): number => active.filter((m) => m.role === role).length;

  return (
    <div data-testid="home-sw_lead">
      <HomeHeader title={t('homeLead.title')} />
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={10}>
          <div className="stack">
            <HospitalReferralsCard />
            <FundingHomeCard />
            <HospitalSummaryCard hospitalId={user.hospital?.id} />
          </div>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={t('homeLead.teamTitle')}
            extra={
              <Link to="/team">
                {t('homeLead.viewTeam')} <ArrowRightOutlined />
              </Link>
            }
            data-testid="team-card"
          >
            {team.isError && <ErrorAlert error={team.error} onRetry={() => void team.refetch()} />}
            <Row gutter={16} className="stat-row">
              <Col span={8}>
                <Statistic groupSeparator="." title={t('homeLead.activeMembers')} value={active.length} loading={team.isPending} />
              </Col>
              <Col span={8}>
                <Statistic groupSeparator="." title={t('homeLead.socialWorkers')} value={count('social_worker')} loading={team.isPending} />
              </Col>
              <Col span={8}>
                <Statistic groupSeparator="." title={t('homeLead.leads')} value={count('sw_lead')} loading={team.isPending} />
              </Col>
            </Row>
            <TeamTable users={members} loading={team.isPending} compact />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
