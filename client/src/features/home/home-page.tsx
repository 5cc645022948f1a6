import type { ComponentType } from 'react';
import type { Role } from '../../api-types';
import { useCurrentUser } from '../auth/session';
import { AdminHome } from './admin-home';
import { CharityPartnerHome } from './charity-partner-home';
import { CoordinatorHome } from './coordinator-home';
import { SocialWorkerHome } from './social-worker-home';
import { SwLeadHome } from './sw-lead-home';

const HOMES: Record<Role, ComponentType> = {
  social_worker: SocialWorkerHome,
  sw_lead: SwLeadHome,
  charity_partner: CharityPartnerHome,
  coordinator: CoordinatorHome,
  admin: AdminHome,
};

/** Each role starts on its own page; the root element carries `data-testid="home-<role>"`. */
export function HomePage(): React.JSX.Element {
  const user = useCurrentUser();
  const Home = HOMES[user.role];
  return <Home />;
}
