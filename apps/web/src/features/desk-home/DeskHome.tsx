import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areasFor } from '../../app/desk-areas';
import type { SignedInUser } from '../session/session';

/** The desk's first screen: who is signed in, and a card per area they work in. */
export default function DeskHome({ user }: { user: SignedInUser }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('desk.shell.home.greeting', { name: user.fullName })}</Title>
      <Text c="gray.7">{t('desk.shell.home.intro')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {areasFor(user.roles).map((area) => (
          <Card key={area.path} withBorder component={Link} to={`/desk/${area.path}`} padding="md">
            <Text fw={600} c="blue.8">
              {t(`desk.shell.nav.${area.label}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
