import type { ApiClient, ApiError } from '../../api-client/client';
import type { EntryProblem, EvidenceFile } from './queue-store';
import type { QueueApi } from './sync';

/** Hex SHA-256 of a file, as the API answers it for evidence. */
export async function sha256Of(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Upload progress of one evidence file, 0…1. */
export type Progress = (fraction: number) => void;

function problemOf(status: number, error: unknown): EntryProblem {
  const body = error as ApiError | undefined;
  return { status, message: body?.message ?? `HTTP ${status}`, ...(body?.field ? { field: body.field } : {}) };
}

/** Sends a file with XMLHttpRequest, the one browser API that reports upload progress. */
export function uploadEvidence(reportId: string, file: EvidenceFile, token: string | null, onProgress?: Progress) {
  return new Promise<{ status: number; problem?: EntryProblem }>((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/reports/${encodeURIComponent(reportId)}/evidence`);
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress?.(event.loaded / event.total);
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      resolve(request.status < 300 ? { status: request.status } : { status: request.status, problem: problemOf(request.status, body) });
    };
    request.onerror = () => resolve({ status: 0 });
    const form = new FormData();
    form.append('file', file.blob, file.name);
    request.send(form);
  });
}

/** The queue's calls over the typed client; a network failure answers status 0. */
export function queueApi(api: ApiClient, token: () => Promise<string | null>, onProgress?: Progress): QueueApi {
  return {
    async sendBatch(items) {
      try {
        const answer = await api.POST('/api/v1/actions/batch', { body: { items } });
        return { status: answer.response.status, results: answer.data?.results };
      } catch {
        return { status: 0 };
      }
    },
    async fileReport(body, idempotencyKey) {
      try {
        const answer = await api.POST('/api/v1/reports', { body, headers: { 'Idempotency-Key': idempotencyKey } });
        if (answer.data) return { status: answer.response.status, id: answer.data.id };
        return { status: answer.response.status, problem: problemOf(answer.response.status, answer.error) };
      } catch {
        return { status: 0 };
      }
    },
    async attachEvidence(reportId, file) {
      return uploadEvidence(reportId, file, await token(), onProgress);
    },
    async evidenceHeld(reportId, files) {
      let answer;
      try {
        answer = await api.GET('/api/v1/reports/{id}', { params: { path: { id: reportId } } });
      } catch {
        return { status: 0 };
      }
      if (!answer.data) return { status: answer.response.status };
      const held = new Set(answer.data.evidence.map((file) => file.sha256));
      return { status: answer.response.status, held: await Promise.all(files.map(async (file) => held.has(await sha256Of(file.blob)))) };
    },
  };
}
