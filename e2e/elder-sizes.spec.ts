// The elder-mode size check finds what it is meant to find: small text, small headings and small
// targets on a page made for the purpose, and nothing on one that meets the thresholds.
import { expect, test } from '@playwright/test';
import { elderSizeProblems } from './elder-sizes.js';

test('the elder-mode size check reports small text, headings and targets, and passes large ones', async ({ page }) => {
  await page.setContent(`
    <h2 style="font-size: 24px">小标题</h2>
    <p style="font-size: 16px">正文太小</p>
    <button style="font-size: 20px; width: 120px; height: 40px">按钮太矮</button>
    <footer class="status-bar"><span style="font-size: 12px">技术人员的状态栏</span></footer>
  `);
  const problems = await elderSizeProblems(page);
  expect(problems).toHaveLength(3);
  expect(problems.join('\n')).toMatch(/heading 24\.0px < 30px.*小标题/);
  expect(problems.join('\n')).toMatch(/text 16\.0px < 18px.*正文太小/);
  expect(problems.join('\n')).toMatch(/target 120×40 < 60×60/);

  await page.setContent(`
    <h2 style="font-size: 32px">标题</h2>
    <p style="font-size: 20px">正文</p>
    <button style="font-size: 24px; width: 120px; height: 72px">按钮</button>
  `);
  expect(await elderSizeProblems(page)).toEqual([]);
});
