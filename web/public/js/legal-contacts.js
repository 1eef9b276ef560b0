// Where an applicant writes about their personal data and about accessibility: the one place for
// these addresses. The privacy notice (/privacy) and the accessibility statement (/accessibility)
// show them; nothing else reads them.
//
// THE OPERATOR SETS THEM BEFORE GOING LIVE (web/README.md, "Before going live"). Each value is an
// e-mail address (shown as a mailto: link) or the https:// address of a contact form. While a value
// is empty, the page says where the contacts are published instead (the Prefecture's website, the
// Ministry's website) and that the applicant can ask at the desk; that is true, but less helpful.
// Never put a made-up or example address here: applicants will write to it.
// The server reads web/public at start: restart it after a change.
export const LEGAL_CONTACTS = {
  // The controller (the Ministry of the Interior, through the Prefecture): the office that answers
  // requests about personal data for this service, e.g. the Prefecture's certified e-mail (PEC).
  controller: '',
  // The data protection officer of the Ministry of the Interior (responsabile della protezione dei dati).
  dataProtectionOfficer: '',
  // Where reports about accessibility go: the feedback mechanism of the accessibility statement.
  accessibility: '',
};
