import type { Shape } from '../shape';

/** The registry area's phrases (Vietnamese first). */
export const registryVi = {
  title: 'Sổ nội dung',
};

export const registryEn: Shape<typeof registryVi> = {
  title: 'Content registry',
};
