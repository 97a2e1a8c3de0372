import { type Page } from 'playwright-core';
import { expect } from 'vitest';

/** The form item around a field, found by its visible label. */
export function formItem(page: Page, label: string) {
  return page.locator('.ant-form-item').filter({ has: page.getByText(label, { exact: true }) });
}

/** An antd select, by keyboard-free clicks as a person with a mouse would (scrolling a long list down). */
export async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  const list = page.locator('.ant-select-dropdown:visible');
  const item = list.getByTitle(option, { exact: true });
  await list.waitFor();
  // A long list renders only the options in view.
  for (let scrolled = 0; scrolled < 20 && (await item.count()) === 0; scrolled++) {
    await list.hover();
    await page.mouse.wheel(0, 120);
  }
  await item.click();
  // antd sometimes keeps the list open while the form re-renders; leaving the field closes it.
  const closed = await list
    .waitFor({ state: 'detached', timeout: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (!closed) await page.keyboard.press('Tab');
  await list.waitFor({ state: 'detached' });
  expect(await formItem(page, label).textContent()).toContain(option);
}

/** Today on the Beijing calendar, the day the services count from. */
export { beijingToday } from '@jiuzhu/calendar';

/** An antd date picker, by keyboard: the date typed into its input over what was there, Enter accepts it. */
export async function typeDate(page: Page, label: string, date: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.press('ControlOrMeta+A');
  await input.pressSequentially(date);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'detached' });
  expect(await input.inputValue()).toBe(date);
}
