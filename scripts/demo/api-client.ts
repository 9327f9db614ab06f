/** A small JSON client for the public HTTP API, as any integrator would write one. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(method, path, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async upload<T>(path: string, token: string, field: string, filename: string, content: string): Promise<T> {
    const form = new FormData();
    form.append(field, new Blob([content], { type: 'text/csv' }), filename);
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError('POST', path, response.status, text);
    return JSON.parse(text) as T;
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.call<{ accessToken: string }>('POST', '/auth/login', null, { username, password })).accessToken;
  }
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
  }
}
