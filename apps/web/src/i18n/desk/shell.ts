import type { Shape } from '../shape';

/** The desk's frame: its navigation, its home and the pieces every area shares. */
export const shellVi = {
  title: 'Bàn làm việc',
  nav: {
    label: 'Các mục của bàn làm việc',
    home: 'Tổng quan',
    search: 'Tìm kiếm',
    contents: 'Nội dung',
    tasks: 'Nhiệm vụ',
    pages: 'Trang xấu độc',
    surveys: 'Khảo sát',
    directives: 'Văn bản chỉ đạo',
    targets: 'Chỉ tiêu năm',
    members: 'Thành viên',
    teams: 'Đội nhóm',
    units: 'Cây đơn vị',
    audit: 'Nhật ký thao tác',
    system: 'Hệ thống',
    queues: 'Hàng đợi (Bull Board)',
    phoneApp: 'Ứng dụng cộng tác viên',
    menu: 'Mở hoặc đóng menu',
  },
  home: {
    greeting: 'Xin chào, {{name}}',
    intro: 'Chọn một mục để bắt đầu.',
  },
  notFound: 'Không tìm thấy trang này, hoặc nó nằm ngoài phạm vi của bạn.',
  unitPicker: {
    label: 'Đơn vị',
    placeholder: 'Gõ để tìm đơn vị',
    nothing: 'Không có đơn vị nào khớp',
  },
  job: {
    queued: 'Đang chờ xử lý',
    running: 'Đang xử lý: {{done}}/{{total}}',
    done: 'Đã xong',
    failed: 'Không thành công: {{error}}',
  },
  pager: { more: 'Xem thêm' },
  dialog: { close: 'Đóng hộp thoại', cancel: 'Hủy' },
};

export const shellEn: Shape<typeof shellVi> = {
  title: 'Desk',
  nav: {
    label: 'Desk sections',
    home: 'Overview',
    search: 'Search',
    contents: 'Content',
    tasks: 'Tasks',
    pages: 'Harmful pages',
    surveys: 'Surveys',
    directives: 'Directives',
    targets: 'Yearly targets',
    members: 'Members',
    teams: 'Teams',
    units: 'Unit tree',
    audit: 'Audit log',
    system: 'System',
    queues: 'Queues (Bull Board)',
    phoneApp: 'Collaborator app',
    menu: 'Open or close the menu',
  },
  home: {
    greeting: 'Hello, {{name}}',
    intro: 'Pick a section to begin.',
  },
  notFound: 'This page does not exist, or it is outside your scope.',
  unitPicker: {
    label: 'Unit',
    placeholder: 'Type to find a unit',
    nothing: 'No unit matches',
  },
  job: {
    queued: 'Waiting to be processed',
    running: 'Processing: {{done}}/{{total}}',
    done: 'Done',
    failed: 'Failed: {{error}}',
  },
  pager: { more: 'Show more' },
  dialog: { close: 'Close the dialog', cancel: 'Cancel' },
};
