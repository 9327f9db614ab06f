import { FIGURE_NAMES, FigureValues, YearlyFigures } from '@app/contracts';
import { MonthFigures, YearlyReport } from './yearly-report';

/** Hand-made reports for the builders' unit tests (no database). */
export const zeroFigures = (): FigureValues =>
  Object.fromEntries(FIGURE_NAMES.map((name) => [name, 0])) as unknown as FigureValues;

/** The reference summary's figures for 2023. */
export const REFERENCE_FIGURES: FigureValues = {
  websitePosts: 83,
  websiteInteractions: 2490,
  shares: 1064,
  reach: 12350,
  interactions: 321,
  participations: 13984,
  reportsFiled: 90,
  pagesReported: 76,
  pagesRemovalRequested: 70,
  pagesRemoved: 12,
  surveys: 1,
  surveyUnits: 25,
  questionnaires: 500,
  directives: 4,
  members: 120,
};

const figures = (orgUnitId: string, over: Partial<FigureValues>, target: YearlyFigures['target'] = null): YearlyFigures => ({
  ...zeroFigures(),
  ...over,
  year: 2023,
  orgUnitId,
  target,
});

const month = (m: number, over: Partial<MonthFigures> = {}): MonthFigures => {
  const { members: _m, pagesReported: _p, surveyUnits: _s, ...additive } = zeroFigures();
  return { ...additive, month: `2023-${String(m).padStart(2, '0')}`, ...over };
};

export function sampleReport(over: Partial<YearlyReport> = {}): YearlyReport {
  const target = { perMember: 100, actionTypes: ['share', 'post'], targetOrgUnitId: '5', membersMeeting: 2, membersTotal: 3, forecastMembersMeeting: 2 };
  return {
    year: 2023,
    orgUnitId: '5',
    unitName: 'Đảng ủy Khối <Cơ quan> & Doanh nghiệp\u0001',
    stats: {
      ...figures('5', REFERENCE_FIGURES, target),
      asOf: '2024-01-02T03:04:05.000Z',
      previousYear: { ...figures('5', { shares: 962, reach: 15000 }), year: 2022 },
    },
    byUnit: [
      { ...figures('5', { shares: 64, reach: 350, members: 20 }), orgUnitName: 'Đảng ủy Khối (cơ quan)' },
      { ...figures('6', { shares: 600, reach: 7000, members: 60 }, { ...target, membersMeeting: 1, membersTotal: 2 }), orgUnitName: 'Chi bộ Sở Thông tin' },
      { ...figures('7', { shares: 400, reach: 5000, members: 40 }), orgUnitName: 'Chi bộ Báo tỉnh' },
    ],
    byMonth: [month(2, { shares: 64, reach: 1350 }), month(1, { shares: 1000, reach: 11000, websitePosts: 83 }), ...[3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => month(m))],
    members: [
      { userId: '11', username: 'an.nv', fullName: 'Nguyễn Văn An', orgUnitId: '6', orgUnitName: 'Chi bộ Sở Thông tin', actions: 1064, perMember: 100, targetOrgUnitId: '5', meets: true },
      { userId: '12', username: 'binh.tt', fullName: 'Trần Thị Bình', orgUnitId: '6', orgUnitName: 'Chi bộ Sở Thông tin', actions: 40, perMember: 100, targetOrgUnitId: '5', meets: false },
      { userId: '13', username: 'cuong.lv', fullName: 'Lê Văn Cường', orgUnitId: '7', orgUnitName: 'Chi bộ Báo tỉnh', actions: 7, perMember: null, targetOrgUnitId: null, meets: null },
    ],
    builtAt: new Date('2024-01-02T03:05:00Z'),
    timeZone: 'Asia/Ho_Chi_Minh',
    ...over,
  };
}
