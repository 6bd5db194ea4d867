/**
 * Time from a lab becoming visible to its terminal accepting input, on the preview server,
 * measured in Debian's chromium. Reported by `npm run bench`; not a timed test.
 */
import { chromium } from '@playwright/test';

export async function promptLatency(baseURL: string, path: string, runs = 3): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  const out: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(baseURL + path, { waitUntil: 'load' });
      // Scroll the lab into view, then poll until the prompt is drawn and typing echoes.
      // A string, so this pure-TS file needs no DOM types.
      const ms: number = await page.evaluate(`(async () => {
        const lab = document.querySelector('podlab-lab');
        const t0 = performance.now();
        lab.scrollIntoView();
        for (;;) {
          const ta = lab.querySelector('.xterm-helper-textarea');
          const rows = lab.querySelector('.xterm-rows')?.textContent ?? '';
          if (ta && rows.includes('$')) return performance.now() - t0;
          await new Promise((r) => setTimeout(r, 5));
        }
      })()`);
      out.push(Math.round(ms));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}
