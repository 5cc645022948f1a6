import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import type { Role } from '../api-types';
import { RequireAuth, RequireRole } from '../features/auth/require-auth';
import { SignInPage } from '../features/auth/sign-in-page';
import { ComingSoonPage, NotFoundPage } from '../shell/status-pages';

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
const SyncPage = lazy(() => import('../features/sync/sync-page').then((m) => ({ default: m.SyncPage })));
const AuditLogPage = lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditLogPage })));

const ADMIN: readonly Role[] = ['admin'];
const NETWORK_STAFF: readonly Role[] = ['coordinator', 'admin'];
const HOSPITAL_STAFF: readonly Role[] = ['social_worker', 'sw_lead'];
const SYNC_ROLES: readonly Role[] = ['social_worker', 'sw_lead', 'coordinator', 'admin'];

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
            <RequireRole roles={HOSPITAL_STAFF}>
              <PatientsPage />
            </RequireRole>
          }
        />
        <Route
          path="patients/:id"
          element={
            <RequireRole roles={HOSPITAL_STAFF}>
              <PatientPage />
            </RequireRole>
          }
        />
        <Route
          path="patients/:id/screening"
          element={
            <RequireRole roles={HOSPITAL_STAFF}>
              <ScreeningPage />
            </RequireRole>
          }
        />
        <Route
          path="worklist"
          element={
            <RequireRole roles={HOSPITAL_STAFF}>
              <WorklistPage />
            </RequireRole>
          }
        />
        <Route
          path="sync"
          element={
            <RequireRole roles={SYNC_ROLES}>
              <SyncPage />
            </RequireRole>
          }
        />
        <Route
          path="cases"
          element={
            <RequireRole roles={HOSPITAL_STAFF}>
              <ComingSoonPage />
            </RequireRole>
          }
        />
        <Route
          path="team"
          element={
            <RequireRole roles={['sw_lead']}>
              <TeamPage />
            </RequireRole>
          }
        />
        <Route
          path="hospitals"
          element={
            <RequireRole roles={NETWORK_STAFF}>
              <HospitalsPage />
            </RequireRole>
          }
        />
        <Route
          path="organisations"
          element={
            <RequireRole roles={ADMIN}>
              <OrganisationsPage />
            </RequireRole>
          }
        />
        <Route
          path="users"
          element={
            <RequireRole roles={ADMIN}>
              <UsersPage />
            </RequireRole>
          }
        />
        <Route
          path="audit"
          element={
            <RequireRole roles={NETWORK_STAFF}>
              <AuditLogPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
