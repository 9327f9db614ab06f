import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../api-client/client';
import { membersVi } from '../../i18n/desk/members';
import { memberProblem } from './member-problem';

const refused = (status: number, field?: string, message = 'roles: you may not grant leader') =>
  new ApiCallError(status, { statusCode: status, error: 'x', message, field });

describe('memberProblem', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'vi', resources: { vi: { translation: { desk: { members: membersVi } } } } });
  });

  it('says a refused role plainly, with the API’s own words', () => {
    expect(memberProblem(i18next.t, refused(403, 'roles'))).toBe('Bạn không được cấp vai trò này. Máy chủ trả lời: roles: you may not grant leader');
  });

  it.each([
    [refused(409, 'username'), 'Tên này đã có người dùng. Hãy chọn tên khác.'],
    [refused(404, 'id'), 'Không tìm thấy mục này, hoặc nó nằm ngoài phạm vi của bạn.'],
    [refused(400, 'password', 'password must be longer than or equal to 8 characters'), 'Ô “password” chưa hợp lệ. Máy chủ trả lời: password must be longer than or equal to 8 characters'],
    [refused(400, 'file', 'file must start with the header'), 'Tệp không được nhận: file must start with the header'],
    [new Error('boom'), 'Không thực hiện được. Hãy thử lại.'],
  ])('names %s', (error, text) => {
    expect(memberProblem(i18next.t, error)).toBe(text);
  });
});
