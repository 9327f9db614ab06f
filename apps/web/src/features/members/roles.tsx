import { Checkbox, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api-client/client';

export type Role = Schemas['UserView']['roles'][number];

/** Every role, in the order of responsibility; a role added to the API fails to compile here. */
export const ROLES = ['collaborator', 'secretariat', 'leader', 'admin'] as const satisfies readonly Role[];
const everyRole: [Exclude<Role, (typeof ROLES)[number]>] extends [never] ? true : false = true;
void everyRole;

/** The roles as checkboxes. Every role is offered: the API decides what the reader may grant. */
export function RoleChecks({ value, onChange }: { value: Role[]; onChange(roles: Role[]): void }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t('desk.members.roles.label')} value={value} onChange={(next) => onChange(next as Role[])} required>
      <Group mt={4} gap="md">
        {ROLES.map((role) => (
          <Checkbox key={role} value={role} label={t(`desk.members.roles.${role}`)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

export function roleNames(t: (key: string) => string, roles: readonly Role[]): string {
  return roles.map((role) => t(`desk.members.roles.${role}`)).join(', ');
}
