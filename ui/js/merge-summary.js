// What the preview of "Add to my spreadsheet" says, from the preview Rust sent. Pure.

/**
 * `t` translates. Returns the lines to show (null when a line has nothing to say) and whether
 * saving makes sense: a copy where no row matched would only repeat the person's file.
 */
export function mergeSummary(preview, t) {
  const matched = Number(preview?.matched ?? 0);
  const rows = Number(preview?.rows ?? 0);
  const unmatched = Array.isArray(preview?.unmatchedRows) ? preview.unmatchedRows.length : 0;
  const orphans = Number(preview?.orphans ?? 0);
  const found = Number(preview?.withNumber ?? 0);
  return {
    summary: matched === 0
      ? t('merge.nothingMatched')
      : t('merge.matched', { count: matched, matched, rows, found }),
    unmatched: unmatched > 0
      ? t('merge.unmatched', { count: unmatched, rows: String(preview.unmatchedText ?? '') })
      : null,
    allMatched: matched > 0 && unmatched === 0,
    orphans: orphans > 0 ? t('merge.orphans', { count: orphans }) : null,
    converted: preview?.extension === 'xlsx' && !/\.xlsx$/i.test(String(preview?.fileName ?? '')),
    canSave: matched > 0,
  };
}
