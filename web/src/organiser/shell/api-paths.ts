/**
 * The organiser API's paths, with every id safely encoded.
 */
export type CampaignSuffix = '' | '/status' | '/delivery' | '/cosign-invites' | '/dashboard' | '/exports' | '/image' | '/image/uploads';

export function orgCampaignApiPath(slug: string, suffix: CampaignSuffix = ''): string {
  return `/api/org/campaigns/${encodeURIComponent(slug)}${suffix}`;
}

export function orgExportApiPath(slug: string, jobId: string): string {
  return `${orgCampaignApiPath(slug, '/exports')}/${encodeURIComponent(jobId)}`;
}

export function orgMemberApiPath(memberId: string): string {
  return `/api/org/members/${encodeURIComponent(memberId)}`;
}

export function orgTokenApiPath(tokenId: string): string {
  return `/api/org/tokens/${encodeURIComponent(tokenId)}`;
}
