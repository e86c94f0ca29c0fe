import type { CliCommand } from '../CliCommand.js';
import { captureCommand } from './capture.js';
import { clipValidateCommand } from './clipValidate.js';
import { driveCommand } from './drive.js';
import { convertCommand } from './convert.js';
import { editCommand } from './edit.js';
import { infoCommand } from './info.js';
import { renderCommand } from './render.js';

/** Every CLI sub-command; each lives in its own file in this folder. */
export const commands: CliCommand[] = [
  renderCommand,
  editCommand,
  infoCommand,
  clipValidateCommand,
  convertCommand,
  driveCommand,
  captureCommand,
];
