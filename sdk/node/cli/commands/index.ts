import type { CliCommand } from '../CliCommand.js';

/** Every CLI sub-command; each lives in its own file in this folder. */
export const commands: CliCommand[] = [];
