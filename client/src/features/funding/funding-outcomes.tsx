import { NotificationOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, List } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FundingDetail, FundingOutcomeInput } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../format';
import { usePostOutcome } from './funding.api';
import { MarkedText } from './funding-story';
import { identifyingSpans } from './story-spans';

/** "Đăng cập nhật kết quả": the de-identified outcome the partners who pledged are told about (screened like the story). */
function OutcomeForm({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FundingOutcomeInput>();
  const post = usePostOutcome(r.id);
  const [sent, setSent] = useState('');
  const spans = post.isError ? identifyingSpans(post.error, sent) : [];
  return (
    <Form<FundingOutcomeInput>
      form={form}
      layout="vertical"
      onFinish={(v) => {
        setSent(v.text);
        post.mutate(v, {
          onSuccess: () => {
            form.resetFields();
            void message.success(t('funding.outcomes.posted'));
          },
        });
      }}
      data-testid="outcome-form"
    >
      <Form.Item
        name="text"
        label={t('funding.outcomes.text')}
        extra={t('funding.outcomes.hint')}
        rules={[{ required: true, whitespace: true, message: t('funding.story.required') }]}
      >
        <Input.TextArea rows={3} maxLength={1500} data-testid="outcome-text" />
      </Form.Item>
      {spans.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="block-gap"
          title={t('funding.story.refused', { count: spans.length })}
          description={<MarkedText text={sent} spans={spans} t={t} />}
        />
      )}
      {post.isError && spans.length === 0 && <ErrorAlert error={post.error} />}
      <Button type="primary" htmlType="submit" loading={post.isPending} data-testid="outcome-post">
        {t('funding.outcomes.post')}
      </Button>
    </Form>
  );
}

/** The outcome updates, newest first; the form while money has been disbursed and the viewer may write. */
export function FundingOutcomes({ r }: { r: FundingDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const mayPost = r.can.includes('funding.outcome');
  return (
    <Card
      size="small"
      title={
        <span>
          <NotificationOutlined aria-hidden /> {t('funding.outcomes.title')}
        </span>
      }
      data-testid="funding-outcomes"
    >
      <List
        dataSource={[...r.outcomes].reverse()}
        rowKey="id"
        locale={{ emptyText: <div className="muted">{t('funding.outcomes.none')}</div> }}
        renderItem={(o) => (
          <List.Item className="funding-row" data-testid={`outcome-${o.id}`}>
            <div className="funding-row__main">
              <div className="funding-text">{o.text}</div>
              <div className="muted small">
                {o.by?.name ?? t('funding.someone')} · {formatDateTime(o.at)}
              </div>
            </div>
          </List.Item>
        )}
      />
      {mayPost ? (
        <OutcomeForm r={r} />
      ) : (
        r.viewer === 'hospital' &&
        r.money.disbursedVnd === 0 && <div className="muted small">{t('funding.outcomes.afterDisbursement')}</div>
      )}
    </Card>
  );
}
