import { Alert, Anchor, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { formatNumber, type Lang } from '../../lib/format';
import { useUnits } from '../org-tree/useUnits';
import { countFor } from './entry-form';
import { surveyDates } from './survey-dates';
import { surveyProblem } from './survey-problem';
import { useSurvey, useSurveyResults } from './useSurvey';
import { ScrollTable } from '../../ui/ScrollTable';
import { Stat } from '../../ui/Stat';
import { isNotFound } from '../../lib/api-problem';

/** A survey's summary, its count per participating unit and its results per question. */
export function SurveyResults() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { id = '' } = useParams();
  const survey = useSurvey(id);
  const results = useSurveyResults(id);
  const units = useUnits();
  if (isNotFound(survey.error)) return <DeskNotFound />;
  if (survey.isError) return <Alert color="red">{surveyProblem(t, survey.error)}</Alert>;
  if (!survey.data) return <Loader aria-label={t('common.loading')} />;
  const nameOf = (unitId: string) => units.data?.find((unit) => unit.id === unitId)?.trail ?? '…';
  const s = survey.data;
  const r = results.data;
  return (
    <Stack>
      <Anchor component={Link} to="/desk/surveys" c="blue.8" size="sm">
        ← {t('desk.surveys.detail.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Title order={1}>{s.title}</Title>
        <Button component={Link} to="entry">
          {t('desk.surveys.detail.enter')}
        </Button>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} aria-label={t('desk.surveys.detail.summary')}>
        <Stat label={t('desk.surveys.detail.ownerUnit')} value={nameOf(s.orgUnitId)} />
        <Stat label={t('desk.surveys.detail.dates')} value={surveyDates(t, s.startsOn, s.endsOn)} />
        <Stat label={t('desk.surveys.detail.questionnaires')} value={r ? formatNumber(r.questionnaires, lang) : '…'} />
        <Stat label={t('desk.surveys.detail.unitsResponding')} value={r ? `${formatNumber(r.unitsResponding, lang)}/${formatNumber(s.unitCount, lang)}` : '…'} />
      </SimpleGrid>
      {results.isError && <Alert color="red">{surveyProblem(t, results.error)}</Alert>}

      <Title order={2} size="h3">
        {t('desk.surveys.detail.unitsHeading')}
      </Title>
      <ScrollTable minWidth={320} label={t('desk.surveys.detail.unitsHeading')}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('desk.surveys.detail.unit')}</Table.Th>
              <Table.Th ta="right">{t('desk.surveys.detail.count')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.orgUnitIds.map((unitId) => (
              <Table.Tr key={unitId}>
                <Table.Td>{nameOf(unitId)}</Table.Td>
                <Table.Td ta="right" data-unit-count={unitId}>
                  {formatNumber(countFor(r, unitId), lang)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>

      <Title order={2} size="h3">
        {t('desk.surveys.detail.resultsHeading')}
      </Title>
      {s.questions.length === 0 && <Text c="gray.7">{t('desk.surveys.detail.noQuestions')}</Text>}
      {r?.questions.map((question, i) => <QuestionResult key={question.id} number={i + 1} result={question} total={r.questionnaires} />)}
    </Stack>
  );
}

/** One question's counts: per option a row with its count, its share of the answers and a bar. */
function QuestionResult({ number, result, total }: { number: number; result: Schemas['QuestionResult']; total: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const percent = (count: number) => (result.answered > 0 ? Math.round((count / result.answered) * 100) : 0);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`result-${result.id}`}>
      <Stack gap="xs">
        <Title order={3} size="h5" id={`result-${result.id}`}>
          {number}. {result.text}
        </Title>
        <Text size="sm" c="gray.7">
          {t('desk.surveys.detail.answered', { count: `${formatNumber(result.answered, lang)}/${formatNumber(total, lang)}` })}
        </Text>
        {result.options ? (
          <ScrollTable minWidth={280} label={result.text}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('desk.surveys.detail.option')}</Table.Th>
                  <Table.Th ta="right">{t('desk.surveys.detail.count')}</Table.Th>
                  <Table.Th w="40%">{t('desk.surveys.detail.share')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.options.map((option) => (
                  <Table.Tr key={option.index}>
                    <Table.Td>{option.text}</Table.Td>
                    <Table.Td ta="right">{formatNumber(option.count, lang)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Progress value={percent(option.count)} color="blue.8" style={{ flex: 1 }} aria-label={`${option.text}: ${percent(option.count)}%`} />
                        <Text size="sm" w={44} ta="right">
                          {percent(option.count)}%
                        </Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        ) : (
          <Text size="sm">{t('desk.surveys.detail.textAnswers')}</Text>
        )}
      </Stack>
    </Paper>
  );
}
