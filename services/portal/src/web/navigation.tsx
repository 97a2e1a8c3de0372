import type { ReactNode } from 'react';
import {
  AuditOutlined,
  BarChartOutlined,
  FileAddOutlined,
  InboxOutlined,
  PayCircleOutlined,
  ScheduleOutlined,
  SendOutlined,
  SettingOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { Role } from '@jiuzhu/contracts';
import type { MessageKey } from './i18n/messages.ts';

export interface Screen {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Who gets this screen in their menu (and may open it). */
  roles: readonly Role[];
  /** Screens that are not built yet name the issue that brings them. */
  comingWith?: string;
}

/** The menu, per role. To add a screen: add a row here and a route in App.tsx. */
export const SCREENS: readonly Screen[] = [
  {
    path: '/cases',
    label: 'nav.worklist',
    icon: <UnorderedListOutlined />,
    roles: ['caseworker', 'department_head', 'chief', 'committee_member'],
  },
  {
    path: '/leads/new',
    label: 'nav.newLead',
    icon: <FileAddOutlined />,
    roles: ['caseworker', 'lead_referrer'],
  },
  {
    path: '/approvals',
    label: 'nav.approvals',
    icon: <AuditOutlined />,
    roles: ['department_head', 'chief', 'committee_member'],
  },
  {
    path: '/payments',
    label: 'nav.payments',
    icon: <PayCircleOutlined />,
    roles: ['finance_officer'],
  },
  {
    path: '/referrals',
    label: 'nav.referrals',
    icon: <InboxOutlined />,
    roles: ['partner_officer'],
  },
  {
    path: '/referrals/sent',
    label: 'nav.referralsSent',
    icon: <SendOutlined />,
    roles: ['caseworker', 'department_head', 'chief'],
  },
  {
    path: '/followup',
    label: 'nav.followup',
    icon: <ScheduleOutlined />,
    roles: ['caseworker', 'department_head', 'chief'],
  },
  {
    path: '/meetings',
    label: 'nav.meetings',
    icon: <TeamOutlined />,
    roles: ['department_head', 'chief', 'supervisor'],
  },
  {
    path: '/statistics',
    label: 'nav.statistics',
    icon: <BarChartOutlined />,
    roles: ['supervisor', 'department_head', 'chief'],
  },
  {
    path: '/admin',
    label: 'nav.administration',
    icon: <SettingOutlined />,
    roles: ['admin'],
  },
];

export function screensFor(roles: readonly Role[]): Screen[] {
  return SCREENS.filter((screen) => screen.roles.some((role) => roles.includes(role)));
}

export function screenAt(path: string): Screen | undefined {
  return SCREENS.find((screen) => screen.path === path);
}
