import { ApartmentOutlined } from '@ant-design/icons';
import { Card, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PatientMatch } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { usePatientMatches } from './patients.api';

function MatchRow({ match, kind }: { match: PatientMatch; kind: 'confirmed' | 'suggested' }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="kv-row" data-testid={`patient-match-${match.id}`} data-kind={kind} data-basis={match.basis}>
      <span>
        <Tag className="mono">{match.hospital.code}</Tag>
      </span>
      <Tag color={kind === 'confirmed' ? 'green' : 'gold'}>{t(`matchBases.${match.basis}`)}</Tag>
    </div>
  );
}

/** The same person at other hospitals of the network: for referrals and to avoid double support. */
export function PatientMatchesCard({ patientId }: { patientId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const matches = usePatientMatches(patientId);
  const confirmed = matches.data?.confirmed ?? [];
  const suggested = matches.data?.suggested ?? [];

  return (
    <Card
      title={
        <span>
          <ApartmentOutlined /> {t('patient.matchesTitle')}
        </span>
      }
      data-testid="patient-matches"
    >
      {matches.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {matches.isError && <ErrorAlert error={matches.error} onRetry={() => void matches.refetch()} />}
      {matches.data && confirmed.length + suggested.length === 0 && <EmptyState title={t('patient.matchesEmpty')} />}
      {confirmed.length > 0 && (
        <section data-testid="patient-matches-confirmed">
          <Typography.Text strong>{t('patient.matchesConfirmed')}</Typography.Text>
          {confirmed.map((match) => (
            <MatchRow key={match.id} match={match} kind="confirmed" />
          ))}
        </section>
      )}
      {suggested.length > 0 && (
        <section data-testid="patient-matches-suggested" className="matches-suggested">
          <Typography.Text strong>{t('patient.matchesSuggested')}</Typography.Text>
          <div className="muted small">{t('patient.matchesHint')}</div>
          {suggested.map((match) => (
            <MatchRow key={match.id} match={match} kind="suggested" />
          ))}
        </section>
      )}
    </Card>
  );
}
