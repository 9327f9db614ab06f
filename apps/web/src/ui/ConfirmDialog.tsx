import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  opened: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm(): void;
  onClose(): void;
  pending: boolean;
  /** Why the last try was refused, shown inside the dialog where the person is looking. */
  error: string | null;
}

/** Asks before a change that is hard to undo (close a task, deactivate someone or a unit). */
export function ConfirmDialog({ opened, title, text, confirmLabel, onConfirm, onClose, pending, error }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered closeButtonProps={{ 'aria-label': t('desk.shell.dialog.close') }}>
      <Stack>
        <Text>{text}</Text>
        {error !== null && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('desk.shell.dialog.cancel')}
          </Button>
          <Button color="red.8" onClick={onConfirm} loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
