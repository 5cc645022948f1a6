import { Button, Popconfirm } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pledge } from '../../api-types';
import { formatMoney } from '../../format';
import { newIdempotencyKey, useCancelPledge } from './partner.api';

/**
 * "Huỷ cam kết" with a confirmation: the reserved money returns to the request. One key per
 * mounted button: a retry after a lost answer cancels once.
 */
export function CancelPledgeButton({ pledge, onError }: { pledge: Pledge; onError?: (error: unknown) => void }): React.JSX.Element | null {
  const { t } = useTranslation();
  const cancel = useCancelPledge();
  const key = useRef(newIdempotencyKey());
  if (!pledge.can.includes('pledge.cancel')) return null;
  // The confirmation renders in a portal whose clicks still bubble through React to the row (which opens the
  // pledge): they stop here, with the button's own.
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <Popconfirm
        title={t('pledges.cancelConfirmTitle')}
        description={t('pledges.cancelConfirm', { amount: formatMoney(pledge.amountVnd), reference: pledge.request.reference })}
        okText={t('pledges.cancelYes')}
        cancelText={t('pledges.cancelNo')}
        okButtonProps={{ danger: true, className: 'pledge-cancel-confirm' }}
        onConfirm={() => cancel.mutateAsync({ id: pledge.id, idempotencyKey: key.current }).catch((e: unknown) => onError?.(e))}
      >
        <Button
          danger
          size="small"
          loading={cancel.isPending}
          onClick={(e) => e.stopPropagation()}
          data-testid={`pledge-cancel-${pledge.id}`}
        >
          {t('pledges.cancel')}
        </Button>
      </Popconfirm>
    </span>
  );
}
