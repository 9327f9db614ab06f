import { AppShell, Badge, Button, Group, Loader, MantineProvider, Text, UnstyledButton, createTheme } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, NavLink, Route, Routes } from 'react-router';
import { setLang } from '../i18n';
import type { Lang } from '../lib/format';
import SignInPage from '../features/session/SignInPage';
import { useSession } from '../features/session/useSession';
import { useQueue, useStoredCount } from '../features/offline-queue/useQueue';
import { queryClient, session } from './services';

const TasksPage = lazy(() => import('../features/tasks/TasksPage'));
const LogActionPage = lazy(() => import('../features/log-action/LogActionPage'));
const ReportPage = lazy(() => import('../features/report-page/ReportPage'));
const ProgressPage = lazy(() => import('../features/progress/ProgressPage'));
const QueuePage = lazy(() => import('../features/offline-queue/QueuePage'));

// Mantine's blue 8 on white and white on blue 8 pass WCAG AA contrast.
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' });

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next: Lang = i18n.language === 'en' ? 'vi' : 'en';
  return (
    <Button size="compact-sm" variant="subtle" onClick={() => setLang(next)} lang={next}>
      {t('lang.switch')}
    </Button>
  );
}

function Shell({ userId, fullName }: { userId: string; fullName: string }) {
  const { t } = useTranslation();
  const { waiting, failed } = useQueue(userId);
  const links = [
    { to: '/', label: t('nav.tasks') },
    { to: '/log', label: t('nav.log') },
    { to: '/report', label: t('nav.report') },
    { to: '/progress', label: t('nav.progress') },
  ];
  return (
    <AppShell header={{ height: 52 }} footer={{ height: 56 }} padding="sm">
      <AppShell.Header px="sm">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Text fw={700} c="blue.8">{t('app.name')}</Text>
          <Group gap={4} wrap="nowrap">
            <UnstyledButton component={NavLink} to="/queue" aria-label={t('queue.counter', { count: waiting + failed })}>
              <Badge color={failed > 0 ? 'red.8' : waiting > 0 ? 'orange.9' : 'gray.7'} variant={waiting + failed > 0 ? 'filled' : 'light'} aria-hidden>
                {t('queue.badge', { count: waiting + failed })}
              </Badge>
            </UnstyledButton>
            <LanguageSwitch />
            <Button size="compact-sm" variant="subtle" onClick={() => void signOut()} title={fullName}>
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
          <Routes>
            <Route path="/" element={<TasksPage />} />
            <Route path="/log" element={<LogActionPage />} />
            <Route path="/share" element={<LogActionPage />} />
            <Route path="/report" element={<ReportPage />} />
            <Route path="/progress" element={<ProgressPage />} />
            <Route path="/queue" element={<QueuePage userId={userId} />} />
            <Route path="*" element={<TasksPage />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
      <AppShell.Footer component="nav" aria-label={t('nav.label')}>
        <Group h="100%" grow gap={0}>
          {links.map((link) => (
            <Button key={link.to} component={NavLink} to={link.to} end variant="subtle" radius={0} h="100%" px={2} size="sm">
              {link.label}
            </Button>
          ))}
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}

/** Signing out clears the app's caches too: nothing of this person's stays readable on the phone. */
async function signOut() {
  await session.signOut();
  if ('caches' in window) for (const name of await caches.keys()) if (!name.includes('precache')) await caches.delete(name);
}

function Root() {
  const state = useSession();
  const stored = useStoredCount();
  useEffect(() => {
    // A reload: renew through the refresh cookie (the access token lived in memory only).
    if (state.status === 'resuming') void session.renew();
  }, [state.status]);
  if (state.status === 'signed-out') return <SignInPage waiting={stored} />;
  return <Shell userId={state.user.id} fullName={state.user.fullName} />;
}

export default function App() {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Root />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
