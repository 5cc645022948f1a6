import { EditOutlined, PartitionOutlined } from '@ant-design/icons';
import { Button, Card, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Hospital } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { ActiveTag, FhirStatusTag, LevelTag, ProvinceText } from './hospital-bits';
import './hospitals.css';

interface HospitalCardsProps {
  hospitals: Hospital[];
  loading: boolean;
  emptyText: string;
  /** Admins: edit and flag tiers; coordinators only read. */
  onEdit?: (hospital: Hospital) => void;
  onTiers?: (hospital: Hospital) => void;
}

/**
 * The hospitals on a phone: one card each, everything on screen, the buttons full-size tap
 * targets and ordinary tab stops (a table at 390 px put them off screen, issue 8 B12).
 */
export function HospitalCards({ hospitals, loading, emptyText, onEdit, onTiers }: HospitalCardsProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List<Hospital>
      className="admin-cards"
      dataSource={hospitals}
      loading={loading}
      rowKey="id"
      split={false}
      pagination={hospitals.length > 20 ? { pageSize: 20, size: 'small' } : false}
      locale={{ emptyText: <EmptyState title={emptyText} /> }}
      data-testid="hospital-cards"
      renderItem={(h) => (
        <List.Item>
          <Card size="small" className="admin-card" data-testid={`hospital-card-${h.code}`}>
            <div className="admin-card__head">
              <strong>{h.name}</strong>
              <span className="muted">
                <span className="mono">{h.code}</span> · <ProvinceText province={h.province} />
              </span>
            </div>
            <div className="admin-card__meta">
              <LevelTag level={h.level} />
              <span>{t(`units.${h.socialWorkUnit}`)}</span>
              <FhirStatusTag fhir={h.fhir} />
              <ActiveTag active={h.active} />
            </div>
            {(onEdit ?? onTiers) && (
              <div className="admin-card__actions">
                {onEdit && (
                  <Button
                    icon={<EditOutlined />}
                    onClick={() => onEdit(h)}
                    aria-label={t('flagTiers.editOf', { name: h.name })}
                    data-testid={`hospital-edit-${h.code}`}
                  >
                    {t('common.edit')}
                  </Button>
                )}
                {onTiers && (
                  <Button
                    icon={<PartitionOutlined />}
                    onClick={() => onTiers(h)}
                    aria-label={t('flagTiers.openOf', { name: h.name })}
                    data-testid={`hospital-tiers-${h.code}`}
                  >
                    {t('flagTiers.open')}
                  </Button>
                )}
              </div>
            )}
          </Card>
        </List.Item>
      )}
    />
  );
}
