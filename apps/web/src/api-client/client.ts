import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's named schemas, generated from its OpenAPI document. */
export type Schemas = components['schemas'];
export type ApiError = Schemas['ApiError'];

/** Where the API lives: the same origin as the app (served by it, or proxied by Vite). */
export const API_BASE = '';

/** A typed client; `token` gives the bearer to send (null: none). */
export function createApiClient(token: () => Promise<string | null>, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  const client = createClient<paths>({ baseUrl: API_BASE, fetch: fetchImpl, credentials: 'same-origin' });
  const bearer: Middleware = {
    async onRequest({ request }) {
      const value = await token();
      if (value && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Thrown by `must` when the API refused a call; `status` 0 means the network failed. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

/** The data of an openapi-fetch answer, or an ApiCallError carrying the API's error body. */
export function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || !answer.response.ok) throw new ApiCallError(answer.response.status, answer.error as ApiError);
  return answer.data as T;
}
