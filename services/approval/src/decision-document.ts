import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { fenToChineseCapital } from './domain/chinese-amount.ts';
import { beijingDateOf, chineseDate } from '@jiuzhu/calendar';

/** Noto Sans SC (SIL Open Font License 1.1); pdfkit embeds only the glyphs a document uses. */
const CJK_FONT = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);

export interface DecisionDocumentFacts {
  orgName: string;
  decisionNumber: string;
  outcome: 'approved' | 'refused';
  caseId: string;
  approvedAmountFen: number;
  reasons: string | null;
  issuedAt: Date;
  approvals: Array<{ step: string; actedAt: Date }>;
}

const chinaDate = (at: Date) => chineseDate(beijingDateOf(at));

const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 救助决定书 or 不予救助决定书, as a PDF with the Chinese font embedded (text stays extractable). */
export function renderDecisionDocument(facts: DecisionDocumentFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 80, right: 80 },
    info: { Title: facts.decisionNumber },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const approved = facts.outcome === 'approved';
  doc.registerFont('cjk', CJK_FONT).font('cjk');
  doc.fontSize(20).text(facts.orgName, { align: 'center' });
  doc
    .moveDown(0.3)
    .fontSize(22)
    .text(approved ? '司法救助决定书' : '不予司法救助决定书', { align: 'center' });
  doc.moveDown(0.5).fontSize(12).text(facts.decisionNumber, { align: 'right' });
  doc.moveDown(1).fontSize(13);
  doc.text(`案件编号：${facts.caseId}`);
  doc.moveDown(0.5);
  if (approved) {
    doc.text(
      `经审查，申请人符合国家司法救助条件。本院决定给予申请人司法救助金人民币${yuan(facts.approvedAmountFen)}元（大写：${fenToChineseCapital(facts.approvedAmountFen)}）。`,
    );
    doc.moveDown(0.5).text('救助金自本决定作出之日起七个工作日内发放。');
  } else {
    doc.text(`经审查，申请人不符合国家司法救助条件，决定不予救助。理由：${facts.reasons ?? '见审查报告'}。`);
    doc.moveDown(0.5).text('申请人对本决定不服的，可以向上一级机关申请复查。');
  }
  doc.moveDown(1).fontSize(11).text('审批经过：');
  for (const approval of facts.approvals) doc.text(`${approval.step}  ${chinaDate(approval.actedAt)}`);
  doc.moveDown(2).fontSize(13).text(facts.orgName, { align: 'right' });
  doc.text(chinaDate(facts.issuedAt), { align: 'right' });
  doc.end();
  return done;
}
