import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { RequireAuth, RequireCan } from '../features/auth/require-auth';
import { SignInPage } from '../features/auth/sign-in-page';
import { NotFoundPage } from '../shell/status-pages';

// Pages load on first visit, so the sign-in page does not carry the admin screens.
const HomePage = lazy(() => import('../features/home/home-page').then((m) => ({ default: m.HomePage })));
const ProfilePage = lazy(() => import('../features/auth/profile-page').then((m) => ({ default: m.ProfilePage })));
const TeamPage = lazy(() => import('../features/users/team-page').then((m) => ({ default: m.TeamPage })));
const HospitalsPage = lazy(() => import('../features/hospitals/hospitals-page').then((m) => ({ default: m.HospitalsPage })));
const OrganisationsPage = lazy(() =>
  import('../features/organisations/organisations-page').then((m) => ({ default: m.OrganisationsPage })),
);
const UsersPage = lazy(() => import('../features/users/users-page').then((m) => ({ default: m.UsersPage })));
const PatientsPage = lazy(() => import('../features/patients/patients-page').then((m) => ({ default: m.PatientsPage })));
const PatientPage = lazy(() => import('../features/patients/patient-page').then((m) => ({ default: m.PatientPage })));
const WorklistPage = lazy(() => import('../features/worklist/worklist-page').then((m) => ({ default: m.WorklistPage })));
const ScreeningPage = lazy(() => import('../features/screening/screening-page').then((m) => ({ default: m.ScreeningPage })));
const CasePage = lazy(() => import('../features/cases/case-page').then((m) => ({ default: m.CasePage })));
const SyncPage = lazy(() => import('../features/sync/sync-page').then((m) => ({ default: m.SyncPage })));
const AuditLogPage = lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditLogPage })));
const MailboxPage = lazy(() => import('../features/notifications/mailbox-page').then((m) => ({ default: m.MailboxPage })));
const CaseListsPage = lazy(() => import('../features/cases/case-lists-page').then((m) => ({ default: m.CaseListsPage })));
const ReferralListsPage = lazy(() =>
  import('../features/referrals/referral-lists-page').then((m) => ({ default: m.ReferralListsPage })),
);
const OverdueBoardPage = lazy(() => import('../features/referrals/overdue-board').then((m) => ({ default: m.OverdueBoardPage })));
const ReferralPage = lazy(() => import('../features/referrals/referral-page').then((m) => ({ default: m.ReferralPage })));
const FundingPage = lazy(() => import('../features/funding/funding-page').then((m) => ({ default: m.FundingPage })));
const MarketplacePage = lazy(() => import('../features/funding/marketplace-page').then((m) => ({ default: m.MarketplacePage })));
const PartnerRequestPage = lazy(() => import('../features/funding/partner-request-page').then((m) => ({ default: m.PartnerRequestPage })));
const PledgesPage = lazy(() => import('../features/funding/pledges-page').then((m) => ({ default: m.PledgesPage })));
const PledgePage = lazy(() => import('../features/funding/pledge-page').then((m) => ({ default: m.PledgePage })));
const StatementsPage = lazy(() => import('../features/funding/statements-page').then((m) => ({ default: m.StatementsPage })));
const FundingQueuePage = lazy(() => import('../features/funding/funding-queue-page').then((m) => ({ default: m.FundingQueuePage })));
const ReconciliationPage = lazy(() => import('../features/funding/reconciliation-page').then((m) => ({ default: m.ReconciliationPage })));

// Each page opens for those the server's policy lets take its action (the session's `can`).

export function AppRoutes(): React.JSX.Element {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<RequireAuth />}>
        <Route index element={<HomePage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route
          path="patients"
          element={
            <RequireCan action="patient.list">
              <PatientsPage />
            </RequireCan>
          }
        />
        <Route
          path="patients/:id"
          element={
            <RequireCan action="patient.read">
              <PatientPage />
            </RequireCan>
          }
        />
        <Route
          path="patients/:id/screening"
          element={
            <RequireCan action="screening.create">
              <ScreeningPage />
            </RequireCan>
          }
        />
        <Route
          path="worklist"
          element={
            <RequireCan action="worklist.read">
              <WorklistPage />
            </RequireCan>
          }
        />
        <Route
          path="sync"
          element={
            <RequireCan action="sync.read">
              <SyncPage />
            </RequireCan>
          }
        />
        <Route
          path="cases"
          element={
            <RequireCan action="case.list">
              <CaseListsPage />
            </RequireCan>
          }
        />
        <Route
          path="cases/:id"
          element={
            <RequireCan action="case.read">
              <CasePage />
            </RequireCan>
          }
        />
        <Route
          path="referrals"
          element={
            <RequireCan action="referral.list">
              <ReferralListsPage />
            </RequireCan>
          }
        />
        <Route
          path="referrals/overdue"
          element={
            <RequireCan action="referral.overdue.read">
              <OverdueBoardPage />
            </RequireCan>
          }
        />
        <Route
          path="referrals/:id"
          element={
            <RequireCan action="referral.read">
              <ReferralPage />
            </RequireCan>
          }
        />
        <Route
          path="funding/queue"
          element={
            <RequireCan action="funding.list">
              <FundingQueuePage />
            </RequireCan>
          }
        />
        <Route
          path="funding/reconciliation"
          element={
            <RequireCan action="reconciliation.read">
              <ReconciliationPage />
            </RequireCan>
          }
        />
        <Route
          path="funding/:id"
          element={
            <RequireCan action="funding.read">
              <FundingPage />
            </RequireCan>
          }
        />
        <Route
          path="marketplace"
          element={
            <RequireCan action="marketplace.list">
              <MarketplacePage />
            </RequireCan>
          }
        />
        <Route
          path="marketplace/:id"
          element={
            <RequireCan action="marketplace.list">
              <PartnerRequestPage />
            </RequireCan>
          }
        />
        <Route
          path="pledges"
          element={
            <RequireCan action="pledge.read">
              <PledgesPage />
            </RequireCan>
          }
        />
        <Route
          path="pledges/:id"
          element={
            <RequireCan action="pledge.read">
              <PledgePage />
            </RequireCan>
          }
        />
        <Route
          path="statements"
          element={
            <RequireCan action="statement.read">
              <StatementsPage />
            </RequireCan>
          }
        />
        <Route
          path="team"
          element={
            <RequireCan action="user.list">
              <TeamPage />
            </RequireCan>
          }
        />
        <Route
          path="hospitals"
          element={
            <RequireCan action="hospital.list">
              <HospitalsPage />
            </RequireCan>
          }
        />
        <Route
          path="organisations"
          element={
            <RequireCan action="organisation.create">
              <OrganisationsPage />
            </RequireCan>
          }
        />
        <Route
          path="users"
          element={
            <RequireCan action="user.create">
              <UsersPage />
            </RequireCan>
          }
        />
        <Route
          path="audit"
          element={
            <RequireCan action="audit.read">
              <AuditLogPage />
            </RequireCan>
          }
        />
        <Route
          path="admin/mailbox"
          element={
            <RequireCan action="mailbox.read">
              <MailboxPage />
            </RequireCan>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
