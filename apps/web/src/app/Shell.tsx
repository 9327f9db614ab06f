import { AppShell, Badge, Button, Group, Loader, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { lazy, Suspense, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useMatch } from 'react-router';
import { useQueue } from '../features/offline-queue/useQueue';
import { SHARE_TARGET_PATH } from '../features/log-action/shared-link';
import { useNewAssignmentCount } from '../features/tasks/useNewAssignments';
import { LanguageSwitch, signOut } from './HeaderActions';

const TasksPage = lazy(() => import('../features/tasks/TasksPage'));
const LogActionPage = lazy(() => import('../features/log-action/LogActionPage'));
const ReportPage = lazy(() => import('../features/report-page/ReportPage'));
const ProgressPage = lazy(() => import('../features/progress/ProgressPage'));
const QueuePage = lazy(() => import('../features/offline-queue/QueuePage'));
const MyYearLayout = lazy(() => import('../features/history/MyYearLayout'));
const HistoryPage = lazy(() => import('../features/history/HistoryPage'));

/** A footer link, filled while its page (or, without `end`, one under it) is shown. */
function FooterLink({ to, end, label, badge }: { to: string; end: boolean; label: string; badge?: { count: number; label: string } }) {
  const current = useMatch({ path: to, end }) !== null;
  return (
    <Button
      component={NavLink}
      to={to}
      end={end}
      variant={current ? 'light' : 'subtle'}
      radius={0}
      h="100%"
      px={2}
      size="sm"
      // Hovered, the light variant's own shade leaves blue 8 text at 4:1; blue 1 keeps it above 4.5:1.
      style={{ position: 'relative', ...(current ? ({ '--button-hover': 'var(--mantine-color-blue-1)' } as CSSProperties) : {}) }}
    >
      {label}
      {badge && badge.count > 0 && (
        <>
          {/* In the corner, as on an app icon: beside the label it cut "Nhiệm vụ" short at 360 px. */}
          <Badge color="red.9" variant="filled" size="xs" circle={badge.count < 10} pos="absolute" top={2} right={2} aria-hidden>
            {badge.count}
          </Badge>
          <VisuallyHidden>, {badge.label}</VisuallyHidden>
        </>
      )}
    </Button>
  );
}

export default function Shell({ userId, fullName, deskLink }: { userId: string; fullName: string; deskLink: boolean }) {
  const { t } = useTranslation();
  const { waiting, failed } = useQueue(userId);
  const fresh = useNewAssignmentCount(userId);
  const links = [
    { to: '/', end: true, label: t('nav.tasks'), badge: { count: fresh, label: t('tasks.newCount', { count: fresh }) } },
    { to: '/log', end: true, label: t('nav.log') },
    { to: '/report', end: true, label: t('nav.report') },
    // My progress and my history (/progress/history) share this link: a fifth would not fit at 360 px.
    { to: '/progress', end: false, label: t('nav.progress') },
  ];
  return (
    <AppShell header={{ height: 52 }} footer={{ height: 56 }} padding="sm">
      <AppShell.Header px="sm">
        <Group h="100%" justify="space-between" wrap="nowrap">
          {deskLink ? (
            // The secretariat's way back to the desk; the name keeps the header's one line at 360 px.
            <Text fw={700} c="blue.8" component={NavLink} to="/desk" title={t('desk.shell.title')} style={{ whiteSpace: 'nowrap', textDecoration: 'underline' }}>
              {t('app.name')}
            </Text>
          ) : (
            <Text fw={700} c="blue.8" style={{ whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Text>
          )}
          <Group gap={4} wrap="nowrap">
            <UnstyledButton component={NavLink} to="/queue" aria-label={t('queue.counter', { count: waiting + failed })} h={44} display="flex" style={{ alignItems: 'center' }}>
              <Badge color={failed > 0 ? 'red.9' : waiting > 0 ? 'yellow.4' : 'gray.8'} variant={waiting + failed > 0 ? 'filled' : 'outline'} autoContrast aria-hidden>
                {t('queue.badge', { count: waiting + failed })}
              </Badge>
            </UnstyledButton>
            <LanguageSwitch userId={userId} />
            <Button variant="subtle" h={44} px={8} onClick={() => void signOut()} title={fullName}>
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
            <Route path={SHARE_TARGET_PATH} element={<LogActionPage />} />
            <Route path="/report" element={<ReportPage />} />
            <Route path="/progress" element={<MyYearLayout />}>
              <Route index element={<ProgressPage />} />
              <Route path="history" element={<HistoryPage />} />
            </Route>
            <Route path="/queue" element={<QueuePage userId={userId} />} />
            <Route path="*" element={<TasksPage />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
      <AppShell.Footer component="nav" aria-label={t('nav.label')}>
        <Group h="100%" grow gap={0}>
          {links.map((link) => (
            <FooterLink key={link.to} {...link} />
          ))}
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}
