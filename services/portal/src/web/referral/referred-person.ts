import type { Api } from '../api/clients.ts';
import { PERSON_NOTE_FIELDS, type PersonNoteField } from './labels.ts';

/**
 * What a partner needs to find the applicant: the full ID number, phone and address, read through intake's
 * audited reveal with the referral as the stated purpose (never kept in the browser beyond the call), and the
 * notes the caseworker wrote (blank ones left out).
 */
export async function referredPerson(
  api: Api,
  caseId: string,
  purpose: string,
  notes: Partial<Record<PersonNoteField, string | undefined>> = {},
) {
  const theCase = await api.intake.getCase.query({ caseId });
  const lead = await api.intake.getLead.query({ leadId: theCase.leadId });
  const applicant = lead.people.find((person) => person.role === 'applicant');
  if (!applicant) throw new Error('该案件没有登记申请人，无法转介');
  const revealed = await api.intake.revealPerson.mutate({
    leadId: theCase.leadId,
    personId: applicant.personId,
    fields: ['idNumber', 'phone', 'address'],
    purpose,
  });
  if (!revealed.idNumber || !revealed.address) throw new Error('申请人身份证号码或住址未登记，无法转介');
  return {
    name: revealed.name,
    idNumber: revealed.idNumber,
    ...(revealed.phone ? { phone: revealed.phone } : {}),
    address: revealed.address,
    ...written(notes),
  };
}

function written(notes: Partial<Record<PersonNoteField, string | undefined>>) {
  const kept: Partial<Record<PersonNoteField, string>> = {};
  for (const field of PERSON_NOTE_FIELDS) {
    const note = notes[field]?.trim();
    if (note) kept[field] = note;
  }
  return kept;
}
