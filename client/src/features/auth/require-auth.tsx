import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { PageLoading } from '../../components/page-states';
import { AppLayout } from '../../shell/app-layout';
import { ForbiddenPage } from '../../shell/status-pages';
import { useCan, useSession } from './session';

/** Signed-in routes: wait for the session, send strangers to sign in, then show the app frame. */
export function RequireAuth(): React.JSX.Element {
  const session = useSession();
  const location = useLocation();
  if (!session.data) {
    if (session.isPending) return <PageLoading />;
    return (
      <div className="standalone-message">
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (!session.data.authenticated || !session.data.user) {
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return <AppLayout />;
}

/** A page for those the policy lets take `action` (the session's `can`); others get a plain "not allowed" page. */
export function RequireCan({ action, children }: { action: string; children: ReactNode }): React.JSX.Element {
  const can = useCan();
  if (!can(action)) return <ForbiddenPage />;
  return <>{children}</>;
}
