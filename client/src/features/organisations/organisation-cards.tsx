import { EditOutlined } from '@ant-design/icons';
import { Button, Card, List } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { ActiveTag } from '../hospitals/hospital-bits';
import { OrganisationTypeTag, ProvinceText, ServiceTags } from './organisation-bits';
import '../hospitals/hospitals.css';

interface OrganisationCardsProps {
  organisations: Organisation[];
  loading: boolean;
  emptyText: string;
  onEdit: (organisation: Organisation) => void;
}

/**
 * The organisations on a phone: one card each with what it receives referrals for and where, and
 * its edit button on screen (a table at 390 px hid them off to the side, as it did for hospitals).
 */
export function OrganisationCards({ organisations, loading, emptyText, onEdit }: OrganisationCardsProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <List<Organisation>
      className="admin-cards"
      dataSource={organisations}
      loading={loading}
      rowKey="id"
      split={false}
      pagination={organisations.length > 20 ? { pageSize: 20, size: 'small' } : false}
      locale={{ emptyText: <EmptyState title={emptyText} /> }}
      data-testid="organisation-cards"
      renderItem={(o) => (
        <List.Item>
          <Card size="small" className="admin-card" data-testid={`organisation-card-${o.id}`}>
            <div className="admin-card__head">
              <strong>{o.name}</strong>
              <span className="muted">{[o.contact.name, o.contact.phone].filter(Boolean).join(' · ')}</span>
            </div>
            <div className="admin-card__meta">
              <OrganisationTypeTag type={o.type} />
              <ProvinceText province={o.province} />
              <ActiveTag active={o.active} />
            </div>
            <ServiceTags services={o.services} />
            <div className="admin-card__actions">
              <Button icon={<EditOutlined />} onClick={() => onEdit(o)} aria-label={t('organisations.editTitle', { name: o.name })} data-testid={`organisation-edit-${o.id}`}>
                {t('common.edit')}
              </Button>
            </div>
          </Card>
        </List.Item>
      )}
    />
  );
}
