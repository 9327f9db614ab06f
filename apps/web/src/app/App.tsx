import { Loader, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import { followUser } from '../i18n';
import { syncAccountLanguage } from '../i18n/account-language';
import SignInPage from '../features/session/SignInPage';
import { useSession } from '../features/session/useSession';
import { useStoredCount } from '../features/offline-queue/useQueue';
import { worksAtDesk } from './desk-areas';
import { api, queryClient, session } from './services';

// The signed-in app is its own chunk: a first visit, which lands on sign-in, runs only what sign-in needs.
const Shell = lazy(() => import('./Shell'));
const DeskShell = lazy(() => import('./DeskShell'));

// Mantine's blue 8 on white and white on blue 8 pass WCAG AA contrast.
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' });
// Placeholders say what to do ("Chạm để chọn ảnh hoặc PDF"): Mantine's gray 5 is 2.1:1 on white, gray 7 passes AA.
// Dimmed text (a field's description, a hint) is gray 6 by default, 3.3:1: gray 7 too.
const readablePlaceholders: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-placeholder': 'var(--mantine-color-gray-7)', '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

function Root() {
  const { t } = useTranslation();
  const state = useSession();
  const stored = useStoredCount();
  const userId = state.status === 'signed-out' ? null : state.user.id;
  // Before paint: the person who signs in (or is resumed) sees their own language at once.
  useLayoutEffect(() => followUser(userId), [userId]);
  const signedIn = state.status === 'signed-in';
  useEffect(() => {
    // Once a token is at hand: the choice made on another phone arrives here too.
    if (signedIn && userId) void syncAccountLanguage(api, userId);
  }, [signedIn, userId]);
  useEffect(() => {
    // A reload: renew through the refresh cookie (the access token lived in memory only).
    if (state.status === 'resuming') void session.renew();
  }, [state.status]);
  useDeskOnSignIn(state.status === 'signed-out' ? null : state.user.roles);
  if (state.status === 'signed-out') return <SignInPage waiting={stored} />;
  const atDesk = worksAtDesk(state.user.roles);
  return (
    <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
      <Routes>
        {atDesk ? <Route path="/desk/*" element={<DeskShell user={state.user} />} /> : null}
        <Route path="*" element={<Shell userId={state.user.id} fullName={state.user.fullName} deskLink={atDesk} />} />
      </Routes>
    </Suspense>
  );
}

/** Someone who works at the desk lands on it when they sign in from the start page (not on a reload). */
function useDeskOnSignIn(roles: Parameters<typeof worksAtDesk>[0] | null) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const wasSignedOut = useRef(roles === null);
  useEffect(() => {
    if (roles === null) wasSignedOut.current = true;
    else if (wasSignedOut.current) {
      wasSignedOut.current = false;
      if (pathname === '/' && worksAtDesk(roles)) void navigate('/desk', { replace: true });
    }
  }, [roles, pathname, navigate]);
}

export default function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={readablePlaceholders}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Root />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
