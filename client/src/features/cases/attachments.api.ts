import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { API_BASE, api } from '../../api';
import type { Attachment, AttachmentKind } from '../../api-types';

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

/** The fields go before the file: the server reads them from the stream before the bytes arrive. */
async function upload(caseId: string, input: AttachmentUpload): Promise<Attachment> {
  const form = new FormData();
  form.append('kind', input.kind);
  if (input.description) form.append('description', input.description);
  form.append('file', input.file, input.file.name);
  return api.upload<Attachment>(casePath(caseId), form);
}

export function useUploadAttachment(caseId: string): UseMutationResult<Attachment, Error, AttachmentUpload> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AttachmentUpload) => upload(caseId, input),
    // The timeline (and the consent form's picker) show uploads too: every cached read of cases goes stale.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cases'] }),
  });
}
