import type { Shape } from '../shape';

/** The admin area's phrases (Vietnamese first). */
export const adminVi = {
  title: 'Quản trị',
};

export const adminEn: Shape<typeof adminVi> = {
  title: 'Administration',
};
