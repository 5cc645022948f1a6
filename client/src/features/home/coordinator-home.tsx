import { ApiOutlined, BankOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Card, Col, Grid, Row, Skeleton, Statistic, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hospital } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { EmptyState } from '../../components/page-states';
import { FhirStatusTag, LevelTag } from '../hospitals/hospital-bits';
import { useAllHospitals } from '../hospitals/hospitals.api';
import { NetworkReferralsCard } from '../referrals/referrals-home-card';
import { HomeHeader } from './greeting';

interface ProvinceGroup {
  province: string;
  oldProvinces: string[];
  hospitals: Hospital[];
}

const LEVEL_ORDER = { central: 0, provincial: 1, district: 2 } as const;

/** Reports group by the provinces in force since 1 July 2025; the old ones are shown alongside. */
export function groupByProvince(hospitals: Hospital[]): ProvinceGroup[] {
  const groups = new Map<string, Hospital[]>();
  for (const hospital of hospitals) {
    const key = hospital.province.current;
    groups.set(key, [...(groups.get(key) ?? []), hospital]);
  }
  return [...groups]
    .map(([province, members]) => ({
      province,
      oldProvinces: [...new Set(members.map((h) => h.province.old))].sort((a, b) => a.localeCompare(b, 'vi')),
      hospitals: [...members].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.localeCompare(b.name, 'vi')),
    }))
    .sort((a, b) => a.province.localeCompare(b.province, 'vi'));
}

function ProvinceCard({ group }: { group: ProvinceGroup }): React.JSX.Element {
  const { t } = useTranslation();
  // A phone keeps name, level and connection and fits the screen (a wide table stretched the page).
  const narrow = !Grid.useBreakpoint().md;
  const columns: TableColumnsType<Hospital> = [
    {
      title: t('hospitals.name'),
      dataIndex: 'name',
      render: (name: string, h) => (h.active ? name : <span className="muted">{name}</span>),
    },
    { title: t('hospitals.provinceOld'), key: 'old', responsive: ['md'], render: (_: unknown, h) => h.province.old },
    { title: t('hospitals.level'), key: 'level', render: (_: unknown, h) => <LevelTag level={h.level} /> },
    { title: t('hospitals.unit'), key: 'unit', responsive: ['lg'], render: (_: unknown, h) => t(`units.${h.socialWorkUnit}`) },
    { title: t('hospitals.fhir'), key: 'fhir', responsive: ['sm'], render: (_: unknown, h) => <FhirStatusTag fhir={h.fhir} /> },
  ];
  const merged = group.oldProvinces.filter((name) => name !== group.province);
  return (
    <Card
      size="small"
      data-testid="province-group"
      data-province={group.province}
      title={
        <span>
          <EnvironmentOutlined /> {group.province}
          <span className="muted card-title-note">{t('homeCoordinator.hospitalCount', { total: group.hospitals.length })}</span>
        </span>
      }
      extra={
        merged.length > 0 ? (
          <span className="muted" data-testid="province-old">
            {t('homeCoordinator.mergedFrom', { names: group.oldProvinces.join(', ') })}
          </span>
        ) : undefined
      }
    >
      <Table<Hospital>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={group.hospitals}
        pagination={false}
        scroll={narrow ? undefined : { x: 640 }}
      />
    </Card>
  );
}

/** Mạng lưới: the network's hospitals by province, for the network coordinator. */
export function CoordinatorHome(): React.JSX.Element {
  const { t } = useTranslation();
  const hospitals = useAllHospitals();
  const all = useMemo(() => hospitals.data?.items ?? [], [hospitals.data]);
  const groups = useMemo(() => groupByProvince(all), [all]);
  const connected = all.filter((h) => h.fhir.enabled && h.fhir.baseUrl).length;

  return (
    <div data-testid="home-coordinator">
      <HomeHeader title={t('homeCoordinator.title')} />
      <Row gutter={[16, 16]} className="block-gap">
        <Col xs={24} sm={8}>
          <Card>
            <Statistic
              groupSeparator="."
              title={t('homeCoordinator.provinces')}
              value={groups.length}
              prefix={<EnvironmentOutlined />}
              loading={hospitals.isPending}
            />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic
              groupSeparator="."
              title={t('homeCoordinator.hospitals')}
              value={all.length}
              prefix={<BankOutlined />}
              loading={hospitals.isPending}
            />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic
              groupSeparator="."
              title={t('homeCoordinator.fhirConnected')}
              value={connected}
              suffix={`/ ${all.length}`}
              prefix={<ApiOutlined />}
              loading={hospitals.isPending}
            />
          </Card>
        </Col>
      </Row>
      <NetworkReferralsCard />
      {hospitals.isError && <ErrorAlert error={hospitals.error} onRetry={() => void hospitals.refetch()} />}
      {hospitals.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {hospitals.isSuccess && groups.length === 0 && (
        <Card>
          <EmptyState title={t('homeCoordinator.empty')} />
        </Card>
      )}
      <div className="province-groups">
        {groups.map((group) => (
          <ProvinceCard key={group.province} group={group} />
        ))}
      </div>
    </div>
  );
}
