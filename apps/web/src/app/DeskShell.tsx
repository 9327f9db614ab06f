// The desk is a desk's screen on a desk's link: all of Mantine's styles come with its chunk, so any
// area may use any component (the phone app keeps its per-component list, mantine-styles.ts).
import '@mantine/core/styles.css';
import { AppShell, Burger, Button, Group, Loader, NavLink as MantineNavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useLocation } from 'react-router';
import type { SignedInUser } from '../features/session/session';
import DeskHome from '../features/desk-home/DeskHome';
import { areasFor } from './desk-areas';
import { LanguageSwitch, signOut } from './HeaderActions';

/**
 * The secretariat's and admins' desk (issue 12): a menu of areas on the left at a desk, behind a
 * burger on a tablet, and each area's own routes on the right. Desktop first; the phone app
 * stays at / for logging one's own shares.
 */
export default function DeskShell({ user }: { user: SignedInUser }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const areas = areasFor(user.roles);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t('desk.shell.nav.menu')} />
            <Text fw={700} c="blue.8" component={NavLink} to="/desk" style={{ whiteSpace: 'nowrap', textDecoration: 'none' }}>
              {t('app.name')}
              {/* On a phone the header keeps one line: the app's name, the language and sign-out. */}
              <Text span inherit visibleFrom="sm">
                {' · '}
                {t('desk.shell.title')}
              </Text>
            </Text>
          </Group>
          <Group gap={4} wrap="nowrap">
            <Button component={NavLink} to="/" variant="subtle" h={44} px={8} visibleFrom="sm">
              {t('desk.shell.nav.phoneApp')}
            </Button>
            <LanguageSwitch userId={user.id} />
            <Button variant="subtle" h={44} px={8} onClick={() => void signOut()} title={user.fullName}>
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar component="nav" aria-label={t('desk.shell.nav.label')} p="xs">
        <ScrollArea>
          <MantineNavLink component={NavLink} to="/desk" end label={t('desk.shell.nav.home')} active={pathname === '/desk'} onClick={close} />
          {areas.map((area) => (
            <MantineNavLink
              key={area.path}
              component={NavLink}
              to={`/desk/${area.path}`}
              label={t(`desk.shell.nav.${area.label}`)}
              active={pathname === `/desk/${area.path}` || pathname.startsWith(`/desk/${area.path}/`)}
              onClick={close}
            />
          ))}
          <MantineNavLink component={NavLink} to="/" label={t('desk.shell.nav.phoneApp')} hiddenFrom="sm" />
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
          <Routes>
            <Route index element={<DeskHome user={user} />} />
            {areas.map((area) => (
              <Route key={area.path} path={`${area.path}/*`} element={<area.page />} />
            ))}
            <Route path="*" element={<DeskNotFound />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

/** A desk URL that names nothing, or something outside the reader's scope (the API's 404 too). */
export function DeskNotFound() {
  const { t } = useTranslation();
  return (
    <Title order={1} size="h3">
      {t('desk.shell.notFound')}
    </Title>
  );
}
