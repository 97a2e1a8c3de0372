import {
  OFFENDER_STATUS_LABELS,
  INJURY_SEVERITY_LABELS,
  REFERRAL_PROGRAMME_LABELS,
  TASK_KIND_LABELS,
  type FindingView,
  type RecommendationView,
  type TaskFacts,
  type TaskView,
} from '@jiuzhu/contracts';
import { perCapitaMonthlyIncomeFen } from './facts.ts';
import { yuan } from './money.ts';
import { beijingDateOf, chineseDate } from '@jiuzhu/calendar';

const OUTCOME_LABELS = { passed: '符合', failed: '不符合', needs_judgement: '需判断' } as const;
const REFUSAL_OUTCOME_LABELS = { passed: '不存在', failed: '存在', needs_judgement: '需判断' } as const;
const yesNo = (value: boolean) => (value ? '是' : '否');

function describeFacts(facts: TaskFacts): string {
  switch (facts.kind) {
    case 'home_visit':
      return `${facts.visitedOn}，走访人员：${facts.visitors.join('、')}。情况：${facts.findings}`;
    case 'committee_inquiry':
      return `${facts.inquiredOn}，向${facts.committeeName}了解：${facts.findings}`;
    case 'household_finances':
      return (
        `家庭人口${facts.householdSize}人，有劳动能力${facts.membersAbleToWork}人，就业${facts.employedMembers}人；` +
        `家庭年收入${yuan(facts.annualIncomeFen)}，人均月收入${yuan(perCapitaMonthlyIncomeFen(facts))}；` +
        `建档立卡贫困户：${yesNo(facts.registeredPoorHousehold)}；享受低保：${yesNo(facts.receivesMinimumLivingAllowance)}`
      );
    case 'losses':
      return (
        `伤害程度：${INJURY_SEVERITY_LABELS[facts.injury]}；医疗费用${yuan(facts.medicalCostsFen)}，` +
        `财产损失${yuan(facts.propertyLossFen)}，其他损失${yuan(facts.otherLossesFen)}。${facts.description}`
      );
    case 'compensation_received':
      return (
        `${OFFENDER_STATUS_LABELS[facts.offenderStatus]}；加害人已赔偿${yuan(facts.fromOffenderFen)}，` +
        `保险已赔付${yuan(facts.fromInsuranceFen)}；放弃索赔：${yesNo(facts.waivedCompensation)}`
      );
    case 'assistance_received':
      return `已获其他救助${yuan(facts.otherAssistanceFen)}${facts.sources ? `（${facts.sources}）` : ''}`;
    case 'hardship_certificate':
      return `${facts.issuedBy}于${facts.issuedOn}出具`;
    case 'hearing':
      return `${facts.heldOn}举行，参加人：${facts.participants.join('、')}。结论：${facts.conclusions}`;
  }
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

export interface ReportInput {
  caseNumber: string;
  handlingOrgName: string;
  urgent: boolean;
  requestedAmountFen: number;
  tasks: readonly TaskView[];
  finding: FindingView;
  recommendation: RecommendationView | null;
  caseworkerName: string;
  generatedAt: Date;
}

/** The review report (审查报告), plain text in Chinese, generated only from what the record holds. */
export function renderReviewReport(input: ReportInput): string {
  const { finding, recommendation } = input;
  const done = input.tasks.filter((task) => task.status === 'done' && task.facts);
  const open = input.tasks.filter((task) => task.status === 'planned');
  const date = chineseDate(beijingDateOf(input.generatedAt));
  const lines: string[] = [
    '国家司法救助案件审查报告',
    '',
    `案件编号：${input.caseNumber}`,
    `承办机构：${input.handlingOrgName}`,
    `紧急案件：${yesNo(input.urgent)}`,
    `申请救助金额：${yuan(input.requestedAmountFen)}`,
    '',
    '一、调查核实情况',
  ];
  done.forEach((task, index) => {
    lines.push(
      `（${NUMERALS[index] ?? index + 1}）${TASK_KIND_LABELS[task.kind]}：${describeFacts(task.facts!)}`,
    );
    if (task.attachments.length > 0)
      lines.push(`    附件：${task.attachments.map((attachment) => attachment.fileName).join('、')}`);
  });
  if (done.length === 0) lines.push('（无已完成的核查事项）');
  if (open.length > 0)
    lines.push(`尚未完成的核查事项：${open.map((task) => TASK_KIND_LABELS[task.kind]).join('、')}`);

  lines.push('', `二、救助条件审查（审查规则第${finding.evaluation.ruleSetVersion}版）`);
  for (const rule of finding.evaluation.rules) {
    const outcome = (rule.type === 'category' ? OUTCOME_LABELS : REFUSAL_OUTCOME_LABELS)[rule.outcome];
    const kind = rule.type === 'category' ? '救助情形' : '不予救助情形';
    lines.push(`${rule.ruleId} ${kind}“${rule.text}”：${outcome}（${rule.basis}）`);
  }
  if (finding.evaluation.priorityGroup) lines.push('申请人家庭为建档立卡贫困户，属优先救助对象。');

  lines.push('', '三、审查意见');
  lines.push(finding.eligible ? '申请人符合国家司法救助条件。' : '申请人不符合国家司法救助条件。');
  lines.push(`理由：${finding.reasons}`);
  if (finding.referral)
    lines.push(
      `转介建议：建议转介${REFERRAL_PROGRAMME_LABELS[finding.referral.programme]}。理由：${finding.referral.reason}`,
    );

  if (finding.eligible && recommendation) {
    const table = recommendation.tableVersion;
    lines.push('', '四、救助金额建议');
    lines.push(`适用标准：${table.region}地区${table.year}年度救助金额标准第${table.version}版`);
    recommendation.explanation.forEach((step, index) => lines.push(`${index + 1}. ${step}`));
    if (recommendation.adjustmentReason) lines.push(`承办人调整理由：${recommendation.adjustmentReason}`);
    lines.push(`建议救助金额：${yuan(recommendation.recommendedAmountFen)}`);
    if (recommendation.aboveCapException)
      lines.push(`【例外】建议金额超过救助上限${yuan(recommendation.capFen)}，须报上级机关审批。`);
  }

  lines.push('', `承办人：${input.caseworkerName}`, `日期：${date}`);
  return lines.join('\n');
}
