import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { foldForSearch } from './unit-tree';
import { useUnits } from './useUnits';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange(unitId: string | null): void;
  /** Units not to offer (a unit cannot move under itself). */
  exclude?: ReadonlySet<string>;
};

/** Picks one unit of the reader's tree, searched by any part of its trail, without accents. */
export function UnitPicker({ value, onChange, exclude, label, ...rest }: Props) {
  const { t } = useTranslation();
  const units = useUnits();
  const data = (units.data ?? []).filter((unit) => !exclude?.has(unit.id)).map((unit) => ({ value: unit.id, label: unit.trail }));
  return (
    <Select
      label={label ?? t('desk.shell.unitPicker.label')}
      placeholder={t('desk.shell.unitPicker.placeholder')}
      nothingFoundMessage={t('desk.shell.unitPicker.nothing')}
      searchable
      clearable
      data={data}
      value={value}
      onChange={(next) => onChange(next)}
      filter={({ options, search }) => {
        const wanted = foldForSearch(search.trim());
        return options.filter((option) => 'label' in option && foldForSearch(option.label).includes(wanted));
      }}
      disabled={units.isPending}
      {...rest}
    />
  );
}
