import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { diffRecords, showValue, type KeyChange } from './diff-records';

/**
 * An audit entry's before and after as a diff: the changed keys, old value struck through (red.9: red.8 falls short of AA on a striped row),
 * new value beside it; the keys left as they were are folded away below.
 */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const diff = diffRecords(before, after);
  return (
    <div data-testid="audit-diff">
      {diff.changed.length === 0 ? (
        <Text>{t('desk.admin.audit.nothingChanged')}</Text>
      ) : (
        <ChangeTable changes={diff.changed} marked />
      )}
      {diff.unchanged.length > 0 && (
        <details style={{ marginTop: 8 }}>
          <summary style={{ cursor: 'pointer', minHeight: 24 }}>{t('desk.admin.audit.unchanged', { count: diff.unchanged.length })}</summary>
          <ChangeTable changes={diff.unchanged} />
        </details>
      )}
    </div>
  );
}

function ChangeTable({ changes, marked = false }: { changes: KeyChange[]; marked?: boolean }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder layout="fixed" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="25%">{t('desk.admin.audit.key')}</Table.Th>
          <Table.Th>{t('desk.admin.audit.before')}</Table.Th>
          <Table.Th>{t('desk.admin.audit.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((change) => (
          <Table.Tr key={change.key}>
            <Table.Td>
              <Text ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
                {change.key}
              </Text>
            </Table.Td>
            <Table.Td>
              {marked ? (
                <Text component="del" c="red.9" size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {showValue(change.before)}
                </Text>
              ) : (
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {showValue(change.before)}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm" c={marked ? 'teal.9' : undefined} fw={marked ? 600 : undefined} style={{ overflowWrap: 'anywhere' }}>
                {marked ? <ins style={{ textDecoration: 'none' }}>{showValue(change.after)}</ins> : showValue(change.after)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
