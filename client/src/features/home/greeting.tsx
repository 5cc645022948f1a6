import { useTranslation } from 'react-i18next';
import { vietnamToday } from '../../clock';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../auth/session';
import type { ReactNode } from 'react';

/** The top of every home page: the page's purpose, and a greeting with today's date. */
export function HomeHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }): React.JSX.Element {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const today = vietnamToday().format(t('home.todayFormat'));
  return <PageHeader title={title} subtitle={t('home.greeting', { name: user.displayName, date: today })} extra={extra} />;
}
