import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  ClockCircleOutlined,
  FileTextOutlined,
  DollarOutlined,
  FileDoneOutlined,
  HeartOutlined,
  GiftOutlined,
  HomeOutlined,
  IdcardOutlined,
  SendOutlined,
  ShopOutlined,
  SolutionOutlined,
  SyncOutlined,
  TeamOutlined,
  UserOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export type NavLabelKey =
  | 'nav.home'
  | 'nav.worklist'
  | 'nav.patients'
  | 'nav.cases'
  | 'nav.referrals'
  | 'nav.referralsOverdue'
  | 'nav.marketplace'
  | 'nav.pledges'
  | 'nav.statements'
  | 'nav.fundingQueue'
  | 'nav.fundingReconciliation'
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
};
const referrals: NavItem = { path: '/referrals', labelKey: 'nav.referrals', icon: <SendOutlined />, testId: 'nav-referrals' };
const referralsOverdue: NavItem = {
  path: '/referrals/overdue',
  labelKey: 'nav.referralsOverdue',
  icon: <ClockCircleOutlined />,
  testId: 'nav-referrals-overdue',
};
const fundingQueue: NavItem = {
  path: '/funding/queue',
  labelKey: 'nav.fundingQueue',
  icon: <FileDoneOutlined />,
  testId: 'nav-funding-queue',
};
const fundingReconciliation: NavItem = {
  path: '/funding/reconciliation',
  labelKey: 'nav.fundingReconciliation',
  icon: <DollarOutlined />,
  testId: 'nav-funding-reconciliation',
};
// The charity partner's funding screens (issue 12); network staff look at the marketplace, pledges and statements too.
const marketplace: NavItem = { path: '/marketplace', labelKey: 'nav.marketplace', icon: <ShopOutlined />, testId: 'nav-marketplace' };
const pledges: NavItem = { path: '/pledges', labelKey: 'nav.pledges', icon: <GiftOutlined />, testId: 'nav-pledges' };
const statements: NavItem = { path: '/statements', labelKey: 'nav.statements', icon: <FileTextOutlined />, testId: 'nav-statements' };
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

/**
 * The side menu, from what the server's policy lets the user do (the session's `can`), in one
 * order for everyone. An entry shows when its test passes: the action of the page it opens, and
 * for the network's screens whether the user works network-wide (reads the audit log) rather
 * than for one hospital or organisation.
 */
type Can = (action: string) => boolean;
const networkWide = (can: Can): boolean => can('audit.read');
const ENTRIES: [NavItem, (can: Can) => boolean][] = [
  [worklist, (can) => can('worklist.read')],
  [home, () => true],
  [patients, (can) => can('patient.list')],
  // "My cases" for a social worker, the hospital's caseload for a head of social work.
  [cases, (can) => can('case.list')],
  // Referrals: the inbox and outbox of a hospital or an organisation, the network's for a coordinator.
  [referrals, (can) => can('referral.list')],
  // The overdue board: the coordinator's (the network's), a head's (the hospital's, either side).
  [referralsOverdue, (can) => can('referral.overdue.read')],
  // Funding approvals: the head of social work's queue (the head decides closures too: no other role does both).
  [fundingQueue, (can) => can('funding.list') && can('case.closure.decide')],
  // Reconciliation with the BHYT claims: the hospital's staff (who upload the claims export).
  [fundingReconciliation, (can) => can('reconciliation.upload')],
  [marketplace, (can) => can('marketplace.list')],
  [pledges, (can) => can('pledge.read')],
  [statements, (can) => can('statement.read')],
  [team, (can) => can('user.list') && !can('user.create')],
  [hospitals, (can) => can('hospital.list') && networkWide(can)],
  [organisations, (can) => can('organisation.create')],
  [users, (can) => can('user.create')],
  [sync, (can) => can('sync.read')],
  [audit, (can) => can('audit.read')],
  [profile, () => true],
];

export function navigationFor(can: Can): NavItem[] {
  return ENTRIES.filter(([, show]) => show(can)).map(([item]) => item);
}

/** The menu entry a path belongs to (`/hospitals/abc` → `/hospitals`). */
export function selectedNavPath(pathname: string, items: NavItem[]): string {
  const match = items
    .filter((item) => item.path !== '/' && (pathname === item.path || pathname.startsWith(`${item.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.path ?? (pathname === '/' ? '/' : '');
}
