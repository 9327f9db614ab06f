import type { Shape } from '../shape';

/** The surveys area's phrases (Vietnamese first). */
export const surveysVi = {
  title: 'Khảo sát',
};

export const surveysEn: Shape<typeof surveysVi> = {
  title: 'Surveys',
};
