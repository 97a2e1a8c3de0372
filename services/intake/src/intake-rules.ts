import {
  HANDLING_ORG_TYPES,
  TRANSFER_ORG_TYPES,
  type LeadSource,
  type Organisation,
  type Principal,
} from '@jiuzhu/contracts';
import { TRPCError } from '@trpc/server';
import { handlesCases } from './access.ts';

const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });

/** The organisation a caller names, as the SSO directory knows it (its name, type, region); a 400 if none. */
export function agencyNamed(directory: ReadonlyMap<string, Organisation>, id: string): Organisation {
  const organisation = directory.get(id);
  if (!organisation) throw badRequest('接收机构不存在，请从机构目录中选择');
  return organisation;
}

/**
 * Who may pass a lead from which source, and to whom. Returns the receiving agency: the sender's own agency
 * unless `to` (as the SSO directory knows it) is another one.
 */
export function receivingAgency(
  principal: Principal,
  source: LeadSource,
  to: Organisation | undefined,
): Organisation {
  const own = principal.org;
  const ownIsAgency = handlesCases(principal.org.type);
  const receiver = to ?? own;
  if (!HANDLING_ORG_TYPES.includes(receiver.type))
    throw badRequest('案源线索应移送人民法院或人民检察院受理，请选择受理机构');

  if (!ownIsAgency && source !== 'partner_department')
    throw badRequest('协作部门及其他政法单位移送的线索，来源应为“协作部门移送”');
  switch (source) {
    case 'internal_department':
      if (!ownIsAgency || receiver.id !== own.id)
        throw badRequest('本院内部部门移送的线索只能由本院内部部门登记，并由本院受理');
      break;
    case 'own_application':
    case 'ex_officio':
      if (!ownIsAgency || receiver.id !== own.id || !principal.roles.includes('caseworker'))
        throw badRequest('当事人申请和依职权发现的线索由本院（本检察院）承办人登记');
      break;
    case 'partner_department':
      if (ownIsAgency)
        throw badRequest('协作部门移送的线索应由协作部门登记；本院发现的线索请选择“依职权发现”');
      if (!to) throw badRequest('请选择接收线索的人民法院或人民检察院');
      break;
    case 'superior_agency':
      if (!ownIsAgency || receiver.id === own.id)
        throw badRequest('上级机构交办的线索应由上级机构登记，并选择下级受理机构');
      break;
  }
  return receiver;
}

export function checkTransferTarget(holderOrgId: string, to: Organisation): void {
  if (!(TRANSFER_ORG_TYPES as readonly string[]).includes(to.type))
    throw badRequest('只能移送有管辖权的人民法院、人民检察院，或公安机关、司法行政机关');
  if (to.id === holderOrgId) throw badRequest('不能移送给本机构');
}
