import type { OrgRef } from '@jiuzhu/contracts';

/**
 * Agencies a lead may be transferred to. A static list of the demo directory's courts, procuratorates,
 * public security and justice bureaus until the identity service offers a directory the portal can read.
 */
export const TRANSFER_AGENCIES: readonly OrgRef[] = [
  { id: 'court-440983', name: '信宜市人民法院', type: 'court', region: '440983' },
  { id: 'court-440981', name: '高州市人民法院', type: 'court', region: '440981' },
  { id: 'court-440900', name: '茂名市中级人民法院', type: 'court', region: '440900' },
  { id: 'procuratorate-440983', name: '信宜市人民检察院', type: 'procuratorate', region: '440983' },
  { id: 'procuratorate-440981', name: '高州市人民检察院', type: 'procuratorate', region: '440981' },
  { id: 'procuratorate-440900', name: '茂名市人民检察院', type: 'procuratorate', region: '440900' },
  { id: 'public-security-440983', name: '信宜市公安局', type: 'public_security', region: '440983' },
  { id: 'justice-bureau-440983', name: '信宜市司法局', type: 'justice_bureau', region: '440983' },
];
