import { HistoryOutlined, MessageOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ReferralDetail } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../format';
import { useAddComment, useReferralComments } from './referrals.api';
import { capacityWord, sideWord, statusWord } from './referral-words';

/** "Tạo bản nháp" for the first entry of a draft; otherwise from → to. */
function historyTitle(t: TFunction, h: ReferralDetail['history'][number]): string {
  if (h.from) return t('referral.page.historyMove', { from: statusWord(t, h.from), to: statusWord(t, h.to) });
  return h.to === 'draft' ? t('referral.page.historyCreated') : statusWord(t, h.to);
}

/** Every move with who made it (and for which side), when, and what it carried: reason, capacity answer, outcome. Newest last. */
export function ReferralHistory({ r }: { r: ReferralDetail }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={
        <span>
          <HistoryOutlined aria-hidden /> {t('referral.page.history')}
        </span>
      }
      className="referral-section"
      data-testid="referral-history"
    >
      <ol className="referral-history">
        {r.history.map((h, i) => (
          <li key={`${h.at}-${i}`} data-testid="referral-history-entry" data-to={h.to}>
            <div>
              <strong>{historyTitle(t, h)}</strong>
            </div>
            {h.capacity && (
              <div>
                {t('referral.page.capacity')}: <Tag>{capacityWord(t, h.capacity)}</Tag>
              </div>
            )}
            <div className="muted small">
              {t('referral.page.historyBy', {
                name: h.by.name ?? t('referral.someone'),
                side: sideWord(t, h.side),
                at: formatDateTime(h.at),
              })}
            </div>
            {h.reason && (
              <div className="referral-text">
                {t('referral.page.statusReason')}: {h.reason}
              </div>
            )}
            {h.outcome && (
              <div className="referral-text" data-testid="referral-history-outcome">
                {t('referral.page.outcome')}: {h.outcome}
              </div>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}

function CommentComposer({ id }: { id: string }): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ body: string }>();
  const add = useAddComment(id);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => add.mutate({ body: v.body }, { onSuccess: () => form.resetFields() })}
      data-testid="referral-comment-form"
    >
      <Form.Item
        name="body"
        label={t('referral.page.write')}
        rules={[{ required: true, whitespace: true, message: t('referral.page.writeRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="referral-comment-body" />
      </Form.Item>
      {add.isError && <ErrorAlert error={add.error} />}
      <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="referral-comment-send">
        {t('referral.page.sendComment')}
      </Button>
    </Form>
  );
}

/** The thread between the two sides, oldest first, with a composer for those the server's `can` lets write. */
export function ReferralThread({ r }: { r: ReferralDetail }): React.JSX.Element {
  const { t } = useTranslation();
  const draft = r.status === 'draft';
  const comments = useReferralComments(r.id, !draft);
  const list = comments.data ?? [];
  return (
    <Card
      size="small"
      title={
        <span>
          <MessageOutlined aria-hidden /> {t('referral.page.thread')}
        </span>
      }
      className="referral-section"
      data-testid="referral-thread"
    >
      {draft && <div className="muted">{t('referral.page.threadDraft')}</div>}
      {comments.isError && <ErrorAlert error={comments.error} onRetry={() => void comments.refetch()} />}
      {comments.isSuccess && list.length === 0 && <div className="muted block-gap">{t('referral.page.threadEmpty')}</div>}
      <ol className="referral-thread block-gap">
        {list.map((c) => (
          <li key={c.id} data-testid="referral-comment" data-side={c.side}>
            <div className="muted small">
              {t('referral.page.commentBy', {
                name: c.author.name ?? t('referral.someone'),
                side: sideWord(t, c.side),
                at: formatDateTime(c.at),
              })}
            </div>
            <div className="referral-thread__body">{c.body}</div>
          </li>
        ))}
      </ol>
      {r.can.includes('referral.comment') && <CommentComposer id={r.id} />}
    </Card>
  );
}
