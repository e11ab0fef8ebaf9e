// What differs between the systems the app runs on, as far as the page's words go. Pure.

/** What the keychain's own window is on `platform` (app_info's), for the page waiting on it. */
export function keychainWaitKey(platform) {
  if (platform === 'macos') return 'app.keychainWait.macos';
  if (platform === 'windows') return 'app.keychainWait.windows';
  return 'app.keychainWait.linux';
}
