import { expect, it } from 'vitest';
import { artifact, describeBrowser } from './browser.js';

describeBrowser('browser harness', ({ newPage }) => {
  it('renders an inline SVG and takes a screenshot', async () => {
    const page = await newPage();
    await page.setContent('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect id="r" width="60" height="20" fill="teal"/></svg>');
    const box = await page.locator('#r').boundingBox();
    expect(box?.width).toBe(60);
    await page.screenshot({ path: artifact('browser-smoke.png') });
  }, 30_000);
});
