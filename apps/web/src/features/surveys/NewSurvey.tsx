import { Alert, Button, CloseButton, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiCallError, must } from '../../api-client/client';
import { api } from '../../app/services';
import { UnitPicker } from '../org-tree/UnitPicker';
import { useUnits } from '../org-tree/useUnits';
import { draftProblem, surveyBody, type QuestionDraft } from './survey-draft';
import { surveyProblem } from './survey-problem';

let nextKey = 1;
const blankQuestion = (): QuestionDraft => ({ key: nextKey++, text: '', kind: 'choice', optionLines: '' });

/** A new survey: its title and dates, the units taking part and the questions of its paper form. */
export function NewSurvey() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const units = useUnits();
  const [title, setTitle] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [questions, setQuestions] = useState<QuestionDraft[]>([blankQuestion()]);
  const create = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/surveys', { body: surveyBody({ title, startsOn, endsOn, unitIds, questions }) })),
    onSuccess: async (survey) => {
      await queryClient.invalidateQueries({ queryKey: ['surveys'] });
      void navigate(`/desk/surveys/${survey.id}`);
    },
  });
  const nameOf = (id: string) => units.data?.find((unit) => unit.id === id)?.trail ?? id;
  const addUnit = () => {
    if (picked && !unitIds.includes(picked)) setUnitIds([...unitIds, picked]);
    setPicked(null);
  };
  const change = (key: number, patch: Partial<QuestionDraft>) =>
    setQuestions(questions.map((question) => (question.key === key ? { ...question, ...patch } : question)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const problem = create.error
    ? (create.error instanceof ApiCallError && draftProblem(t, create.error.body?.field)) || surveyProblem(t, create.error)
    : null;

  return (
    <Stack component="form" onSubmit={submit} maw={760}>
      <Title order={1}>{t('desk.surveys.form.heading')}</Title>
      <TextInput label={t('desk.surveys.form.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required maxLength={300} />
      <Group grow align="flex-start" wrap="wrap">
        <TextInput type="date" label={t('desk.surveys.form.startsOn')} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} required miw={180} />
        <TextInput type="date" label={t('desk.surveys.form.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} min={startsOn || undefined} miw={180} />
      </Group>

      <Title order={2} size="h3">
        {t('desk.surveys.form.unitsHeading')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <UnitPicker label={t('desk.surveys.form.unitToAdd')} value={picked} onChange={setPicked} exclude={new Set(unitIds)} style={{ flex: '1 1 240px' }} />
        <Button variant="default" onClick={addUnit} disabled={!picked}>
          {t('desk.surveys.form.addUnit')}
        </Button>
      </Group>
      {unitIds.length === 0 ? (
        <Text c="gray.7">{t('desk.surveys.form.noUnits')}</Text>
      ) : (
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('desk.surveys.form.unitsHeading')}>
          {unitIds.map((id) => (
            <Group component="li" key={id} gap="xs" wrap="nowrap">
              <CloseButton size="sm" aria-label={t('desk.surveys.form.removeUnit', { name: nameOf(id) })} onClick={() => setUnitIds(unitIds.filter((u) => u !== id))} />
              <Text size="sm">{nameOf(id)}</Text>
            </Group>
          ))}
        </Stack>
      )}

      <Title order={2} size="h3">
        {t('desk.surveys.form.questionsHeading')}
      </Title>
      {questions.map((question, i) => (
        <QuestionEditor
          key={question.key}
          number={i + 1}
          question={question}
          onChange={(patch) => change(question.key, patch)}
          onRemove={() => setQuestions(questions.filter((q) => q.key !== question.key))}
        />
      ))}
      <Group>
        <Button variant="default" onClick={() => setQuestions([...questions, blankQuestion()])}>
          {t('desk.surveys.form.addQuestion')}
        </Button>
      </Group>

      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={create.isPending}>
          {t('desk.surveys.form.submit')}
        </Button>
        <Button component={Link} to="/desk/surveys" variant="subtle">
          {t('desk.surveys.form.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function QuestionEditor({ number, question, onChange, onRemove }: { number: number; question: QuestionDraft; onChange(patch: Partial<QuestionDraft>): void; onRemove(): void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5">
            {t('desk.surveys.form.question', { number })}
          </Title>
          <Button variant="subtle" color="red" c="red.8" size="compact-sm" onClick={onRemove}>
            {t('desk.surveys.form.removeQuestion', { number })}
          </Button>
        </Group>
        <Textarea label={t('desk.surveys.form.questionText', { number })} value={question.text} onChange={(e) => onChange({ text: e.currentTarget.value })} autosize minRows={1} required />
        <NativeSelect
          label={t('desk.surveys.form.kind', { number })}
          value={question.kind}
          onChange={(e) => onChange({ kind: e.currentTarget.value as QuestionDraft['kind'] })}
          data={[
            { value: 'choice', label: t('desk.surveys.form.kindChoice') },
            { value: 'text', label: t('desk.surveys.form.kindText') },
          ]}
        />
        {question.kind === 'choice' && (
          <Textarea label={t('desk.surveys.form.options', { number })} value={question.optionLines} onChange={(e) => onChange({ optionLines: e.currentTarget.value })} autosize minRows={2} />
        )}
      </Stack>
    </Paper>
  );
}
