import { pushEndpointProblem } from './push-endpoint';

describe('pushEndpointProblem', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc:def', false],
    ['https://updates.push.services.mozilla.com/wpush/v2/gAAA', false],
    ['https://web.push.apple.com/QGuQ', false],
    ['http://127.0.0.1:4123/push/1', true],
    ['http://localhost:4123/push/1', true],
    ['http://[::1]:4123/push/1', true],
  ])('accepts %s (loopback http allowed: %s)', (endpoint, allow) => {
    expect(pushEndpointProblem(endpoint, allow)).toBeNull();
  });

  it.each([
    ['http://127.0.0.1:4123/push/1', false],
    ['http://push.example.vn/1', true],
    ['http://10.0.0.5/push', true],
    ['ftp://push.example.vn/1', true],
    ['javascript:alert(1)', true],
    ['not a url', true],
    ['https://user:secret@push.example.vn/1', true],
    ['https://10.0.0.5/push', true],
    ['https://169.254.169.254/latest/meta-data', true],
    ['https://[::1]/push', true],
    ['https://127.0.0.1/push', true],
    ['https://intranet/push', true],
  ])('refuses %s (loopback http allowed: %s)', (endpoint, allow) => {
    expect(pushEndpointProblem(endpoint, allow)).toMatch(/^endpoint must/);
  });
});
