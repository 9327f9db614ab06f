import { Alert, Code, Text } from '@mantine/core';

/** A password shown once, after it was set: selectable, in a monospace face, never stored by the page. */
export function PasswordOnce({ text, password }: { text: string; password: string }) {
  const [before, after] = text.split(password);
  return (
    <Alert color="teal" role="status">
      <Text size="sm">
        {before}
        <Code fz="md" fw={700} data-testid="password-once">
          {password}
        </Code>
        {after}
      </Text>
    </Alert>
  );
}
