import { Paper, Text } from '@mantine/core';

/** One figure with its label above it, in a bordered box (a row of them fills a SimpleGrid). */
export function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Paper>
  );
}
