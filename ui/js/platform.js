// What differs between the systems the app runs on, as far as the page's words go. Pure.

/** What the keychain's own window is on `platform` (app_info's), for the page waiting on it. */
export function keychainWaitKey(platform) {
  if (platform === 'macos') return 'app.keychainWait.macos';
  if (platform === 'windows') return 'app.keychainWait.windows';
  return 'app.keychainWait.linux';
}

/**
 * Which font names the page asks for in a web view with user agent `userAgent`: the system's
 * own ('system': system-ui, Segoe UI, SF) on Windows and macOS, the generic ones ('generic':
 * sans-serif, monospace) on Linux. WebKitGTK finds none of the named families and looks each up
 * through fontconfig for every new size and weight of text (31 lookups for the first batch shown,
 * against 5 with the generic names, which fontconfig gives the desktop's own fonts for).
 */
export function fontNames(userAgent) {
  const agent = String(userAgent ?? '');
  return /\bLinux\b/.test(agent) && !/\bAndroid\b/.test(agent) ? 'generic' : 'system';
}
