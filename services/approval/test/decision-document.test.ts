import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderDecisionDocument } from '../src/decision-document.ts';

async function textOf(pdf: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/\s+/g, '');
}

describe('decision documents', () => {
  it('renders an approval with the Chinese font embedded, its number and the amount in words', async () => {
    const pdf = await renderDecisionDocument({
      orgName: '信宜市人民法院',
      decisionNumber: '〔2026〕粤0983司救7号',
      outcome: 'approved',
      caseId: '5c1b9a5e-3f0e-4a55-9b43-1f0f6f0c2a11',
      approvedAmountFen: 2_150_050,
      reasons: null,
      issuedAt: new Date('2026-11-20T03:00:00Z'),
      approvals: [{ step: '部门负责人审批同意', actedAt: new Date('2026-11-19T02:00:00Z') }],
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    const text = await textOf(pdf);
    expect(text).toContain('司法救助决定书');
    expect(text).toContain('〔2026〕粤0983司救7号');
    expect(text).toContain('人民币21,500.50元');
    expect(text).toContain('贰万壹仟伍佰元伍角');
    expect(text).toContain('2026年11月20日');
    expect(text).not.toContain('不予');
  });

  it('renders a refusal with its reasons', async () => {
    const pdf = await renderDecisionDocument({
      orgName: '信宜市人民法院',
      decisionNumber: '〔2026〕粤0983司救8号',
      outcome: 'refused',
      caseId: '5c1b9a5e-3f0e-4a55-9b43-1f0f6f0c2a12',
      approvedAmountFen: 0,
      reasons: '申请人已获足额赔偿',
      issuedAt: new Date('2026-11-20T03:00:00Z'),
      approvals: [],
    });
    const text = await textOf(pdf);
    expect(text).toContain('不予司法救助决定书');
    expect(text).toContain('申请人已获足额赔偿');
  });
});
