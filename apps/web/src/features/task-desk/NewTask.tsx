import { Alert, Anchor, Button, Group, NativeSelect, Radio, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';
import { nfc } from '../../lib/format';
import { JobProgress } from '../jobs/JobProgress';
import { isFinished, useJob } from '../jobs/useJob';
import { AssigneePicker, assigneesOf, NOBODY, type AssigneeChoice } from './AssigneePicker';
import { dueAtOf, namesAnyone, taskProblem } from './task-desk';

type NewTaskBody = Schemas['CreateTaskDto'];
type Created = Schemas['CreatedTaskView'];

const KINDS: NewTaskBody['kind'][] = ['share', 'interact', 'write', 'report_page', 'survey', 'other'];
type Target = 'none' | 'content' | 'url';

/** /desk/tasks/new: the task, whom it goes to (with how many people that is), then the fan-out's progress. */
export function NewTask() {
  const [created, setCreated] = useState<Created | null>(null);
  if (created) return <Handed task={created} onAnother={() => setCreated(null)} />;
  return <TaskForm onCreated={setCreated} />;
}

function TaskForm({ onCreated }: { onCreated(task: Created): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<NewTaskBody['kind']>('share');
  const [instructions, setInstructions] = useState('');
  const [target, setTarget] = useState<Target>('none');
  const [contentId, setContentId] = useState<string | null>(null);
  const [targetUrl, setTargetUrl] = useState('');
  const [due, setDue] = useState('');
  const [assignees, setAssignees] = useState<AssigneeChoice>(NOBODY);
  const [tried, setTried] = useState(false);
  const create = useMutation({
    mutationFn: async (body: NewTaskBody) => must(await api.POST('/api/v1/tasks', { body })),
    onSuccess: (task) => {
      void queryClient.invalidateQueries({ queryKey: ['desk-tasks'] });
      onCreated(task);
    },
  });
  const titleMissing = nfc(title) === '';
  const nobody = !namesAnyone(assigneesOf(assignees));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (titleMissing || nobody) return;
    create.mutate({
      title: nfc(title),
      kind,
      instructions: nfc(instructions) || undefined,
      contentId: target === 'content' && contentId ? contentId : undefined,
      targetUrl: target === 'url' && targetUrl.trim() ? targetUrl.trim() : undefined,
      dueAt: dueAtOf(due),
      assignees: assigneesOf(assignees),
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={720}>
        <Title order={1}>{t('desk.assigning.form.title')}</Title>
        <TextInput
          label={t('desk.assigning.form.taskTitle')}
          required
          maxLength={300}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={tried && titleMissing ? t('desk.assigning.form.titleRequired') : undefined}
        />
        <NativeSelect
          label={t('desk.assigning.form.kind')}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as NewTaskBody['kind'])}
          data={KINDS.map((value) => ({ value, label: t(`taskKind.${value}`) }))}
        />
        <Textarea
          label={t('desk.assigning.form.instructions')}
          autosize
          minRows={3}
          maxLength={10_000}
          value={instructions}
          onChange={(event) => setInstructions(event.currentTarget.value)}
        />
        <Radio.Group label={t('desk.assigning.form.target')} value={target} onChange={(value) => setTarget(value as Target)}>
          <Group mt={4}>
            <Radio value="none" label={t('desk.assigning.form.targetNone')} />
            <Radio value="content" label={t('desk.assigning.form.targetContent')} />
            <Radio value="url" label={t('desk.assigning.form.targetUrl')} />
          </Group>
        </Radio.Group>
        {target === 'content' && <ContentChoice value={contentId} onChange={setContentId} />}
        {target === 'url' && (
          <TextInput
            type="url"
            label={t('desk.assigning.form.url')}
            description={t('desk.assigning.form.urlHint')}
            value={targetUrl}
            onChange={(event) => setTargetUrl(event.currentTarget.value)}
          />
        )}
        <TextInput
          type="datetime-local"
          label={t('desk.assigning.form.due')}
          description={t('desk.assigning.form.dueHint')}
          value={due}
          onChange={(event) => setDue(event.currentTarget.value)}
        />
        <AssigneePicker value={assignees} onChange={setAssignees} />
        {tried && nobody && (
          <Text c="red.8" size="sm">
            {t('desk.assigning.form.assigneesRequired')}
          </Text>
        )}
        {create.isError && (
          <Alert color="red" role="alert">
            {taskProblem(t, create.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('desk.assigning.form.submit')}
          </Button>
          <Button component={Link} to=".." relative="path" variant="default">
            {t('desk.assigning.form.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A registered content to spread, searched by title among the most recent ones. */
function ContentChoice({ value, onChange }: { value: string | null; onChange(id: string | null): void }) {
  const { t } = useTranslation();
  const contents = useQuery({
    queryKey: ['contents', 'recent'],
    queryFn: async () => must(await api.GET('/api/v1/contents', { params: { query: { limit: 200 } } })),
  });
  return (
    <Select
      label={t('desk.assigning.form.content')}
      placeholder={t('desk.assigning.form.contentPlaceholder')}
      nothingFoundMessage={t('desk.assigning.form.contentNothing')}
      searchable
      clearable
      data={(contents.data?.items ?? []).map((content) => ({ value: content.id, label: content.title }))}
      value={value}
      onChange={onChange}
      disabled={contents.isPending}
    />
  );
}

/** After sending: the fan-out job's progress, then the way to the task's progress. */
function Handed({ task, onAnother }: { task: Created; onAnother(): void }) {
  const { t } = useTranslation();
  const job = useJob(task.fanOutJobId);
  return (
    <Stack maw={720}>
      <Title order={1}>{t('desk.assigning.form.title')}</Title>
      <Text role="status">{t('desk.assigning.form.created', { title: task.title })}</Text>
      {job.data && <JobProgress job={job.data} label={t('desk.assigning.form.fanOut')} />}
      <Group>
        <Anchor component={Link} to={`../${task.id}`} relative="path" fw={600} c="blue.8">
          {t('desk.assigning.form.openTask')}
        </Anchor>
        {job.data && isFinished(job.data) && (
          <Button variant="default" onClick={onAnother}>
            {t('desk.assigning.form.another')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
