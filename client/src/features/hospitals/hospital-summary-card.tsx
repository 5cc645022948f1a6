import { Card, Descriptions, Grid, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hospital } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { FhirStatusTag, LevelTag } from './hospital-bits';
import { useHospital } from './hospitals.api';

/** A hospital at a glance: where it is (new and old province), its level and its CTXH unit. */
export function HospitalDescriptions({ hospital }: { hospital: Hospital }): React.JSX.Element {
  const { t } = useTranslation();
  // On a phone a 190 px label column left the values too little room (the page grew past 390 px): labels above values.
  const narrow = !Grid.useBreakpoint().sm;
  return (
    <Descriptions
      column={1}
      size="small"
      layout={narrow ? 'vertical' : 'horizontal'}
      styles={narrow ? undefined : { label: { width: 190 } }}
      data-testid="hospital-summary"
      items={[
        { key: 'name', label: t('hospitals.name'), children: <strong data-testid="hospital-name">{hospital.name}</strong> },
        { key: 'code', label: t('hospitals.code'), children: hospital.code },
        { key: 'level', label: t('hospitals.level'), children: <LevelTag level={hospital.level} /> },
        {
          key: 'province',
          label: t('hospitals.provinceCurrent'),
          children: <span data-testid="hospital-province">{hospital.province.current}</span>,
        },
        {
          key: 'oldProvince',
          label: t('hospitals.provinceOld'),
          children: <span data-testid="hospital-province-old">{hospital.province.old}</span>,
        },
        { key: 'unit', label: t('hospitals.unit'), children: t(`units.${hospital.socialWorkUnit}`) },
        { key: 'fhir', label: t('hospitals.fhir'), children: <FhirStatusTag fhir={hospital.fhir} /> },
      ]}
    />
  );
}

interface HospitalSummaryCardProps {
  hospitalId: string | null | undefined;
  title?: ReactNode;
}

export function HospitalSummaryCard({ hospitalId, title }: HospitalSummaryCardProps): React.JSX.Element {
  const { t } = useTranslation();
  const hospital = useHospital(hospitalId);
  return (
    <Card title={title ?? t('hospitals.yourHospital')} data-testid="hospital-card">
      {!hospitalId && <div className="muted">{t('hospitals.noneAssigned')}</div>}
      {hospitalId && hospital.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
      {hospital.isError && <ErrorAlert error={hospital.error} onRetry={() => void hospital.refetch()} />}
      {hospital.data && <HospitalDescriptions hospital={hospital.data} />}
    </Card>
  );
}
