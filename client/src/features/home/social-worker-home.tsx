import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/session';
import { HospitalSummaryCard } from '../hospitals/hospital-summary-card';
import { HospitalReferralsCard } from '../referrals/referrals-home-card';
import { SyncHomeCard } from '../sync/sync-home-card';
import { WorklistHomeCard } from '../worklist/worklist-home-card';
import { HomeHeader } from './greeting';

/** "Patients needing support today": the top of the worklist, the last sync and the hospital. */
export function SocialWorkerHome(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();

  return (
    <div data-testid="home-social_worker">
      <HomeHeader title={t('homeSocialWorker.title')} />
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <WorklistHomeCard />
        </Col>
        <Col xs={24} xl={10}>
          <div className="stack">
            <HospitalReferralsCard />
            <SyncHomeCard hospitalId={user.hospital?.id} />
            <HospitalSummaryCard hospitalId={user.hospital?.id} />
          </div>
        </Col>
      </Row>
    </div>
  );
}
