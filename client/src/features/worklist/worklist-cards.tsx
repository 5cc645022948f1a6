import { RightOutlined } from '@ant-design/icons';
import { Button, Card, List } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { PatientName, ageText } from '../patients/patient-bits';
import { DischargedTag, FlagTypeTags, PriorityBar } from './worklist-bits';
import './worklist.css';

interface WorklistCardsProps {
  flags: Flag[];
  loading: boolean;
  filtered?: boolean;
  onOpen: (flag: Flag) => void;
  testId?: string;
}

/**
 * The worklist on a phone: one card per flagged patient, everything on screen (no sideways
 * scrolling). The card's button opens the review: one tab stop, Enter or Space, or a tap.
 */
export function WorklistCards({ flags, loading, filtered, onOpen, testId = 'worklist-cards' }: WorklistCardsProps): React.JSX.Element {
  const { t } = useTranslation();
  const max = Math.max(1, ...flags.map((f) => f.priority));
  return (
    <List<Flag>
      dataSource={flags}
      loading={loading}
      rowKey="id"
      split={false}
      locale={{ emptyText: <EmptyState title={filtered ? t('worklist.emptyFiltered') : t('worklist.empty')} /> }}
      data-testid={testId}
      renderItem={(f) => {
        const name = f.patient?.name ?? t('worklist.unknownPatient');
        return (
          <List.Item className="worklist-card-item">
            <Card size="small" className="worklist-card" data-testid={`worklist-row-${f.id}`} onClick={() => onOpen(f)}>
              <div className="worklist-card__head">
                {f.patient ? (
                  <Link to={`/patients/${f.patient.id}`} onClick={(e) => e.stopPropagation()} data-testid={`worklist-patient-${f.id}`}>
                    <PatientName name={f.patient.name} />
                  </Link>
                ) : (
                  <span className="muted">{name}</span>
                )}
                <PriorityBar priority={f.priority} max={max} />
              </div>
              <div className="worklist-card__meta">
                {f.patient?.birthDate && <span>{ageText(f.patient.birthDate, t)}</span>}
                {f.patient?.ward && <span>{f.patient.ward}</span>}
                <DischargedTag dischargedAt={f.patient?.dischargedAt ?? null} />
              </div>
              <FlagTypeTags types={f.flagTypes} />
              <Button
                block
                className="worklist-card__open"
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(f);
                }}
                aria-label={t('worklist.openFlagOf', { name })}
                data-testid={`worklist-open-${f.id}`}
              >
                {t('worklist.openFlag')} <RightOutlined />
              </Button>
            </Card>
          </List.Item>
        );
      }}
    />
  );
}
