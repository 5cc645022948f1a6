import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../api-types';
import { EmptyState } from '../../components/page-states';
import { formatDate } from '../../format';
import { PatientName, ageText } from '../patients/patient-bits';
import { CertaintyTag, DischargedTag, FlagTypeTags, PriorityBar } from './worklist-bits';
import './worklist.css';

interface WorklistTableProps {
  flags: Flag[];
  loading: boolean;
  filtered?: boolean;
  /** The home card's short version: fewer columns. */
  compact?: boolean;
  onOpen: (flag: Flag) => void;
  testId?: string;
}

/**
 * Flagged patients, highest priority first. A row opens the flag for review by a click, or from
 * the keyboard: each row is a tab stop, and Enter or Space opens it (WCAG 2.1.1).
 */
export function WorklistTable({ flags, loading, filtered, compact, onOpen, testId = 'worklist-table' }: WorklistTableProps): React.JSX.Element {
  const { t } = useTranslation();
  const max = Math.max(1, ...flags.map((f) => f.priority));

  const columns: TableColumnsType<Flag> = [
    {
      title: t('worklist.priority'),
      dataIndex: 'priority',
      width: 140,
      render: (_: unknown, f) => <PriorityBar priority={f.priority} max={max} />,
    },
    {
      title: t('worklist.patient'),
      key: 'patient',
      render: (_: unknown, f) =>
        f.patient ? (
          <Link to={`/patients/${f.patient.id}`} onClick={(e) => e.stopPropagation()} data-testid={`worklist-patient-${f.id}`}>
            <PatientName name={f.patient.name} />
          </Link>
        ) : (
          <span className="muted">{t('worklist.unknownPatient')}</span>
        ),
    },
    {
      title: t('worklist.age'),
      key: 'age',
      className: 'nowrap',
      render: (_: unknown, f) => (f.patient?.birthDate ? ageText(f.patient.birthDate, t) : '—'),
    },
    ...(compact
      ? []
      : [
          {
            title: t('worklist.ward'),
            key: 'ward',
            render: (_: unknown, f: Flag) => (
              <span className="worklist-ward">
                {f.patient?.ward ?? '—'} <DischargedTag dischargedAt={f.patient?.dischargedAt ?? null} />
              </span>
            ),
          },
        ]),
    { title: t('worklist.types'), dataIndex: 'flagTypes', render: (_: unknown, f) => <FlagTypeTags types={f.flagTypes} /> },
    ...(compact
      ? []
      : [
          {
            title: t('worklist.certainty'),
            dataIndex: 'povertyCertainty',
            render: (_: unknown, f: Flag) => <CertaintyTag certainty={f.povertyCertainty} testId="worklist-certainty" />,
          },
          {
            title: t('worklist.createdAt'),
            dataIndex: 'createdAt',
            className: 'nowrap',
            render: (v: string) => formatDate(v),
          },
        ]),
  ];

  return (
    <Table<Flag>
      rowKey="id"
      size={compact ? 'small' : 'middle'}
      columns={columns}
      dataSource={flags}
      loading={loading}
      pagination={false}
      scroll={compact ? undefined : { x: 860 }}
      rowClassName="worklist-row"
      onRow={(f) =>
        ({
          'data-testid': `worklist-row-${f.id}`,
          tabIndex: 0,
          'aria-label': t('worklist.openFlagOf', { name: f.patient?.name ?? t('worklist.unknownPatient') }),
          onClick: () => onOpen(f),
          onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
            // Only the row itself: Enter on the patient link inside still follows the link.
            if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
            e.preventDefault();
            onOpen(f);
          },
        }) as React.HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <EmptyState title={filtered ? t('worklist.emptyFiltered') : t('worklist.empty')} /> }}
      data-testid={testId}
    />
  );
}
