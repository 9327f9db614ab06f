import type { Shape } from '../shape';

/** The members area's phrases (Vietnamese first). */
export const membersVi = {
  title: 'Thành viên',
};

export const membersEn: Shape<typeof membersVi> = {
  title: 'Members',
};
