import type { CliCommand } from '../CliCommand.js';
import { clipValidateCommand } from './clipValidate.js';
import { editCommand } from './edit.js';
import { infoCommand } from './info.js';
import { renderCommand } from './render.js';

/** Every CLI sub-command; each lives in its own file in this folder. */
export const commands: CliCommand[] = [
  renderCommand,
  editCommand,
  infoCommand,
  clipValidateCommand,
];
