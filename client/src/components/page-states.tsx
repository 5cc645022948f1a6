import { Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function PageLoading(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="page-loading" data-testid="loading" aria-busy="true">
      <Spin size="large" />
      <span className="page-loading__text">{t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }): React.JSX.Element {
  return (
    <div className="empty-state" data-testid="empty-state">
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={title}>
        {children}
      </Empty>
    </div>
  );
}
