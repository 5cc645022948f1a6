import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FundingMoney } from '../../api-types';
import { formatMoney } from '../../format';

/**
 * What a request asks, what partners have pledged (disbursed included) and what is left, as a bar
 * and three amounts in words: the bar alone would say nothing to a screen reader, the words carry it.
 * Disbursed money is the bar's darker part.
 */
export function MoneyBar({ money, testId = 'money-bar' }: { money: FundingMoney; testId?: string }): React.JSX.Element {
  const { t } = useTranslation();
  const covered = money.pledgedVnd + money.disbursedVnd;
  const percent = money.askedVnd > 0 ? Math.min(100, Math.round((covered / money.askedVnd) * 100)) : 0;
  const paid = money.askedVnd > 0 ? Math.min(100, Math.round((money.disbursedVnd / money.askedVnd) * 100)) : 0;
  return (
    <div className="money-bar" data-testid={testId} data-asked={money.askedVnd} data-covered={covered} data-left={money.leftVnd}>
      <Progress percent={percent} success={{ percent: paid }} showInfo={false} aria-hidden />
      <dl className="money-bar__amounts">
        <div>
          <dt>{t('marketplace.asked')}</dt>
          <dd data-testid={`${testId}-asked`}>{formatMoney(money.askedVnd)}</dd>
        </div>
        <div>
          <dt>{t('marketplace.pledged')}</dt>
          <dd data-testid={`${testId}-pledged`}>{formatMoney(covered)}</dd>
        </div>
        <div>
          <dt>{t('marketplace.left')}</dt>
          <dd data-testid={`${testId}-left`} className="money-bar__left">
            {formatMoney(money.leftVnd)}
          </dd>
        </div>
      </dl>
    </div>
  );
}
