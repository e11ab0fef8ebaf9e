// Which links may be handed to the browser as a LinkedIn profile or company page. Rust checks
// again and opens only what it checked (src-tauri/desk/src/links.rs); this decides whether to
// offer the button. Both follow tests/fixtures/linkedin-links.json. Pure.

const PROFILE_PATHS = ['/in/', '/pub/', '/company/'];

/** The address to open for a LinkedIn profile or company page, or null for anything else. */
export function linkedinProfile(text) {
  if (typeof text !== 'string') return null;
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  // Credentials in a link are a classic way to disguise the real host.
  if (url.username || url.password) return null;
  // The URL parser drops the scheme's own port (443), so any port left is another one.
  if (url.port !== '') return null;
  const host = url.hostname.toLowerCase();
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return null;
  const profile = PROFILE_PATHS.some((prefix) => url.pathname.startsWith(prefix)
    && url.pathname.slice(prefix.length).replace(/^\/+|\/+$/g, '') !== '');
  return profile ? url.href : null;
}

export function isLinkedInUrl(text) {
  return linkedinProfile(text) !== null;
}
