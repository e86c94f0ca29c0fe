/**
 * The guides cover what users meet: troubleshooting.md documents every core error code and points to the tables of
 * the modules' namespaced codes; docs/README.md (the guide index) lists every guide. Milliseconds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AudioErrorCode, MotionErrorCode, PortraitRigErrorCode, VideoErrorCode } from '../../sdk/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('guides', () => {
  it('troubleshooting.md explains every PortraitRigErrorCode and links the motion, audio and video error tables', () => {
    const troubleshooting = read('docs/troubleshooting.md');
    const missing = Object.values(PortraitRigErrorCode).filter((code) => !troubleshooting.includes(`| \`${code}\` |`));
    expect(missing, 'codes without a row in the error code table of docs/troubleshooting.md').toEqual([]);
    for (const link of ['motion.md#errors', 'audio.md#errors-and-warnings', 'video.md#reading-videos']) expect(troubleshooting).toContain(link);
    // and those tables document their module's codes
    const tables: [string, Record<string, string>][] = [['docs/motion.md', MotionErrorCode], ['docs/audio.md', AudioErrorCode], ['docs/video.md', VideoErrorCode]];
    for (const [file, codes] of tables) {
      const text = read(file);
      expect(Object.values(codes).filter((code) => !text.includes(`\`${code}\``)), `codes missing from ${file}`).toEqual([]);
    }
  });

  it('docs/README.md, the guide index, links every guide in docs/', () => {
    const index = read('docs/README.md');
    const guides = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(guides.filter((guide) => !index.includes(`](${guide})`)), 'guides missing from docs/README.md').toEqual([]);
  });
});
