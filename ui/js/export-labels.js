// The ExportLabels object sent with export_batch, built from the string table. Pure.

export const EXPORT_LABEL_KEYS = [
  'resultsSheet', 'summarySheet', 'index', 'qualification', 'phone', 'phoneType', 'nationalFormat',
  'country', 'linkedinUrl', 'firstname', 'lastname', 'companyName', 'companyDomain', 'custom',
  'found', 'notFound', 'batchId', 'status', 'requested', 'foundCount', 'hitRate', 'creditsCharged',
  'creditsRefunded', 'creditsNet', 'batchCustom', 'exportedAt', 'rowsExported', 'foundOnlyNote',
  'mobilesOnlyNote', 'typeMobile', 'typeLandline', 'typeMobileOrLandline', 'typeVoip',
  'typeTollFree', 'typePremiumRate', 'typeSharedCost', 'typePersonal', 'typePager', 'typeOther',
  'typeInvalid', 'mergeAmbiguous', 'mergeNoColumn', 'mergeNoPerson', 'mergeNotInBatch',
  'mergeTooLittle', 'mergeNotAProfile',
];

/** `t` is a translator for the language the file should be written in. */
export function exportLabels(t) {
  return Object.fromEntries(EXPORT_LABEL_KEYS.map((key) => [key, t(`export.label.${key}`)]));
}

export const CRM_PRESETS = ['hubspot', 'pipedrive', 'salesforce', 'outlook'];

/** The chosen radio value as the command's format, delimiter and CRM layout. */
export function exportFormat(choice) {
  const plain = (format, delimiter = 'comma') => ({ format, delimiter, preset: null });
  const crm = /^crm-(\w+)$/.exec(choice ?? '');
  if (crm && CRM_PRESETS.includes(crm[1])) {
    // CRM importers read commas, whatever the spreadsheet's settings.
    return { format: 'csv', delimiter: 'comma', preset: crm[1] };
  }
  switch (choice) {
    case 'csv-comma': return plain('csv');
    case 'csv-semicolon': return plain('csv', 'semicolon');
    case 'json': return plain('json');
    case 'vcf': return plain('vcf');
    default: return plain('xlsx');
  }
}
