import type { Shape } from '../shape';

/** The assigning area's phrases (Vietnamese first). */
export const assigningVi = {
  title: 'Giao nhiệm vụ',
};

export const assigningEn: Shape<typeof assigningVi> = {
  title: 'Assigning tasks',
};
