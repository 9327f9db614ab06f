import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder until this area is built. */
export default function UnitTreeArea() {
  const { t } = useTranslation();
  return <Title order={1}>{t('desk.shell.nav.units')}</Title>;
}
