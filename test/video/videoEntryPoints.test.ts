/**
 * Where the video drivers live: the core (`portrait-rig`) has the decoding-agnostic parts and uses DOM types only
 * (no DOM global at run time), the DOM sources are in `portrait-rig/web`, the ffmpeg decoder in `portrait-rig/node`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { walkModuleGraph } from '../foundation/moduleGraph.js';
import { repoRoot } from '../runtime/fixtureModels.js';

const DOM_GLOBALS = /\b(document|window|navigator|OffscreenCanvas|HTMLMediaElement|HTMLVideoElement|MediaStream|MediaStreamTrackProcessor|requestAnimationFrame|ImageData|VideoFrame)\b/;

describe('video driver entry points', () => {
  it('the core graph has the video drivers but none of the DOM sources; the web entry has them; the node entry has the ffmpeg decoder', () => {
    const core = walkModuleGraph('sdk/index.ts', { root: repoRoot }).modules;
    expect(core).toEqual(expect.arrayContaining(['sdk/drivers/video/captureMotion.ts', 'sdk/drivers/video/MotionRecorder.ts']));
    expect(core.filter((m) => m.startsWith('sdk/drivers/video/dom/'))).toEqual([]);
    const web = walkModuleGraph('sdk/web.ts', { root: repoRoot }).modules;
    expect(web).toEqual(expect.arrayContaining(['sdk/drivers/video/dom/HtmlVideoSource.ts', 'sdk/drivers/video/dom/VideoFrameStreamSource.ts']));
    const node = walkModuleGraph('sdk/node/index.ts', { root: repoRoot }).modules;
    expect(node).toEqual(expect.arrayContaining(['sdk/node/video/openVideo.ts', 'sdk/node/video/FfmpegVideoSource.ts']));
    expect(node.filter((m) => m.startsWith('sdk/drivers/video/dom/'))).toEqual([]);
  });

  it('the core video files use DOM names in types only: their emitted JavaScript mentions no DOM global', () => {
    const folder = path.join(repoRoot, 'sdk/drivers/video');
    const files = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of files) {
      const js = ts.transpileModule(readFileSync(path.join(folder, file), 'utf8'), {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, removeComments: true },
      }).outputText;
      const match = DOM_GLOBALS.exec(js);
      if (match) offenders.push(`${file}: ${match[0]}`);
    }
    expect(offenders).toEqual([]);
    // the check can fail: the DOM source does use them
    const dom = ts.transpileModule(readFileSync(path.join(folder, 'dom/HtmlVideoSource.ts'), 'utf8'), { compilerOptions: { removeComments: true } }).outputText;
    expect(DOM_GLOBALS.test(dom)).toBe(true);
  });
});
