// The few HTML pages a person sees at the identity provider, in zh-CN.
import { createHash } from 'node:crypto';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const STYLE = `
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; background: #f3f5f8; margin: 0; }
  main { max-width: 360px; margin: 10vh auto; background: #fff; padding: 32px; border-radius: 8px;
         box-shadow: 0 2px 8px rgba(0, 0, 0, .08); }
  h1 { font-size: 20px; margin: 0 0 4px; } p.sub { color: #666; margin: 0 0 24px; font-size: 14px; }
  label { display: block; font-size: 14px; margin: 16px 0 6px; }
  input { width: 100%; box-sizing: border-box; padding: 10px; font-size: 15px; border: 1px solid #ccd; border-radius: 4px; }
  button { width: 100%; margin-top: 24px; padding: 11px; font-size: 16px; border: 0; border-radius: 4px;
           background: #b32424; color: #fff; cursor: pointer; }
  button.secondary { background: #e8e8ec; color: #333; margin-top: 12px; }
  .error { background: #fdecea; color: #8a1c1c; padding: 10px 12px; border-radius: 4px; font-size: 14px; }
`;

/** The pages' one inline `<style>`, as the Content Security Policy allows it: by its hash. */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

export const WRONG_CREDENTIALS_MESSAGE = '用户名或密码错误，请重新输入。';

export interface LoginPageOptions {
  action: string;
  clientName: string;
  username?: string;
  error?: string;
}

export function loginPage({ action, clientName, username = '', error }: LoginPageOptions): string {
  const errorBlock = error ? `<p class="error" role="alert" id="login-error">${escapeHtml(error)}</p>` : '';
  return page(
    '登录 · Jiuzhu 司法救助平台',
    `<h1>Jiuzhu 司法救助平台</h1>
<p class="sub">登录以继续使用 ${escapeHtml(clientName)}</p>
${errorBlock}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
  <label for="username">用户名</label>
  <input id="username" name="username" value="${escapeHtml(username)}" autofocus required>
  <label for="password">密码</label>
  <input id="password" name="password" type="password" required>
  <button type="submit">登录</button>
</form>`,
  );
}

/** oidc-provider supplies `form` (with its CSRF token); the buttons submit it. */
export function logoutConfirmPage(form: string): string {
  return page(
    '退出登录 · Jiuzhu 司法救助平台',
    `<h1>退出登录</h1>
<p class="sub">确定要退出 Jiuzhu 司法救助平台吗？</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>退出登录</button>
<button type="submit" form="op.logoutForm" class="secondary">保持登录</button>`,
  );
}

export function loggedOutPage(): string {
  return page('已退出 · Jiuzhu 司法救助平台', '<h1>您已安全退出</h1><p class="sub">可以关闭此页面。</p>');
}

export function errorPage(message: string, detail?: string): string {
  const detailBlock = detail ? `<p class="sub">${escapeHtml(detail)}</p>` : '';
  return page(
    '出错了 · Jiuzhu 司法救助平台',
    `<h1>出错了</h1><p class="error">${escapeHtml(message)}</p>${detailBlock}`,
  );
}
