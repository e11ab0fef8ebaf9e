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

/** What a field searched with is called in a sentence, by the preview's `Field` name. */
const FIELD_KEYS = {
  linkedin: 'merge.field.linkedin',
  firstName: 'merge.field.firstName',
  lastName: 'merge.field.lastName',
  company: 'merge.field.company',
  domain: 'merge.field.domain',
};

/**
 * Why rows stay empty, one line per reason Rust grouped them by (`preview.reasons`), and the
 * note that names the searched fields no column shows. Pure.
 */
export function mergeReasons(preview, t) {
  const field = (name) => t(FIELD_KEYS[name] ?? 'merge.field.unknown');
  const lines = (Array.isArray(preview?.reasons) ? preview.reasons : []).map((group) => {
    const rows = String(group.text ?? '');
    const count = Array.isArray(group.rows) ? group.rows.length : 0;
    switch (group.reason) {
      case 'ambiguous':
        return t('merge.reason.ambiguous', { rows, name: String(group.name ?? '') });
      case 'noColumn':
        return t('merge.reason.noColumn', { count, rows, field: field(group.field) });
      case 'noPerson':
        return t('merge.reason.noPerson', { count, rows });
      default:
        return t('merge.reason.notInBatch', { count, rows });
    }
  });
  const missing = Array.isArray(preview?.missing) ? preview.missing : [];
  return {
    lines,
    missing: missing.length > 0
      ? t('merge.missing', { fields: missing.map(field).join(', ') })
      : null,
  };
}

/** The role of each column picker, in the order they are offered, and its label's key. */
export const ROLE_KEYS = {
  linkedin: 'merge.role.linkedin',
  first: 'merge.role.first',
  last: 'merge.role.last',
  fullName: 'merge.role.fullName',
  company: 'merge.role.company',
  domain: 'merge.role.domain',
};

/**
 * The person's choice of columns after picking `value` (a column's index as text, or '' for
 * none) for `role`, on top of what they chose before: what `preview_merge` and `save_merge`
 * take as `columns`. Pure.
 */
export function chooseColumn(before, role, value) {
  const column = value === '' ? null : Number(value);
  return { ...(before ?? {}), [role]: Number.isInteger(column) && column >= 0 ? column : null };
}
