import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser); `PORTRAIT_RIG_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.PORTRAIT_RIG_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags every browser test starts Chromium with (DESIGN.md §5): no sandbox (tests run as root), WebGPU on the
 * SwiftShader adapter, and no background network traffic (this machine's network is closed).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

/**
 * Starts headless Chromium with {@link CHROMIUM_ARGS} plus `extraArgs` (fake camera or microphone, autoplay …).
 *
 * @param extraArgs - further command-line flags for this test.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
