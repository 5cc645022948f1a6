import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api';
import type { CasesElsewhere } from '../../api-types';
import { useCan } from '../auth/session';
import { formatDate } from '../../format';

/**
 * The same person at other network hospitals (issue 10, point 5), as far as consent allows: how
 * many other hospitals have a case (no names: the social worker can only ask the patient for
 * consent), and the hospitals whose consent to share with this one is in force, with a link.
 * Nothing is shown when there is no other case.
 */
export function CaseElsewhere({ caseId }: { caseId: string }): React.JSX.Element | null {
  const { t } = useTranslation();
  const can = useCan();
  const allowed = can('case.elsewhere.read');
  const found = useQuery({
    queryKey: ['cases', 'elsewhere', caseId],
    queryFn: ({ signal }) => api.get<CasesElsewhere>(`/cases/${encodeURIComponent(caseId)}/elsewhere`, undefined, signal),
    enabled: allowed,
  });
  const e = found.data;
  if (!allowed || !e || e.otherHospitals === 0) return null;
  const unshared = Math.max(0, e.otherHospitals - e.shared.length);
  if (e.shared.length === 0) {
    return <Alert type="info" showIcon title={t('casePage.elsewhere.unshared', { count: unshared })} data-testid="case-elsewhere" data-shared="0" />;
  }
  return (
    <Alert
      type="info"
      showIcon
      data-testid="case-elsewhere"
      data-shared={e.shared.length}
      title={
        <>
          <strong>{t('casePage.elsewhere.sharedTitle')}</strong>
          <ul className="case-elsewhere-list">
            {e.shared.map((s) => (
              <li key={s.caseId}>
                {t('casePage.elsewhere.sharedItem', { hospital: s.hospital.name, date: formatDate(s.openedAt), status: t(`case.statuses.${s.status}`) })}{' '}
                <Link to={`/cases/${s.caseId}`} title={t('casePage.elsewhere.openOf', { hospital: s.hospital.name })} data-testid={`case-elsewhere-open-${s.caseId}`}>
                  {t('casePage.elsewhere.open')}
                </Link>
              </li>
            ))}
          </ul>
          {unshared > 0 && <p>{t('casePage.elsewhere.moreUnshared', { count: unshared })}</p>}
        </>
      }
    />
  );
}
