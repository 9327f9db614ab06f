import { Alert, Anchor, Button, Group, Loader, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { must, type Schemas } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { api } from '../../app/services';
import { formatNumber, type Lang } from '../../lib/format';
import { useUnits } from '../org-tree/useUnits';
import { answersOf, countFor, newIdempotencyKey, numberedOptions, readChoice, type Question, type Survey, type TypedAnswers } from './entry-form';
import { surveyProblem } from './survey-problem';
import { useSurvey, useSurveyResults } from './useSurvey';
import { isNotFound } from '../../lib/api-problem';

/** The unit last used for a survey on this computer: a stack of paper forms is usually one unit's. */
const unitKey = (surveyId: string) => `lantoa.surveyEntry.unit.${surveyId}`;

/**
 * Typing in a stack of paper questionnaires, keyboard only: one field per question, Tab between
 * them, Enter on the last one (or Ctrl+Enter anywhere) saves and starts the next blank form with
 * the cursor back on the first question. The unit stays; its count grows after each save.
 */
export function QuestionnaireEntry() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const survey = useSurvey(id);
  if (isNotFound(survey.error)) return <DeskNotFound />;
  if (survey.isError) return <Alert color="red">{surveyProblem(t, survey.error)}</Alert>;
  if (!survey.data) return <Loader aria-label={t('common.loading')} />;
  return <EntryForm survey={survey.data} />;
}

function EntryForm({ survey }: { survey: Survey }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const queryClient = useQueryClient();
  const units = useUnits();
  const results = useSurveyResults(survey.id);
  const [unitId, setUnitId] = useState<string | null>(() => rememberedUnit(survey));
  const [typed, setTyped] = useState<TypedAnswers>({});
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const fields = useRef<(HTMLInputElement | null)[]>([]);
  const unitSelect = useRef<HTMLSelectElement | null>(null);
  const unitName = units.data?.find((unit) => unit.id === unitId)?.name ?? '';

  const save = useMutation({
    mutationFn: async (answers: Schemas['CreateQuestionnaireDto']['answers']) =>
      must(
        await api.POST('/api/v1/surveys/{id}/questionnaires', {
          params: { path: { id: survey.id }, header: { 'Idempotency-Key': key.current } },
          body: { orgUnitId: unitId!, answers },
        }),
      ),
    onSuccess: async (questionnaire) => {
      key.current = newIdempotencyKey();
      setTyped({});
      fields.current[0]?.focus();
      await queryClient.invalidateQueries({ queryKey: ['survey', survey.id, 'results'] });
      const count = countFor(queryClient.getQueryData(['survey', survey.id, 'results']), questionnaire.orgUnitId);
      setSaved(t('desk.surveys.entry.saved', { count: formatNumber(count, lang), unit: unitName }));
    },
  });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    // A second Enter while the first is on its way: the same form, already being saved.
    if (save.isPending) return;
    setSaved(null);
    if (!unitId) {
      unitSelect.current?.focus();
      return setInvalid('unit');
    }
    const read = answersOf(survey.questions, typed);
    if ('blank' in read) {
      fields.current[0]?.focus();
      return setInvalid('blank');
    }
    if ('invalid' in read) {
      setInvalid(read.invalid);
      fields.current[survey.questions.findIndex((q) => q.id === read.invalid)]?.focus();
      return;
    }
    setInvalid(null);
    save.mutate(read.answers);
  };

  const onFieldKey = (index: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const last = index === survey.questions.length - 1;
    if (event.ctrlKey || event.metaKey || last) submit();
    else fields.current[index + 1]?.focus();
  };

  const chooseUnit = (next: string) => {
    setUnitId(next || null);
    if (next) localStorage.setItem(unitKey(survey.id), next);
  };

  return (
    <Stack maw={760}>
      <Anchor component={Link} to={`/desk/surveys/${survey.id}`} c="blue.8" size="sm">
        ← {t('desk.surveys.entry.results')}
      </Anchor>
      <Title order={1}>{t('desk.surveys.entry.heading', { title: survey.title })}</Title>
      <Text size="sm" c="gray.7">
        {t('desk.surveys.entry.help')}
      </Text>
      <NativeSelect
        ref={unitSelect}
        label={t('desk.surveys.entry.unit')}
        value={unitId ?? ''}
        onChange={(e) => chooseUnit(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            fields.current[0]?.focus();
          }
        }}
        error={invalid === 'unit' ? t('desk.surveys.entry.needUnit') : undefined}
        data={[
          { value: '', label: t('desk.surveys.entry.unitPlaceholder') },
          ...survey.orgUnitIds.map((unit) => ({ value: unit, label: units.data?.find((u) => u.id === unit)?.trail ?? unit })),
        ]}
      />
      <Paper withBorder p="sm" bg="blue.0">
        <Text fw={700} c="blue.9" role="status" aria-live="polite" data-testid="unit-count">
          {unitId ? t('desk.surveys.entry.count', { unit: unitName, count: formatNumber(countFor(results.data, unitId), lang) }) : t('desk.surveys.entry.needUnit')}
        </Text>
      </Paper>

      <Stack component="form" onSubmit={submit} gap="sm" aria-busy={save.isPending}>
        {survey.questions.map((question, index) => (
          <AnswerField
            key={question.id}
            number={index + 1}
            question={question}
            value={typed[question.id] ?? ''}
            invalid={invalid === question.id}
            inputRef={(element) => {
              fields.current[index] = element;
            }}
            onChange={(value) => {
              setTyped((current) => ({ ...current, [question.id]: value }));
              if (invalid === 'blank') setInvalid(null);
              // A corrected form after a failed save is a new request: the old key would be refused (422).
              if (save.isError) key.current = newIdempotencyKey();
            }}
            onKeyDown={onFieldKey(index)}
          />
        ))}
        {invalid === 'blank' && (
          <Alert color="yellow" role="alert">
            {t('desk.surveys.entry.blank')}
          </Alert>
        )}
        {save.isError && (
          <Alert color="red" role="alert">
            {surveyProblem(t, save.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('desk.surveys.entry.save')}
          </Button>
          {saved && (
            <Text size="sm" c="teal.9" role="status">
              {saved}
            </Text>
          )}
        </Group>
      </Stack>
    </Stack>
  );
}

function rememberedUnit(survey: Survey): string | null {
  const remembered = localStorage.getItem(unitKey(survey.id));
  if (remembered && survey.orgUnitIds.includes(remembered)) return remembered;
  return survey.orgUnitIds.length === 1 ? survey.orgUnitIds[0] : null;
}

interface AnswerFieldProps {
  number: number;
  question: Question;
  value: string;
  invalid: boolean;
  inputRef(element: HTMLInputElement | null): void;
  onChange(value: string): void;
  onKeyDown(event: KeyboardEvent<HTMLInputElement>): void;
}

/** One question's field: a choice is typed as its option's number, a text as the words on the paper. */
function AnswerField({ number, question, value, invalid, inputRef, onChange, onKeyDown }: AnswerFieldProps) {
  const { t } = useTranslation();
  const label = `${number}. ${question.text}`;
  if (question.kind === 'text') {
    return (
      <TextInput ref={inputRef} label={label} description={t('desk.surveys.entry.textHelp')} value={value} onChange={(e) => onChange(e.currentTarget.value)} onKeyDown={onKeyDown} autoComplete="off" maxLength={2000} />
    );
  }
  const count = question.options?.length ?? 0;
  const choice = readChoice(value, count);
  const picked = typeof choice === 'number' ? question.options?.[choice] : null;
  return (
    <TextInput
      ref={inputRef}
      label={label}
      description={t('desk.surveys.entry.choiceHelp', { options: numberedOptions(question) })}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={onKeyDown}
      inputMode="numeric"
      autoComplete="off"
      maxLength={2}
      w={{ base: '100%' }}
      error={invalid || choice === 'invalid' ? t('desk.surveys.entry.choiceInvalid', { max: count }) : undefined}
      rightSectionWidth={picked ? 160 : undefined}
      rightSection={
        picked ? (
          <Text size="xs" c="teal.9" truncate maw={150} aria-hidden>
            {picked}
          </Text>
        ) : undefined
      }
    />
  );
}
