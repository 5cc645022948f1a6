import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { API_BASE, ApiError, NETWORK_ERROR_CODE, api } from '../../api';
import type { ApiErrorDetail, ApiErrorParams } from '../../api';
import type { Attachment, AttachmentKind, Session } from '../../api-types';

/**
 * A case's attachments (signed consent forms, ID scans, medical papers, receipts): the list, the
 * upload (multipart, streamed by the server: the file is never read whole here either) and the
 * addresses of a file's bytes for download and preview.
 */
export const attachmentKeys = {
  list: (caseId: string) => ['cases', caseId, 'attachments'] as const,
};

const casePath = (caseId: string): string => `/cases/${encodeURIComponent(caseId)}/attachments`;

export function useAttachments(caseId: string): UseQueryResult<Attachment[]> {
  return useQuery({
    queryKey: attachmentKeys.list(caseId),
    queryFn: async ({ signal }) => (await api.get<{ data: Attachment[] }>(casePath(caseId), undefined, signal)).data,
  });
}

/** The file's bytes: `Content-Disposition: attachment` (a download), or `inline` for a preview of an image or a PDF. */
export function attachmentUrl(caseId: string, attachmentId: string, inline = false): string {
  return `${API_BASE}${casePath(caseId)}/${encodeURIComponent(attachmentId)}/content${inline ? '?inline=1' : ''}`;
}

export interface AttachmentUpload {
  kind: AttachmentKind;
  description?: string;
  file: File;
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    params?: ApiErrorParams;
    details?: { path?: unknown; message?: string; code?: string; params?: ApiErrorParams }[];
    requestId?: string;
  };
}

/** An error answer as the shared client's ApiError (the JSON client in api.ts does not send multipart bodies). */
async function uploadError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // a proxy's page or an empty body: the status says enough
  }
  const e = body.error ?? {};
  const details: ApiErrorDetail[] = (e.details ?? []).map((d) => ({
    path: Array.isArray(d.path) ? d.path.join('.') : typeof d.path === 'string' ? d.path : '',
    message: d.message ?? '',
    ...(d.code ? { code: d.code } : {}),
    ...(d.params ? { params: d.params } : {}),
  }));
  return new ApiError(
    response.status,
    e.code ?? `HTTP.${response.status}`,
    e.message ?? response.statusText,
    details,
    e.requestId ?? null,
    null,
    e.params ?? {},
  );
}

/**
 * The CSRF token of this session, asked again for each upload: api.ts keeps its copy private and
 * speaks JSON only; one small read before a file of megabytes costs nothing noticeable.
 */
async function csrfToken(): Promise<string | null> {
  return (await api.get<Session>('/auth/session')).csrfToken;
}

/** The fields go before the file: the server reads them from the stream before the bytes arrive. */
async function upload(caseId: string, input: AttachmentUpload): Promise<Attachment> {
  const form = new FormData();
  form.append('kind', input.kind);
  if (input.description) form.append('description', input.description);
  form.append('file', input.file, input.file.name);
  const token = await csrfToken();
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${casePath(caseId)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
      body: form,
    });
  } catch {
    throw new ApiError(0, NETWORK_ERROR_CODE, 'The server could not be reached');
  }
  if (!response.ok) throw await uploadError(response);
  return (await response.json()) as Attachment;
}

export function useUploadAttachment(caseId: string): UseMutationResult<Attachment, Error, AttachmentUpload> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AttachmentUpload) => upload(caseId, input),
    // The timeline (and the consent form's picker) show uploads too: every cached read of cases goes stale.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cases'] }),
  });
}
