import { Alert, Card, Grid, Tabs } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../api';
import { isApiError } from '../../api';
import type { PatientSearchCriteria } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../auth/session';
import { CensusTable } from './census-table';
import { PatientResultsTable } from './patient-results-table';
import { PatientSearchForm } from './patient-search-form';
import { SEARCH_LIMIT, hasCriteria, usePatientSearch } from './patients.api';

type TabKey = 'results' | 'census';
const CRITERIA_KEYS = ['q', 'bhyt', 'nationalId', 'mrn', 'birthDate'] as const;

function criteriaFrom(params: URLSearchParams): PatientSearchCriteria {
  const criteria: PatientSearchCriteria = {};
  for (const key of CRITERIA_KEYS) criteria[key] = params.get(key) || undefined;
  return criteria;
}

/**
 * Finding a patient in the hospital's information system and linking them, and the current
 * inpatients. The search lives in the URL, so going back from a patient returns to the results.
 */
export function PatientsPage(): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const criteria = useMemo(() => criteriaFrom(params), [params]);
  const searched = hasCriteria(criteria);
  const search = usePatientSearch(criteria);
  const [unmatched, setUnmatched] = useState<ApiErrorDetail[]>([]);
  const tab: TabKey = params.get('tab') === 'census' || (!searched && params.get('tab') !== 'results') ? 'census' : 'results';
  const hits = search.data ?? [];
  // A 400 shows under the fields; the alert says what went wrong and keeps the request id.
  const fieldError = isApiError(search.error) && search.error.status === 400;

  const onSearch = (next: PatientSearchCriteria): void => {
    const same = CRITERIA_KEYS.every((key) => (next[key] ?? undefined) === criteria[key]);
    if (same && tab === 'results') {
      void search.refetch();
      return;
    }
    const nextParams = new URLSearchParams();
    for (const key of CRITERIA_KEYS) if (next[key]) nextParams.set(key, next[key]);
    nextParams.set('tab', 'results');
    setParams(nextParams);
  };
  const onClear = (): void => setParams(new URLSearchParams({ tab }), { replace: true });
  const onTab = (key: string): void =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('tab', key);
        return next;
      },
      { replace: true },
    );
  const onUnmatched = useCallback((details: ApiErrorDetail[]) => setUnmatched(details), []);
  // Short tab names on a phone: longer ones overflow into antd's "more" button, which sits in the tablist (not a tab).
  const short = !Grid.useBreakpoint().sm;

  return (
    <div data-testid="page-patients">
      <PageHeader title={t('patients.title')} subtitle={t('patients.subtitle', { hospital: user.hospital?.name ?? '' })} />
      <Card title={t('patients.searchTitle')} className="block-gap">
        <PatientSearchForm
          value={criteria}
          error={search.error}
          searching={search.isFetching}
          onSearch={onSearch}
          onClear={onClear}
          onUnmatched={onUnmatched}
        />
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={onTab}
          items={[
            {
              key: 'results',
              label: <span data-testid="patients-tab-results">{t(short ? 'patients.tabResultsShort' : 'patients.tabResults')}</span>,
              children: (
                <>
                  {search.isError && (
                    <ErrorAlert
                      error={search.error}
                      details={fieldError ? unmatched : []}
                      onRetry={fieldError ? undefined : () => void search.refetch()}
                      testId="patient-search-error"
                    />
                  )}
                  {hits.length >= SEARCH_LIMIT && (
                    <Alert type="info" showIcon className="block-gap" title={t('patients.resultsLimited', { limit: SEARCH_LIMIT })} />
                  )}
                  {!search.isError && <PatientResultsTable hits={hits} loading={search.isFetching} searched={searched} />}
                </>
              ),
            },
            {
              key: 'census',
              label: <span data-testid="patients-tab-census">{t(short ? 'patients.tabCensusShort' : 'patients.tabCensus')}</span>,
              children: <CensusTable />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
