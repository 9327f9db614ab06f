import { Alert, Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber, type Lang } from '../../lib/format';
import { surveyDates } from './survey-dates';
import { surveyProblem } from './survey-problem';
import { useSurveyPages } from './useSurvey';
import { ScrollTable } from '../../ui/ScrollTable';
import { MoreButton } from '../../ui/MoreButton';

/** Every survey the reader can see, newest first, with a way to the results and to a new one. */
export function SurveyList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const pages = useSurveyPages();
  const surveys = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('desk.surveys.title')}</Title>
        <Button component={Link} to="new">
          {t('desk.surveys.list.create')}
        </Button>
      </Group>
      {pages.isPending && <Loader aria-label={t('common.loading')} />}
      {pages.isError && <Alert color="red">{surveyProblem(t, pages.error)}</Alert>}
      {pages.isSuccess && surveys.length === 0 && <Text c="gray.7">{t('desk.surveys.list.empty')}</Text>}
      {surveys.length > 0 && (
        <ScrollTable minWidth={520} label={t('desk.surveys.title')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.surveys.list.survey')}</Table.Th>
                <Table.Th>{t('desk.surveys.list.dates')}</Table.Th>
                <Table.Th ta="right">{t('desk.surveys.list.units')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {surveys.map((survey) => (
                <Table.Tr key={survey.id}>
                  <Table.Td>
                    <Anchor component={Link} to={survey.id} c="blue.8">
                      {survey.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{surveyDates(t, survey.startsOn, survey.endsOn)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(survey.unitCount, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <MoreButton pages={pages} />
    </Stack>
  );
}
