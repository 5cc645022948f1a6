import { Alert, App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../../api';
import type { CapacityAnswer, ReferralDetail, ReferralStatus } from '../../api-types';
import { CAPACITY_ANSWERS, REFERRAL_CAPACITY_MOVES, REFERRAL_REASON_REQUIRED, REFERRAL_STATUSES } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { allowedSentence } from '../../components/error-messages';
import { useReferralTransition } from './referrals.api';
import { allowedMoves, capacityWord, moveWord, statusWord } from './referral-words';

/** The order the buttons come in: the way forward first, the endings last. */
const ORDER: readonly ReferralStatus[] = [
  'requested',
  'received',
  'accepted',
  'in-progress',
  'completed',
  'on-hold',
  'rejected',
  'failed',
  'cancelled',
];
const DANGER: readonly ReferralStatus[] = ['rejected', 'failed', 'cancelled'];
const FORWARD: readonly ReferralStatus[] = ['requested', 'received', 'accepted', 'in-progress', 'completed'];

const needsReason = (s: ReferralStatus): boolean => (REFERRAL_REASON_REQUIRED as readonly string[]).includes(s);
const takesCapacity = (s: ReferralStatus): boolean => (REFERRAL_CAPACITY_MOVES as readonly string[]).includes(s);
const takesOutcome = (s: ReferralStatus): boolean => s === 'completed' || s === 'failed';
const asksSomething = (s: ReferralStatus): boolean => needsReason(s) || takesCapacity(s) || takesOutcome(s);

interface MoveValues {
  reason?: string;
  capacity?: CapacityAnswer | 'none';
  outcome?: string;
}

/** A status from an error's params, if it is one. */
function statusParam(value: unknown): ReferralStatus | null {
  return typeof value === 'string' && (REFERRAL_STATUSES as readonly string[]).includes(value) ? (value as ReferralStatus) : null;
}

/** 409 ILLEGAL_TRANSITION in a sentence naming both states (the page has refetched the referral by then). */
function MoveError({ error, t }: { error: unknown; t: TFunction }): React.JSX.Element {
  if (isApiError(error) && error.code === 'REFERRAL.ILLEGAL_TRANSITION') {
    const from = statusParam(error.params.from);
    const to = statusParam(error.params.to);
    if (from && to) {
      return (
        <Alert
          type="error"
          showIcon
          title={t('referral.page.illegal', { from: statusWord(t, from), to: statusWord(t, to) })}
          description={allowedSentence(error.code, error.lists, t)}
          data-testid="referral-move-error"
        />
      );
    }
  }
  return <ErrorAlert error={error} testId="referral-move-error" />;
}

function MoveForm({ move }: { move: ReferralStatus }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <>
      {takesCapacity(move) && (
        <Form.Item name="capacity" label={t('referral.page.capacityLabel')}>
          <Select
            data-testid="move-capacity"
            options={[
              { value: 'none', label: t('referral.page.capacityNone') },
              ...CAPACITY_ANSWERS.map((c) => ({ value: c, label: capacityWord(t, c) })),
            ]}
          />
        </Form.Item>
      )}
      {needsReason(move) && (
        <Form.Item
          name="reason"
          label={t('referral.page.reason')}
          rules={[{ required: true, whitespace: true, message: t('referral.page.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="move-reason" />
        </Form.Item>
      )}
      {takesOutcome(move) && (
        <Form.Item
          name="outcome"
          label={t('referral.page.outcomeLabel')}
          rules={move === 'completed' ? [{ required: true, whitespace: true, message: t('referral.page.outcomeRequired') }] : []}
        >
          <Input.TextArea rows={4} maxLength={2000} data-testid="move-outcome" />
        </Form.Item>
      )}
    </>
  );
}

/**
 * The moves the server's `can` allows this viewer now, as buttons; a move that needs a reason, takes
 * a capacity answer or an outcome asks for it first. A move the server refuses says why in words.
 */
export function ReferralMoves({ r, onRefused }: { r: ReferralDetail; onRefused: () => void }): React.JSX.Element | null {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const transition = useReferralTransition(r.id);
  const [asking, setAsking] = useState<ReferralStatus | null>(null);
  const [form] = Form.useForm<MoveValues>();
  const moves = allowedMoves(r.can, ORDER);
  if (moves.length === 0 && !transition.isError) return null;

  const send = (to: ReferralStatus, v: MoveValues = {}): void => {
    const capacity = v.capacity && v.capacity !== 'none' ? v.capacity : undefined;
    transition.mutate(
      {
        to,
        ...(v.reason ? { reason: v.reason } : {}),
        ...(capacity ? { capacity } : {}),
        ...(v.outcome?.trim() ? { outcome: v.outcome } : {}),
      },
      {
        onSuccess: () => {
          setAsking(null);
          void message.success(t('referral.page.moved', { status: statusWord(t, to) }));
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) {
            setAsking(null);
            onRefused();
          }
        },
      },
    );
  };
  const open = (to: ReferralStatus): void => {
    transition.reset();
    if (!asksSomething(to)) return send(to);
    form.resetFields();
    form.setFieldsValue({ capacity: to === 'accepted' ? 'capacity' : 'none' });
    setAsking(to);
  };

  return (
    <Space orientation="vertical" size={8} className="full-width" data-testid="referral-moves">
      <Space wrap>
        {moves.map((m) => (
          <Button
            key={m}
            type={FORWARD.includes(m) ? 'primary' : 'default'}
            danger={DANGER.includes(m)}
            loading={transition.isPending && transition.variables.to === m}
            disabled={transition.isPending}
            onClick={() => open(m)}
            data-testid={`referral-move-${m}`}
          >
            {moveWord(t, m)}
          </Button>
        ))}
      </Space>
      {transition.isError && !asking && <MoveError error={transition.error} t={t} />}
      <Modal
        open={asking !== null}
        title={asking ? moveWord(t, asking) : ''}
        okText={t('referral.page.confirm')}
        cancelText={t('common.cancel')}
        onCancel={() => setAsking(null)}
        onOk={() =>
          void form.validateFields().then(
            (v) => asking && send(asking, v),
            () => undefined,
          )
        }
        confirmLoading={transition.isPending}
        okButtonProps={{ 'data-testid': 'move-confirm' } as Record<string, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" data-testid="move-form">
          {asking && <MoveForm move={asking} />}
        </Form>
        {transition.isError && asking && <MoveError error={transition.error} t={t} />}
      </Modal>
    </Space>
  );
}
