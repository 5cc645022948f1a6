import { HistoryOutlined } from '@ant-design/icons';
import { Card, Descriptions, List, Progress, Steps, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FundingDetail, FundingLine } from '../../api-types';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { FundingTable } from './funding-table';
import { MAIN_PATH, fundingStep, lineKindWord, splitWord, statusWord, urgencyWord } from './funding-words';

/** draft → submitted → approved → published → partly → fully funded → disbursed → closed, the current step marked. */
export function FundingSteps({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const step = fundingStep(r);
  return (
    <div
      role="group"
      className="funding-steps-wrap"
      aria-label={t('funding.page.progress', { status: statusWord(t, r.status) })}
      data-testid="funding-steps"
    >
      <Steps
        size="small"
        current={step.index}
        status={step.error ? 'error' : r.status === 'closed' ? 'finish' : 'process'}
        items={MAIN_PATH.map((s, i) => ({
          title: i === step.index ? statusWord(t, r.status) : t(`funding.steps.${s}`),
          content: i === step.index ? t('funding.page.currentStep') : undefined,
        }))}
      />
    </div>
  );
}

/** Asked, pledged, disbursed and left, with a bar of the share pledged or paid. */
export function FundingMoney({ r }: { r: Pick<FundingDetail, 'money'> }): React.JSX.Element {
  const { t } = useTranslation();
  const m = r.money;
  const covered = m.askedVnd > 0 ? Math.min(100, Math.round(((m.pledgedVnd + m.disbursedVnd) * 100) / m.askedVnd)) : 0;
  const paid = m.askedVnd > 0 ? Math.min(100, Math.round((m.disbursedVnd * 100) / m.askedVnd)) : 0;
  // The server's leftVnd is what partners may still pledge (0 while not published); people read "still needed".
  const needed = Math.max(0, m.askedVnd - m.pledgedVnd - m.disbursedVnd);
  return (
    <Card size="small" title={t('funding.money.title')} data-testid="funding-money" data-asked={m.askedVnd} data-left={m.leftVnd}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
        <Descriptions.Item label={t('funding.money.asked')}>
          <strong data-testid="funding-money-asked">{formatMoney(m.askedVnd)}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.money.pledged')}>
          <span data-testid="funding-money-pledged">{formatMoney(m.pledgedVnd)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.money.disbursed')}>
          <span data-testid="funding-money-disbursed">{formatMoney(m.disbursedVnd)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.money.left')}>
          <span data-testid="funding-money-left">{formatMoney(needed)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Progress percent={covered} success={{ percent: paid }} showInfo={false} aria-label={t('funding.money.bar', { covered, paid })} />
      <div className="muted small">
        {t('funding.money.ofTotal', { total: formatMoney(m.totalVnd), insurance: formatMoney(m.insuranceVnd) })}
      </div>
    </Card>
  );
}

/** Who asks for whom, how urgent, by when; the documents; who wrote it. */
export function FundingFacts({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid="funding-facts">
      <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }}>
        <Descriptions.Item label={t('funding.page.hospital')}>{r.hospital.name}</Descriptions.Item>
        {r.patient && (
          <Descriptions.Item label={t('funding.page.patient')}>
            <Link to={`/patients/${r.patient.id}`}>{r.patient.name ?? t('funding.someone')}</Link>
          </Descriptions.Item>
        )}
        {r.caseId && r.viewer === 'hospital' && (
          <Descriptions.Item label={t('funding.page.case')}>
            <Link to={`/cases/${r.caseId}`} data-testid="funding-case-link">
              {t('funding.page.openCase')}
            </Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('funding.page.urgency')}>
          <Tag color={r.urgency === 'routine' ? undefined : 'red'}>{urgencyWord(t, r.urgency)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.page.neededBy')}>
          <span data-testid="funding-needed-by">{formatDate(r.neededBy)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.page.createdBy')}>
          {r.createdBy?.name ?? t('funding.someone')} · {formatDateTime(r.createdAt)}
        </Descriptions.Item>
        {r.documents.length > 0 && (
          <Descriptions.Item label={t('funding.page.documents')}>
            <span>{r.documents.map((d) => d.fileName).join(', ')}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {r.justification && (
        <div className="block-gap" data-testid="funding-justification-text">
          <strong>{t('funding.page.justification')}</strong>
          <div className="funding-text">{r.justification}</div>
        </div>
      )}
    </Card>
  );
}

/** The lines with BHYT's share of each and what is asked (hospital staff only: partners get none). */
export function FundingLinesTable({ r }: { r: FundingDetail }): React.JSX.Element | null {
  const { t } = useTranslation();
  if (r.lines.length === 0) return null;
  return (
    <Card size="small" title={t('funding.page.lines')} data-testid="funding-lines">
      <FundingTable<FundingLine>
        rows={r.lines}
        rowKey={(_, i) => String(i)}
        empty={t('funding.page.lines')}
        columns={[
          { key: 'kind', title: t('funding.editor.kind'), render: (l) => lineKindWord(t, l.kind) },
          { key: 'description', title: t('funding.editor.description'), render: (l) => l.description },
          { key: 'total', title: t('funding.page.lineTotal'), align: 'right', render: (l) => formatMoney(l.totalVnd) },
          {
            key: 'insurance',
            title: t('funding.page.lineInsurance'),
            align: 'right',
            render: (l) => (l.split === 'outside-bhyt' ? '—' : formatMoney(l.insuranceVnd)),
          },
          {
            key: 'patient',
            title: t('funding.page.linePatient'),
            align: 'right',
            render: (l) => <strong>{formatMoney(l.patientVnd)}</strong>,
          },
          { key: 'how', title: t('funding.page.lineHow'), render: (l) => <span className="muted small">{splitWord(t, l.split)}</span> },
        ]}
      />
      {r.bhyt && (
        <div className="muted small block-gap" data-testid="funding-bhyt">
          {r.bhyt.percent !== null
            ? t('funding.editor.card', { digit: r.bhyt.benefitDigit ?? '—', percent: r.bhyt.percent })
            : t('funding.editor.noCard')}
        </div>
      )}
    </Card>
  );
}

/** Every move: from, to, who, when, why. */
export function FundingHistory({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={
        <span>
          <HistoryOutlined aria-hidden /> {t('funding.page.history')}
        </span>
      }
      data-testid="funding-history"
    >
      <List
        dataSource={[...r.history].reverse()}
        rowKey={(h) => `${h.at}:${h.to}`}
        locale={{ emptyText: <div className="muted">{t('funding.page.noHistory')}</div> }}
        renderItem={(h) => (
          <List.Item className="funding-row">
            <div className="funding-row__main">
              <div>{h.from ? t('funding.page.moved', { from: statusWord(t, h.from), to: statusWord(t, h.to) }) : statusWord(t, h.to)}</div>
              <div className="muted small">
                {h.by ? (h.by.name ?? t('funding.someone')) : t('funding.system')} · {formatDateTime(h.at)}
              </div>
              {h.reason && <div className="funding-text">{h.reason}</div>}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
