import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError, z } from 'zod';

/** Field errors of a rejected input, in Chinese, keyed by field, for a form to show beside its fields. */
export interface FieldErrors {
  formErrors: string[];
  fieldErrors: Record<string, string[] | undefined>;
}

/** What a client gets of a failure: a Chinese message, the code, and the trace id to quote to support. */
export interface ApiErrorData {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  /** The procedure called, when the failure came from one. */
  path?: string;
  /** Support finds the failure's log lines by it. */
  traceId?: string;
  validation: FieldErrors | null;
}

export interface ApiErrorShape {
  message: string;
  code: number;
  data: ApiErrorData;
}

/** What each kind of failure says when the failure itself has nothing a person can read. */
const GENERIC_MESSAGES: Readonly<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: '请求内容不是有效的 JSON，请检查后重试。',
  BAD_REQUEST: '提交的内容不符合要求，请检查后重试。',
  UNAUTHORIZED: '请先登录。',
  PAYMENT_REQUIRED: '无法处理该请求。',
  FORBIDDEN: '您无权进行此操作。',
  NOT_FOUND: '没有找到要访问的内容或服务接口。',
  METHOD_NOT_SUPPORTED: '该服务接口不支持这种请求方式。',
  TIMEOUT: '请求超时，请稍后重试。',
  CONFLICT: '操作与当前数据状态冲突，请刷新后重试。',
  PRECONDITION_FAILED: '当前状态下不能进行此操作。',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请精简后重试。',
  UNSUPPORTED_MEDIA_TYPE: '请求格式不受支持，请以 JSON 提交。',
  UNPROCESSABLE_CONTENT: '提交的内容无法处理，请检查后重试。',
  PRECONDITION_REQUIRED: '当前状态下不能进行此操作。',
  TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试。',
  CLIENT_CLOSED_REQUEST: '请求已取消。',
  INTERNAL_SERVER_ERROR: '服务器处理请求时出错，请稍后重试。',
  NOT_IMPLEMENTED: '该功能暂不可用。',
  BAD_GATEWAY: '相关服务暂时无法访问，请稍后重试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试。',
  GATEWAY_TIMEOUT: '相关服务响应超时，请稍后重试。',
};

const CHINESE = /[\u3400-\u9fff]/;

/** A message written for people (the services' own refusals are in Chinese); anything else is internal. */
const isForPeople = (message: string) => CHINESE.test(message);

/** The same JSON-RPC shape tRPC sends, for failures answered before or outside tRPC (the edge, the portal). */
export function apiErrorShape(
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  extra: { path?: string | undefined; traceId?: string | undefined; validation?: FieldErrors | null } = {},
): ApiErrorShape {
  const httpStatus = getHTTPStatusCodeFromError(new TRPCError({ code }));
  return {
    message,
    code: TRPC_ERROR_CODES_BY_KEY[code],
    data: {
      code,
      httpStatus,
      ...(extra.path === undefined ? {} : { path: extra.path }),
      ...(extra.traceId === undefined ? {} : { traceId: extra.traceId }),
      validation: extra.validation ?? null,
    },
  };
}

/** The generic message of a code, with the trace id where the person should quote it (server failures). */
export function genericMessage(code: TRPC_ERROR_CODE_KEY, traceId?: string): string {
  return withTraceId(code, GENERIC_MESSAGES[code], traceId);
}

function withTraceId(code: TRPC_ERROR_CODE_KEY, message: string, traceId: string | undefined): string {
  if (!traceId || getHTTPStatusCodeFromError(new TRPCError({ code })) < 500) return message;
  return `${message}如问题持续，请联系系统管理员并提供追踪编号：${traceId}`;
}

type Issue = z.core.$ZodIssue;

/** Chinese for zod's own (English) messages; messages a schema wrote in Chinese are kept. */
export function issueMessage(issue: Issue): string {
  if (isForPeople(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      // Issues keep no input; zod's own message says what was received.
      return /received undefined$/.test(issue.message) ? '缺少必填内容' : '填写的内容类型不正确';
    case 'too_big':
      if (issue.origin === 'string') return `内容过长，不能超过${issue.maximum}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${issue.maximum}项`;
      if (Number(issue.maximum) >= Number.MAX_SAFE_INTEGER) return '数值超出允许范围';
      return issue.inclusive ? `数值过大，不能超过${issue.maximum}` : `数值须小于${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? '不能为空' : `内容过短，至少${issue.minimum}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少${issue.minimum}项`;
      if (Number(issue.minimum) <= Number.MIN_SAFE_INTEGER) return '数值超出允许范围';
      return issue.inclusive ? `数值过小，不能小于${issue.minimum}` : `数值须大于${issue.minimum}`;
    case 'invalid_format':
      return issue.format === 'uuid' ? '编号格式不正确' : '格式不正确';
    case 'invalid_value':
      return '选项无效';
    case 'unrecognized_keys':
      return '包含不支持的字段';
    case 'not_multiple_of':
      return '数值不符合要求';
    default:
      return '填写的内容无效';
  }
}

/** A rejected input: every issue's Chinese message, and the same per field for the form. */
function validationFailure(error: ZodError): { message: string; validation: FieldErrors } {
  return {
    message: error.issues.map(issueMessage).join('；'),
    validation: z.flattenError(error, issueMessage) as FieldErrors,
  };
}

/**
 * PostgreSQL conditions a person's input can cause (SQLSTATE), and what to tell them. Everything else the
 * database says is internal.
 */
const DATABASE_CONDITIONS: Readonly<Record<string, [TRPC_ERROR_CODE_KEY, string]>> = {
  '23505': ['CONFLICT', '该记录已存在，请勿重复提交。'],
  '23503': ['BAD_REQUEST', '引用的记录不存在，请检查后重试。'],
  '23502': ['BAD_REQUEST', '缺少必填内容，请检查后重试。'],
  '23514': ['BAD_REQUEST', '提交的内容不符合要求，请检查后重试。'],
  '22001': ['BAD_REQUEST', '填写的内容过长，请精简后重试。'],
  '22003': ['BAD_REQUEST', '填写的数值超出允许范围。'],
  '22007': ['BAD_REQUEST', '日期或时间无效。'],
  '22008': ['BAD_REQUEST', '日期或时间超出允许范围。'],
  '22021': ['BAD_REQUEST', '内容中含有无法保存的字符，请删除后重试。'],
  '22P02': ['BAD_REQUEST', '填写的内容格式不正确。'],
  '22P05': ['BAD_REQUEST', '内容中含有无法保存的字符，请删除后重试。'],
  '40001': ['CONFLICT', '数据正被同时修改，请稍后重试。'],
  '40P01': ['CONFLICT', '数据正被同时修改，请稍后重试。'],
};

/** Prisma's own codes for the same conditions, when it reports no SQLSTATE. */
const PRISMA_CODES: Readonly<Record<string, string>> = {
  P2000: '22001',
  P2002: '23505',
  P2003: '23503',
  P2011: '23502',
  P2034: '40001',
};

interface DatabaseFailure {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
}

/**
 * The SQLSTATE of a database error: a Prisma client's (or its equivalent of Prisma's own code), or the
 * PostgreSQL driver's; found by shape so that no client is imported here.
 */
function sqlState(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const failure = cause as DatabaseFailure;
  const original = failure.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof original === 'string') return original;
  if (typeof failure.code !== 'string') return undefined;
  return PRISMA_CODES[failure.code] ?? (/^[0-9A-Z]{5}$/.test(failure.code) ? failure.code : undefined);
}

/** Prisma reports a missing row to update or delete as P2025: what the person wanted to change is gone. */
const isRecordNotFound = (cause: unknown) =>
  typeof cause === 'object' && cause !== null && (cause as DatabaseFailure).code === 'P2025';

/**
 * What the client may know of a failure: a code and a Chinese message, and for a rejected input the field
 * errors. Internal failures keep their detail for the log; database conditions caused by the input are
 * translated here, in one place.
 */
export function describeForClient(
  error: TRPCError,
  traceId?: string,
): { code: TRPC_ERROR_CODE_KEY; message: string; validation: FieldErrors | null } {
  if (error.code === 'BAD_REQUEST' && error.cause instanceof ZodError)
    return { code: 'BAD_REQUEST', ...validationFailure(error.cause) };
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    if (isRecordNotFound(error.cause))
      return { code: 'NOT_FOUND', message: '要处理的记录不存在或已被删除。', validation: null };
    const condition = DATABASE_CONDITIONS[sqlState(error.cause) ?? ''];
    if (condition) return { code: condition[0], message: condition[1], validation: null };
  }
  // A service says in Chinese that something it relies on is briefly out of reach (503, thrown on purpose, e.g.
  // the SSO's organisation directory); any other server failure's message is internal.
  const saysWhy = getHTTPStatusCodeFromError(error) < 500 || error.code === 'SERVICE_UNAVAILABLE';
  const message =
    saysWhy && isForPeople(error.message)
      ? withTraceId(error.code, error.message, traceId)
      : genericMessage(error.code, traceId);
  return { code: error.code, message, validation: null };
}
