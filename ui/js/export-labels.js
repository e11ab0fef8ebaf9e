// The ExportLabels object sent with export_batch, built from the string table. Pure.

export const EXPORT_LABEL_KEYS = [
  'resultsSheet', 'summarySheet', 'index', 'qualification', 'phone', 'phoneType', 'nationalFormat',
  'country', 'linkedinUrl', 'firstname', 'lastname', 'companyName', 'companyDomain', 'custom',
  'found', 'notFound', 'batchId', 'status', 'requested', 'foundCount', 'hitRate', 'creditsCharged',
  'creditsRefunded', 'creditsNet', 'batchCustom', 'exportedAt', 'rowsExported', 'foundOnlyNote',
  'mobilesOnlyNote', 'typeMobile', 'typeLandline', 'typeMobileOrLandline', 'typeVoip',
  'typeTollFree', 'typePremiumRate', 'typeSharedCost', 'typePersonal', 'typePager', 'typeOther',
  'typeInvalid',
];

/** `t` is a translator for the language the file should be written in. */
export function exportLabels(t) {
  return Object.fromEntries(EXPORT_LABEL_KEYS.map((key) => [key, t(`export.label.${key}`)]));
}

/** The chosen radio value as the command's format and delimiter. */
export function exportFormat(choice) {
  switch (choice) {
    case 'csv-comma': return { format: 'csv', delimiter: 'comma' };
    case 'csv-semicolon': return { format: 'csv', delimiter: 'semicolon' };
    case 'json': return { format: 'json', delimiter: 'comma' };
    default: return { format: 'xlsx', delimiter: 'comma' };
  }
}
