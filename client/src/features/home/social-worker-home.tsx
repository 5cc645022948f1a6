import { ApiOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Card, Col, Row, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/page-states';
import { useCurrentUser } from '../auth/session';
import { HospitalSummaryCard } from '../hospitals/hospital-summary-card';
import { useHospital } from '../hospitals/hospitals.api';
import { SyncHomeCard } from '../sync/sync-home-card';
import { HomeHeader } from './greeting';

/** "Patients needing support today": a placeholder until screening arrives with the FHIR link. */
export function SocialWorkerHome(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const hospital = useHospital(user.hospital?.id);
  const fhirReady = Boolean(hospital.data?.fhir.enabled && hospital.data.fhir.baseUrl);

  return (
    <div data-testid="home-social_worker">
      <HomeHeader title={t('homeSocialWorker.title')} />
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <Card
            title={
              <span>
                <FileSearchOutlined /> {t('homeSocialWorker.worklistTitle')}
              </span>
            }
            data-testid="worklist"
          >
            <EmptyState title={t('homeSocialWorker.worklistEmpty')}>
              <Typography.Paragraph type="secondary" className="empty-explain">
                {t('homeSocialWorker.worklistExplain')}
              </Typography.Paragraph>
            </EmptyState>
            <Steps
              size="small"
              className="worklist-steps"
              current={fhirReady ? 1 : 0}
              items={[
                { title: t('homeSocialWorker.stepConnect'), icon: <ApiOutlined /> },
                { title: t('homeSocialWorker.stepScreen') },
                { title: t('homeSocialWorker.stepSupport') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <div className="stack">
            <SyncHomeCard hospitalId={user.hospital?.id} />
            <HospitalSummaryCard hospitalId={user.hospital?.id} />
          </div>
        </Col>
      </Row>
    </div>
  );
}
