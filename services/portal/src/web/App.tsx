import { lazy, Suspense, useMemo } from 'react';
import { App as AntApp, Button, Result, Spin } from 'antd';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { PortalConfig } from '../shared/portal-config.ts';
import { AdminPage } from './admin/AdminPage.tsx';
import { ApiProvider } from './api/ApiProvider.tsx';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { createUserManager } from './auth/user-manager.ts';
import { ApprovalQueue } from './approval/ApprovalQueue.tsx';
import { CasePage } from './cases/CasePage.tsx';
import { InvestigationPage } from './investigation/InvestigationPage.tsx';
import { PaymentsPage } from './payments/PaymentsPage.tsx';
import { FollowupPage } from './followup/FollowupPage.tsx';
import { LedgerPage } from './followup/LedgerPage.tsx';
import { MeetingPackPage } from './followup/MeetingPackPage.tsx';
import { VisitForm } from './followup/VisitForm.tsx';
import { ReferralInbox } from './referral/ReferralInbox.tsx';
import { SentReferralsPage } from './referral/SentReferralsPage.tsx';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { SCREENS } from './navigation.tsx';
import { Home } from './pages/Home.tsx';
import { LeadPage } from './pages/LeadPage.tsx';
import { NewLead } from './pages/NewLead.tsx';
import { NotFound } from './pages/Outcomes.tsx';
import { Placeholder } from './pages/Placeholder.tsx';
import { RequireScreen } from './pages/RequireScreen.tsx';
import { Worklist } from './pages/Worklist.tsx';

// The dashboards bring ECharts: loaded only when someone opens them.
const DashboardPage = lazy(() =>
  import('./dashboards/DashboardPage.tsx').then((module) => ({ default: module.DashboardPage })),
);

function SignInFallback({ status, error, retry }: { status: string; error?: string; retry: () => void }) {
  const { t } = useI18n();
  if (status === 'failed')
    return (
      <Result
        status="warning"
        title={t('app.signInFailed')}
        subTitle={error}
        extra={
          <Button type="primary" onClick={retry}>
            {t('app.retrySignIn')}
          </Button>
        }
      />
    );
  return (
    <Spin size="large" tip={status === 'redirecting' ? t('app.signingIn') : t('app.loading')} fullscreen />
  );
}

export function App({ config }: { config: PortalConfig }) {
  const userManager = useMemo(() => createUserManager(config), [config]);
  return (
    <I18nProvider>
      <AntApp>
        <AuthProvider
          userManager={userManager}
          fallback={(status, error, retry) => <SignInFallback status={status} error={error} retry={retry} />}
        >
          <ApiProvider config={config}>
            <BrowserRouter>
              <Routes>
                <Route element={<AppLayout />}>
                  <Route index element={<Home />} />
                  <Route
                    path="/cases"
                    element={
                      <RequireScreen path="/cases">
                        <Worklist />
                      </RequireScreen>
                    }
                  />
                  {/* Any role may try: the intake service decides whether this person may read this case. */}
                  <Route path="/cases/:caseId" element={<CasePage />} />
                  <Route path="/cases/:caseId/investigation" element={<InvestigationPage />} />
                  <Route
                    path="/approvals"
                    element={
                      <RequireScreen path="/approvals">
                        <ApprovalQueue />
                      </RequireScreen>
                    }
                  />
                  <Route
                    path="/payments"
                    element={
                      <RequireScreen path="/payments">
                        <PaymentsPage />
                      </RequireScreen>
                    }
                  />
                  <Route
                    path="/statistics"
                    element={
                      <RequireScreen path="/statistics">
                        <Suspense fallback={<Spin />}>
                          <DashboardPage />
                        </Suspense>
                      </RequireScreen>
                    }
                  />
                  <Route
                    path="/admin"
                    element={
                      <RequireScreen path="/admin">
                        <AdminPage authServerUrl={config.authServerUrl} realm={config.realm} />
                      </RequireScreen>
                    }
                  />
                  <Route
                    path="/referrals"
                    element={
                      <RequireScreen path="/referrals">
                        <ReferralInbox />
                      </RequireScreen>
                    }
                  />
                  <Route
                    path="/referrals/sent"
                    element={
                      <RequireScreen path="/referrals/sent">
                        <SentReferralsPage />
                      </RequireScreen>
                    }
                  />
                  <Route
                    path="/followup"
                    element={
                      <RequireScreen path="/followup">
                        <FollowupPage />
                      </RequireScreen>
                    }
                  />
                  <Route path="/followup/visits/:visitId" element={<VisitForm />} />
                  <Route path="/cases/:caseId/ledger" element={<LedgerPage />} />
                  <Route
                    path="/meetings"
                    element={
                      <RequireScreen path="/meetings">
                        <MeetingPackPage />
                      </RequireScreen>
                    }
                  />
                  <Route path="/leads/:leadId" element={<LeadPage />} />
                  <Route
                    path="/leads/new"
                    element={
                      <RequireScreen path="/leads/new">
                        <NewLead />
                      </RequireScreen>
                    }
                  />
                  {SCREENS.filter((screen) => screen.comingWith).map((screen) => (
                    <Route
                      key={screen.path}
                      path={screen.path}
                      element={
                        <RequireScreen path={screen.path}>
                          <Placeholder screen={screen} />
                        </RequireScreen>
                      }
                    />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </BrowserRouter>
          </ApiProvider>
        </AuthProvider>
      </AntApp>
    </I18nProvider>
  );
}
