import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError } from '../api-client/client';
import { shellVi } from '../i18n/desk/shell';
import { deskProblem, isNotFound, retryUnlessNotFound } from './api-problem';

const refused = (status: number, field?: string) => new ApiCallError(status, { statusCode: status, error: 'x', message: 'in English', field });

describe('deskProblem', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'vi', resources: { vi: { translation: { desk: { shell: shellVi } } } } });
  });

  it.each([
    [refused(0), 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.'],
    [refused(404, 'id'), 'Không tìm thấy, hoặc nằm ngoài phạm vi của bạn.'],
    [refused(403), 'Bạn không có quyền làm việc này.'],
    [refused(400, 'title'), 'Thông tin chưa hợp lệ (title). Hãy sửa rồi gửi lại.'],
    [refused(500), 'Có lỗi xảy ra, vui lòng thử lại.'],
    [new Error('boom'), 'Có lỗi xảy ra, vui lòng thử lại.'],
  ])('says %s in Vietnamese, never the API’s English', (error, text) => {
    expect(deskProblem(i18next.t, error)).toBe(text);
  });

  it('lets the area speak first, for what only it knows', () => {
    expect(deskProblem(i18next.t, refused(409), (e) => (e.status === 409 ? 'Đã có' : null))).toBe('Đã có');
    expect(deskProblem(i18next.t, refused(403), (e) => (e.status === 409 ? 'Đã có' : null))).toBe('Bạn không có quyền làm việc này.');
  });

  it('answers a 404 as an answer, not a failure to try again', () => {
    expect(isNotFound(refused(404))).toBe(true);
    expect(isNotFound(refused(403))).toBe(false);
    expect(retryUnlessNotFound(0, refused(404))).toBe(false);
    expect(retryUnlessNotFound(0, refused(503))).toBe(true);
    expect(retryUnlessNotFound(2, refused(503))).toBe(false);
  });
});
