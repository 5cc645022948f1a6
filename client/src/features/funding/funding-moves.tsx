import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../../api';
import type { FundingDetail, FundingMove, FundingStatus } from '../../api-types';
import { FUNDING_MOVE_LIST, FUNDING_STATUS_LIST } from '../../api-types';
import { ErrorAlert } from '../../components/error-alert';
import { formatMoney } from '../../format';
import { useFundingMove } from './funding.api';
import { REASON_MOVES, allowedMoves, moveWord, statusWord } from './funding-words';

const FORWARD: readonly FundingMove[] = ['submit', 'approve', 'publish', 'close'];
const DANGER: readonly FundingMove[] = ['withdraw', 'unpublish'];

const isStatus = (v: unknown): v is FundingStatus => typeof v === 'string' && (FUNDING_STATUS_LIST as readonly string[]).includes(v);
const isMove = (v: unknown): v is FundingMove => typeof v === 'string' && (FUNDING_MOVE_LIST as readonly string[]).includes(v);

/** A refused move in a sentence: the step it stands at and the moves still open; the head-only and own-request rules; no consent. */
export function moveRefusal(error: unknown, t: TFunction): { title: string; description?: string } | null {
  if (!isApiError(error)) return null;
  const p = error.params;
  switch (error.code) {
    case 'FUNDING.ILLEGAL_MOVE': {
      if (!isStatus(p.from) || !isMove(p.move)) return null;
      const allowed = (error.lists.allowed ?? []).filter(isMove).map((m) => moveWord(t, m));
      return {
        title: t('funding.page.illegal', { from: statusWord(t, p.from), move: moveWord(t, p.move) }),
        description: allowed.length > 0 ? t('funding.page.allowed', { moves: allowed.join(', ') }) : t('funding.page.noneAllowed'),
      };
    }
    case 'FUNDING.HAS_PLEDGES':
      return {
        title: t('funding.page.hasPledges', {
          pledged: formatMoney(typeof p.pledgedVnd === 'number' ? p.pledgedVnd : 0),
          disbursed: formatMoney(typeof p.disbursedVnd === 'number' ? p.disbursedVnd : 0),
        }),
      };
    default:
      return null;
  }
}

function MoveError({ error }: { error: unknown }): React.JSX.Element {
  const { t } = useTranslation();
  const refusal = moveRefusal(error, t);
  if (refusal)
    return <Alert type="error" showIcon title={refusal.title} description={refusal.description} data-testid="funding-move-error" />;
  return <ErrorAlert error={error} testId="funding-move-error" />;
}

/**
 * The moves the server's `can` allows this viewer now, as buttons; return, withdraw and unpublish
 * ask for the reason first. A refused move says why in words and the page refreshes.
 */
export function FundingMoves({ r, onRefused }: { r: Pick<FundingDetail, 'id' | 'can'>; onRefused: () => void }): React.JSX.Element | null {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const move = useFundingMove(r.id);
  const [asking, setAsking] = useState<FundingMove | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const moves = allowedMoves(r.can);
  if (moves.length === 0 && !move.isError) return null;

  const send = (m: FundingMove, reason?: string): void => {
    move.mutate(
      { move: m, ...(reason ? { reason } : {}) },
      {
        onSuccess: (updated) => {
          setAsking(null);
          void message.success(t('funding.page.movedTo', { status: statusWord(t, updated.status) }));
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) onRefused();
        },
      },
    );
  };
  const open = (m: FundingMove): void => {
    move.reset();
    if (!REASON_MOVES.includes(m)) return send(m);
    form.resetFields();
    setAsking(m);
  };

  return (
    <Space orientation="vertical" size={8} className="full-width" data-testid="funding-moves">
      <Space wrap>
        {moves.map((m) => (
          <Button
            key={m}
            type={FORWARD.includes(m) ? 'primary' : 'default'}
            danger={DANGER.includes(m)}
            loading={move.isPending && move.variables.move === m}
            disabled={move.isPending}
            onClick={() => open(m)}
            data-testid={`funding-move-${m}`}
          >
            {moveWord(t, m)}
          </Button>
        ))}
      </Space>
      {move.isError && !asking && <MoveError error={move.error} />}
      <Modal
        open={asking !== null}
        title={asking ? moveWord(t, asking) : ''}
        okText={t('funding.page.confirm')}
        cancelText={t('common.cancel')}
        onCancel={() => setAsking(null)}
        onOk={() =>
          void form.validateFields().then(
            (v) => asking && send(asking, v.reason),
            () => undefined,
          )
        }
        confirmLoading={move.isPending}
        okButtonProps={{ 'data-testid': 'funding-move-confirm' } as Record<string, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" data-testid="funding-move-form">
          <Form.Item
            name="reason"
            label={t('funding.page.reason')}
            rules={[{ required: true, whitespace: true, message: t('funding.page.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="funding-move-reason" />
          </Form.Item>
        </Form>
        {move.isError && asking && <MoveError error={move.error} />}
      </Modal>
    </Space>
  );
}
