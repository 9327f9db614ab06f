import type { Shape } from '../shape';

/** The review area's phrases (Vietnamese first). */
export const reviewVi = {
  title: 'Duyệt trang xấu độc',
};

export const reviewEn: Shape<typeof reviewVi> = {
  title: 'Page review',
};
