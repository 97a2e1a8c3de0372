/** Deeper than any procedure's input; a deeper document is an attack on the parser, not a form. */
export const MAX_INPUT_DEPTH = 32;

const NUL = '内容中含有空字符（U+0000），请删除后重新提交。';
const LONE_SURROGATE = '内容中含有无效字符（不成对的 UTF-16 代理项），请删除后重新提交。';
const TOO_DEEP = '提交的内容嵌套层级过深，请检查后重新提交。';

function stringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return NUL;
  if (!value.isWellFormed()) return LONE_SURROGATE;
  return undefined;
}

/**
 * Why a parsed input cannot be accepted from anyone, in Chinese, or undefined: a NUL character or a lone
 * surrogate in any string or key (PostgreSQL cannot store the one, UTF-8 cannot carry the other), or nesting
 * deeper than MAX_INPUT_DEPTH. Walks without recursion, so depth cannot exhaust the stack.
 */
export function inputProblem(input: unknown): string | undefined {
  const pending: Array<[unknown, number]> = [[input, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) return problem;
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_INPUT_DEPTH) return TOO_DEEP;
      for (const [key, child] of Object.entries(value)) {
        const problem = stringProblem(key);
        if (problem) return problem;
        pending.push([child, depth + 1]);
      }
    }
  }
  return undefined;
}
