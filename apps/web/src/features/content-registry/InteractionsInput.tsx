import { NumberInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { numberSeparators, type Lang } from '../../lib/format';

/** A website post's interaction count, typed with the language's thousands separator (2.490). */
export function InteractionsInput({ value, onChange }: { value: number | string; onChange(value: number | string): void }) {
  const { t, i18n } = useTranslation();
  return (
    <NumberInput
      label={t('desk.registry.contents.fields.interactions')}
      description={t('desk.registry.contents.fields.interactionsHint')}
      min={0}
      max={1_000_000_000}
      allowDecimal={false}
      allowNegative={false}
      {...numberSeparators(i18n.language as Lang)}
      value={value}
      onChange={onChange}
    />
  );
}
