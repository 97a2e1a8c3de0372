import {
  PARTNER_ORG_TYPES,
  TRANSFER_ORG_TYPES,
  type Organisation,
  type OrgType,
  type PartnerRef,
} from '@jiuzhu/contracts';

/** Agencies a lead may be transferred to (courts, procuratorates, public security, justice bureaus). */
export const transferTargets = (organisations: readonly Organisation[]) =>
  organisations.filter((organisation) =>
    (TRANSFER_ORG_TYPES as readonly OrgType[]).includes(organisation.type),
  );

/** Partner departments a referral may go to. */
export const partnerDepartments = (organisations: readonly Organisation[]) =>
  organisations.filter((organisation) => PARTNER_ORG_TYPES.includes(organisation.type));

/** A referral names its partner by id only; the referral service takes the name and region from the directory. */
export const partnerRefOf = (organisation: Organisation): PartnerRef => ({ orgId: organisation.id });

/** The organisation's name in the directory; its id when the directory does not (or not yet) know it. */
export const organisationName = (organisations: readonly Organisation[] | undefined, id: string) =>
  organisations?.find((organisation) => organisation.id === id)?.name ?? id;

export const selectOptions = (organisations: readonly Organisation[]) =>
  organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }));
