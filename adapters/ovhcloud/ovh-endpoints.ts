/** The OVHcloud API regions and their base URLs (from the provider's client libraries). */
export const OVH_REGIONS = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
} as const;

/** A region name Guichet accepts for `OVH_ENDPOINT` and `/account connect`. */
export type OvhRegion = keyof typeof OVH_REGIONS;

/** True when the text is one of the region names. */
export function isOvhRegion(text: string): text is OvhRegion {
  return Object.hasOwn(OVH_REGIONS, text);
}

/**
 * The API base URL for a region name or an explicit base URL (`https://127.0.0.1:PORT/1.0` for a local fake).
 * Only `https:` is accepted: the API's certificate is always verified.
 */
export function resolveEndpoint(endpoint: string): URL {
  const text = endpoint.trim();
  if (isOvhRegion(text)) return new URL(OVH_REGIONS[text]);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`OVH_ENDPOINT "${text}" is neither a region (${Object.keys(OVH_REGIONS).join(', ')}) nor a URL; type e.g. ovh-eu or https://127.0.0.1:8443/1.0`);
  }
  if (url.protocol !== 'https:') throw new Error(`OVH_ENDPOINT must use https:// (got ${url.protocol}); the API's certificate is always verified`);
  if (url.search || url.hash) throw new Error('OVH_ENDPOINT must be a base URL without query or fragment, e.g. https://127.0.0.1:8443/1.0');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}
