import { ActionType, FigureValues } from '@app/contracts';

/** The Vietnamese name of each figure, as the sheets and the tables of the DOCX head them. */
export const FIGURE_LABELS: Record<keyof FigureValues, string> = {
  websitePosts: 'Tin, bài viết đăng trên trang thông tin điện tử',
  websiteInteractions: 'Lượt tương tác với tin, bài trên trang thông tin điện tử',
  shares: 'Bài viết được đăng tải, chia sẻ',
  reach: 'Lượt tiếp cận của bài viết đăng tải, chia sẻ',
  interactions: 'Lượt bình luận, bày tỏ cảm xúc',
  participations: 'Lượt thành viên tham gia thực hiện nhiệm vụ',
  reportsFiled: 'Lượt phản ánh trang, nhóm xấu độc',
  pagesReported: 'Trang, nhóm có thông tin xấu độc, sai sự thật đề nghị gỡ bỏ',
  pagesRemovalRequested: 'Trang, nhóm đã gửi yêu cầu gỡ bỏ tới nền tảng',
  pagesRemoved: 'Trang, nhóm đã bị gỡ bỏ',
  surveys: 'Cuộc điều tra dư luận xã hội',
  surveyUnits: 'Tổ chức tham gia điều tra dư luận xã hội',
  questionnaires: 'Phiếu hỏi điều tra dư luận xã hội',
  directives: 'Văn bản chỉ đạo được ban hành',
  members: 'Thành viên',
};

/** Short names for the columns of the per-unit table in the DOCX, where width is scarce. */
export const FIGURE_SHORT_LABELS: Record<keyof FigureValues, string> = {
  websitePosts: 'Tin, bài trên trang',
  websiteInteractions: 'Tương tác trên trang',
  shares: 'Bài đăng tải, chia sẻ',
  reach: 'Lượt tiếp cận',
  interactions: 'Bình luận, cảm xúc',
  participations: 'Lượt tham gia nhiệm vụ',
  reportsFiled: 'Lượt phản ánh',
  pagesReported: 'Trang, nhóm đề nghị gỡ',
  pagesRemovalRequested: 'Đã gửi yêu cầu gỡ',
  pagesRemoved: 'Đã bị gỡ',
  surveys: 'Cuộc điều tra',
  surveyUnits: 'Tổ chức tham gia điều tra',
  questionnaires: 'Phiếu hỏi',
  directives: 'Văn bản chỉ đạo',
  members: 'Thành viên',
};

/** Vietnamese names of action types, for the target's wording. */
export const ACTION_TYPE_LABELS: Record<ActionType, string> = {
  share: 'chia sẻ',
  post: 'đăng bài',
  comment: 'bình luận',
  reaction: 'bày tỏ cảm xúc',
};
