import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  SolutionOutlined,
  SyncOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../api-types';

export type NavLabelKey =
  | 'nav.home'
  | 'nav.worklist'
  | 'nav.patients'
  | 'nav.cases'
  | 'nav.team'
  | 'nav.hospitals'
  | 'nav.organisations'
  | 'nav.users'
  | 'nav.sync'
  | 'nav.audit'
  | 'nav.profile';

export interface NavItem {
  path: string;
  labelKey: NavLabelKey;
  icon: ReactNode;
  testId: string;
  /** Shown but not yet usable ("sắp có"): the feature arrives in a later release. */
  comingSoon?: boolean;
}

const home: NavItem = { path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, testId: 'nav-home' };
const profile: NavItem = { path: '/profile', labelKey: 'nav.profile', icon: <IdcardOutlined />, testId: 'nav-profile' };
const worklist: NavItem = {
  path: '/worklist',
  labelKey: 'nav.worklist',
  icon: <AlertOutlined />,
  testId: 'nav-worklist',
};
const patients: NavItem = {
  path: '/patients',
  labelKey: 'nav.patients',
  icon: <UserOutlined />,
  testId: 'nav-patients',
};
const cases: NavItem = {
  path: '/cases',
  labelKey: 'nav.cases',
  icon: <SolutionOutlined />,
  testId: 'nav-cases',
  comingSoon: true,
};
const team: NavItem = { path: '/team', labelKey: 'nav.team', icon: <TeamOutlined />, testId: 'nav-team' };
const hospitals: NavItem = { path: '/hospitals', labelKey: 'nav.hospitals', icon: <BankOutlined />, testId: 'nav-hospitals' };
const organisations: NavItem = {
  path: '/organisations',
  labelKey: 'nav.organisations',
  icon: <HeartOutlined />,
  testId: 'nav-organisations',
};
const users: NavItem = { path: '/users', labelKey: 'nav.users', icon: <UsergroupAddOutlined />, testId: 'nav-users' };
const sync: NavItem = { path: '/sync', labelKey: 'nav.sync', icon: <SyncOutlined />, testId: 'nav-sync' };
const audit: NavItem = { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, testId: 'nav-audit' };

/** What each role sees in the side menu (DOMAIN.md, "Who uses it"). */
export const NAVIGATION: Record<Role, NavItem[]> = {
  social_worker: [worklist, home, patients, cases, sync, profile],
  sw_lead: [worklist, home, patients, team, sync, profile],
  charity_partner: [home, profile],
  coordinator: [home, hospitals, sync, audit, profile],
  admin: [home, hospitals, organisations, users, sync, audit, profile],
};

/** The menu entry a path belongs to (`/hospitals/abc` → `/hospitals`). */
export function selectedNavPath(pathname: string, items: NavItem[]): string {
  const match = items
    .filter((item) => item.path !== '/' && (pathname === item.path || pathname.startsWith(`${item.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.path ?? (pathname === '/' ? '/' : '');
}
