import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../auth/session';
import { TeamTable } from './team-table';
import { useAllUsers } from './users.api';

/** Nhóm CTXH: everyone at the head of social work's hospital (the API limits the list to it). */
export function TeamPage(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const team = useAllUsers();
  return (
    <div data-testid="page-team">
      <PageHeader title={t('team.title')} subtitle={t('team.subtitle', { hospital: user.hospital?.name ?? '' })} />
      {team.isError && <ErrorAlert error={team.error} onRetry={() => void team.refetch()} />}
      <Card>
        <TeamTable users={team.data?.items ?? []} loading={team.isPending} />
      </Card>
    </div>
  );
}
