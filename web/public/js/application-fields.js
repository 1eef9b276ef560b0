// The application number and tax code fields, shared by the booking form (/) and the status page
// (/status): drawn the same way and checked the way the server would before anything is sent.
import { t } from './i18n.js';
import { fieldError, textField } from './page.js';
import { isValidTaxCode, normalizeTaxCode } from './taxcode.js';

// { id, tax }: two textField()s filled with `values` ({ applicationId, taxCode }); `attributes`
// go on both inputs (e.g. { required: true }).
export function applicationFields(values, attributes = {}) {
  return {
    id: textField('application-id', t('verify.applicationId'), t('verify.applicationIdHint'),
      { autocapitalize: 'characters', maxlength: '64', value: values.applicationId, ...attributes }),
    tax: textField('tax-code', t('verify.taxCode'), t('verify.taxCodeHint'),
      { class: 'form-control text-uppercase', autocapitalize: 'characters', maxlength: '32', value: values.taxCode,
        ...attributes }),
  };
}

// Marks a missing application number and a missing or invalid tax code next to their fields and
// moves focus to the first wrong one; true when both may be sent.
export function checkApplicationFields(idInput, taxInput) {
  const id = idInput.value.trim();
  const taxCode = normalizeTaxCode(taxInput.value);
  fieldError(idInput, id ? '' : t('verify.applicationIdRequired'));
  fieldError(taxInput, !taxCode ? t('verify.taxCodeRequired') : isValidTaxCode(taxCode) ? '' : t('verify.taxCodeInvalid'));
  const wrong = !id ? idInput : !isValidTaxCode(taxCode) ? taxInput : null;
  if (wrong) wrong.focus();
  return !wrong;
}
