import { Button, Group, Loader, Stack } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useMatch } from 'react-router';

function SectionLink({ to, label }: { to: string; label: string }) {
  const current = useMatch({ path: to, end: true }) !== null;
  return (
    <Button component={NavLink} to={to} end variant={current ? 'filled' : 'default'} mih={44} radius={0}>
      {label}
    </Button>
  );
}

/**
 * "My year": my progress and my history under one footer link, as two sections with their
 * own addresses (/progress, /progress/history). The footer keeps four targets wide enough
 * for their labels at 360 px.
 */
export default function MyYearLayout() {
  const { t } = useTranslation();
  return (
    // A readable column on a wide screen; the whole width on a phone.
    <Stack maw={760} mx="auto" w="100%">
      <Group component="nav" aria-label={t('history.sections')} grow gap={0}>
        <SectionLink to="/progress" label={t('history.progressTab')} />
        <SectionLink to="/progress/history" label={t('history.historyTab')} />
      </Group>
      <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
        <Outlet />
      </Suspense>
    </Stack>
  );
}
