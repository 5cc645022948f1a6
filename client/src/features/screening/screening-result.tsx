import { CheckCircleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ScreeningResult } from '../../api-types';
import { formatDate } from '../../format';
import { FlagReasons } from '../worklist/flag-reasons';
import { FlagStatusTag, FlagTypeTags } from '../worklist/worklist-bits';

interface ScreeningResultCardProps {
  result: ScreeningResult;
  patientId: string;
  onAgain: () => void;
}

/** What the rules found in a recorded screening, and the flag it raised (if any). */
export function ScreeningResultCard({ result, patientId, onAgain }: ScreeningResultCardProps): React.JSX.Element {
  const { t } = useTranslation();
  const { screening, flag } = result;
  // The form (and its submit button, which had focus) is gone: move focus to the result so a
  // keyboard or screen-reader user lands on what happened, not at the top of the page.
  const heading = useRef<HTMLSpanElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Card
      title={
        <span ref={heading} tabIndex={-1} data-testid="screening-result-heading">
          <CheckCircleOutlined /> {t('screening.resultTitle')}
        </span>
      }
      data-testid="screening-result"
      data-flag={flag?.id ?? ''}
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} className="block-gap">
        <Descriptions.Item label={t('screeningHistory.date')}>{formatDate(screening.screeningDate)}</Descriptions.Item>
        <Descriptions.Item label={t('screening.ruleSet')}>
          {/* The rule set's id is a code: on hover, for whoever checks the rules. */}
          <Tooltip title={`${screening.ruleSet.id} v${screening.ruleSet.version}`}>
            <span data-testid="screening-result-rule-set">{t('reasonWords.ruleSetVersion', { version: screening.ruleSet.version })}</span>
          </Tooltip>
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.priority')}>
          <strong data-testid="screening-result-priority">{flag?.priority ?? screening.priority}</strong>
        </Descriptions.Item>
        {flag && (
          <Descriptions.Item label={t('worklist.types')}>
            <FlagTypeTags types={flag.flagTypes} /> <FlagStatusTag status={flag.status} />
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Paragraph data-testid="screening-result-flag">{flag ? t('screening.flagRaised') : t('screening.noFlag')}</Typography.Paragraph>
      <Typography.Title level={5}>{t('screening.findings')}</Typography.Title>
      <FlagReasons reasons={screening.findings} />
      <Space wrap className="block-gap" style={{ marginTop: 16 }}>
        {flag && (
          <Link to={`/worklist?flag=${encodeURIComponent(flag.id)}`} data-testid="screening-result-flag-link">
            <Button type="primary">{t('screening.viewFlag')}</Button>
          </Link>
        )}
        <Link to="/worklist" data-testid="screening-result-worklist">
          <Button>{t('screening.toWorklist')}</Button>
        </Link>
        <Link to={`/patients/${patientId}`} data-testid="screening-result-patient">
          <Button>{t('screening.back')}</Button>
        </Link>
        <Button type="link" onClick={onAgain} data-testid="screening-again">
          {t('screening.again')}
        </Button>
      </Space>
    </Card>
  );
}
