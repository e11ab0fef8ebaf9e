// Which links may be handed to the browser as a LinkedIn profile. Rust checks again; this
// only decides whether to offer the button. Pure.

export function isLinkedInUrl(text) {
  if (typeof text !== 'string') return false;
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  // Credentials in a link are a classic way to disguise the real host.
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return host === 'linkedin.com' || host.endsWith('.linkedin.com');
}
