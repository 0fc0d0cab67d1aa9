// Twenty stores link URLs normalised (twenty-shared lowercaseUrlOriginAndRemoveTrailingSlash):
// an http(s) URL gets its origin lower-cased and one trailing slash removed, with the rest of
// the text kept as written (percent-encoding, query and fragment untouched). Anything that is
// not an absolute http(s) URL ("test.com", "mailto:a@b.c", "") is stored exactly as given.

const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/\\?#]*/i;

export function normalizeLinkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return raw;
  const authority = SCHEME_AND_AUTHORITY.exec(raw);
  if (!authority) return raw;
  // URL#origin is already lower-case and drops default ports; the suffix stays verbatim.
  return `${url.origin.toLowerCase()}${raw.slice(authority[0].length)}`.replace(/\/$/, '');
}

/** A LINKS value (whole or partial) with its primary and secondary URLs normalised. */
export function normalizeLinksValue(value: Record<string, unknown>): Record<string, unknown> {
  const out = { ...value };
  if (typeof out.primaryLinkUrl === 'string') out.primaryLinkUrl = normalizeLinkUrl(out.primaryLinkUrl);
  if (Array.isArray(out.secondaryLinks)) {
    out.secondaryLinks = out.secondaryLinks.map((link: unknown) =>
      link !== null && typeof link === 'object' && typeof (link as { url?: unknown }).url === 'string'
        ? { ...(link as Record<string, unknown>), url: normalizeLinkUrl((link as { url: string }).url) }
        : link,
    );
  }
  return out;
}
