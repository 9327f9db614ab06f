import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder until this area is built. */
export default function TeamsArea() {
  const { t } = useTranslation();
  return <Title order={1}>{t('desk.shell.nav.teams')}</Title>;
}
