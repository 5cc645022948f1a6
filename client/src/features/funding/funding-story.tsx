import { CheckCircleOutlined, EditOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FundingDetail, FundingStory, FundingStoryInput, IdentifyingSpan } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDate, formatDateTime } from '../../format';
import { useConsents } from '../cases/consent.api';
import { useSaveStory } from './funding.api';
import { lineKindWord } from './funding-words';
import { identifyingSpans } from './story-spans';

/** The text with each refused span marked, so the worker sees exactly what to change. */
export function MarkedText({ text, spans, t }: { text: string; spans: IdentifyingSpan[]; t: TFunction }): React.JSX.Element {
  const parts: React.ReactNode[] = [];
  let at = 0;
  spans.forEach((s, i) => {
    if (s.start < at) return; // overlapping spans: the first one marks the place
    parts.push(text.slice(at, s.start));
    parts.push(
      <mark key={i} className="funding-span" data-testid="story-span" data-kind={s.kind} title={t(`funding.story.kinds.${s.kind}`)}>
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  });
  parts.push(text.slice(at));
  return (
    <div className="funding-text funding-marked" data-testid="story-marked">
      {parts}
    </div>
  );
}

/** Whether the patient's consent to publish a story is in force, with a way to the case's consent tab. */
export function PublishConsent({ caseId }: { caseId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const consents = useConsents(caseId);
  const active = (consents.data ?? []).find((c) => c.purpose === 'publish-story' && c.status === 'active');
  const link = (
    <Link to={`/cases/${caseId}?tab=consent`} className="funding-inline-link" data-testid="story-consent-link">
      {t('funding.story.consentGo')}
    </Link>
  );
  if (consents.isPending) return <span className="muted">{t('common.loading')}</span>;
  if (active) {
    return (
      <div data-testid="story-consent" data-consent="yes">
        <CheckCircleOutlined aria-hidden className="funding-ok" />{' '}
        {active.validUntil ? t('funding.story.consentUntil', { date: formatDate(active.validUntil) }) : t('funding.story.consentOpen')} ·{' '}
        {link}
      </div>
    );
  }
  return (
    <div data-testid="story-consent" data-consent="no">
      <WarningOutlined aria-hidden className="funding-warn" /> {t('funding.story.consentNo')} · {link}
    </div>
  );
}

function StoryShown({ s }: { s: FundingStory }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div data-testid="story-shown">
      <h3 className="funding-story-title">{s.title}</h3>
      <div className="funding-text block-gap">{s.text}</div>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('funding.story.diagnosisGroup')}>{s.diagnosisGroup}</Descriptions.Item>
        <Descriptions.Item label={t('funding.story.ageBand')}>{s.ageBand ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('funding.story.province')}>{s.province ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('funding.story.needs')}>{s.needs.map((n) => lineKindWord(t, n)).join(', ') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('funding.story.listed')}>
          {s.listed ? (
            <Tag color="green" className="funding-wrap-tag">
              {t('funding.story.listedYes', { date: formatDateTime(s.publishedAt) })}
            </Tag>
          ) : (
            <Tag>{t('funding.story.listedNo')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('funding.story.reviewed')}>
          {s.reviewed ? t('funding.story.reviewedYes') : t('funding.story.reviewedNo')}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function StoryForm({ r, onDone }: { r: FundingDetail; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FundingStoryInput>();
  const save = useSaveStory(r.id);
  const [sent, setSent] = useState({ title: '', text: '' });
  const spans = save.isError ? identifyingSpans(save.error, sent.text) : [];
  const titleSpans = save.isError ? identifyingSpans(save.error, sent.title, 'titleSpans') : [];
  const refused = [...titleSpans, ...spans];
  const submit = (v: FundingStoryInput): void => {
    setSent({ title: v.title, text: v.text });
    save.mutate(v, {
      onSuccess: () => {
        void message.success(t('funding.story.saved'));
        onDone();
      },
    });
  };
  const initial: FundingStoryInput = r.story
    ? { title: r.story.title, text: r.story.text, diagnosisGroup: r.story.diagnosisGroup, reviewed: false }
    : { title: '', text: '', diagnosisGroup: '', reviewed: false };
  return (
    <Form<FundingStoryInput>
      form={form}
      layout="vertical"
      requiredMark="optional"
      initialValues={initial}
      onFinish={submit}
      data-testid="story-form"
    >
      <Alert type="info" showIcon className="block-gap" title={t('funding.story.rules')} />
      <Form.Item
        name="title"
        label={t('funding.story.title')}
        rules={[{ required: true, whitespace: true, message: t('funding.story.required') }]}
      >
        <Input maxLength={120} data-testid="story-title" />
      </Form.Item>
      <Form.Item
        name="text"
        label={t('funding.story.text')}
        extra={t('funding.story.textHint')}
        rules={[{ required: true, whitespace: true, message: t('funding.story.required') }]}
      >
        <Input.TextArea rows={6} maxLength={1500} showCount data-testid="story-text" />
      </Form.Item>
      {refused.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="block-gap"
          data-testid="story-refused"
          title={t('funding.story.refused', { count: refused.length })}
          description={
            <>
              {titleSpans.length > 0 && <MarkedText text={sent.title} spans={titleSpans} t={t} />}
              {spans.length > 0 && <MarkedText text={sent.text} spans={spans} t={t} />}
              <ul className="funding-span-list">
                {refused.map((s) => (
                  <li key={`${s.start}:${s.end}`}>
                    {t('funding.story.spanLine', { text: s.text, kind: t(`funding.story.kinds.${s.kind}`) })}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      )}
      <Form.Item
        name="diagnosisGroup"
        label={t('funding.story.diagnosisGroup')}
        extra={t('funding.story.diagnosisHint')}
        rules={[{ required: true, whitespace: true, message: t('funding.story.required') }]}
      >
        <Input maxLength={100} data-testid="story-diagnosis" />
      </Form.Item>
      <Form.Item name="reviewed" valuePropName="checked">
        <Checkbox data-testid="story-reviewed">{t('funding.story.reviewedCheck')}</Checkbox>
      </Form.Item>
      {save.isError && refused.length === 0 && <ErrorAlert error={save.error} />}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="story-save">
          {t('funding.story.save')}
        </Button>
        {r.story && <Button onClick={onDone}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}

/** The de-identified story partners will read: shown, written, reviewed; and the consent that lets it be published. */
export function FundingStoryCard({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const mayWrite = r.can.includes('funding.story');
  const [editing, setEditing] = useState(false);
  const showForm = mayWrite && (editing || !r.story);
  return (
    <Card size="small" title={t('funding.story.card')} data-testid="funding-story">
      {r.caseId && r.viewer === 'hospital' && (
        <div className="block-gap">
          <PublishConsent caseId={r.caseId} />
        </div>
      )}
      {showForm ? (
        <StoryForm r={r} onDone={() => setEditing(false)} />
      ) : r.story ? (
        <>
          <StoryShown s={r.story} />
          {mayWrite && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="story-edit">
              {t('funding.story.edit')}
            </Button>
          )}
        </>
      ) : (
        <div className="muted">{t('funding.story.none')}</div>
      )}
    </Card>
  );
}
