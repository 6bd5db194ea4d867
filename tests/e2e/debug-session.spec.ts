import { test, expect, type Page } from '@playwright/test';

const LAB = 'podlab-lab[data-lab="debugging/distroless"]';

async function typeLine(page: Page, line: string) {
  await page.locator(`${LAB} .xterm-helper-textarea`).focus();
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press('Enter');
}

const screen = async (page: Page) => (await page.locator(`${LAB} .xterm-rows`).innerText()).replace(/\u00a0/g, ' ');

test('an interactive kubectl debug session in the lab terminal', async ({ page }) => {
  await page.goto('/ephemeral-containers/');
  const lab = page.locator(LAB);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.xterm-rows')).toContainText('$', { timeout: 30_000 });
  await typeLine(page, 'kubectl apply -f ephemeral-demo.yaml');
  await expect.poll(() => screen(page)).toContain('pod/ephemeral-demo created');
  await expect
    .poll(async () => {
      await typeLine(page, 'kubectl get pods');
      return screen(page);
    }, { timeout: 30_000, intervals: [1500] })
    .toMatch(/ephemeral-demo\s+1\/1\s+Running/);
  await typeLine(page, 'kubectl exec -it ephemeral-demo -- sh');
  await expect.poll(() => screen(page)).toContain('executable file not found in $PATH');
  await typeLine(page, 'kubectl debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo');
  await expect.poll(() => screen(page), { timeout: 30_000 }).toMatch(/\/ #\s*$/);
  await typeLine(page, 'ps');
  await expect.poll(() => screen(page)).toMatch(/1 root\s+0:00 \/pause/);
  await typeLine(page, 'exit');
  await expect.poll(() => screen(page)).toMatch(/\n\$\s*$/);
  await expect(lab.locator('li[data-task="debug"]')).toHaveClass(/done/);
  await lab.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
  await page.screenshot({ path: 'test-results/debug-session.png' });
});
