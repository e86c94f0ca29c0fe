/**
 * Runs TypeDoc programmatically the way `npm run docs` (the `typedoc` CLI) does: options from typedoc.json,
 * package.json and the tsconfig, then convert → validate → render, collecting every warning and error.
 */
import path from 'node:path';
import { Application, LogLevel, PackageJsonReader, TSConfigReader, TypeDocReader, type ProjectReflection, type TypeDocOptions } from 'typedoc';

/** What a TypeDoc run produced. */
export interface DocsBuild {
  app: Application;
  /** Undefined when the conversion failed (compile errors). */
  project: ProjectReflection | undefined;
  /** Warning messages (ANSI colours removed). */
  warnings: string[];
  /** Error messages (ANSI colours removed). */
  errors: string[];
  /** Seconds spent per step. */
  seconds: { bootstrap: number; convert: number; validate: number; render: number };
}

/** Options of {@link buildDocs}. */
export interface BuildDocsOptions {
  /** The TypeDoc config file (default `<cwd>/typedoc.json`). */
  config?: string;
  /** Options that win over the config file's. */
  overrides?: TypeDocOptions;
  /** Render the HTML site into this folder; no rendering when absent. */
  out?: string;
}

const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Bootstraps TypeDoc with the config file, converts, validates and (with `out`) renders. */
export async function buildDocs(options: BuildDocsOptions = {}): Promise<DocsBuild> {
  const t0 = performance.now();
  const readers = [new TypeDocReader(), new PackageJsonReader(), new TSConfigReader()];
  const settings: TypeDocOptions = { options: options.config ?? path.resolve('typedoc.json'), ...options.overrides };
  const app = await Application.bootstrapWithPlugins(settings, readers);

  // Messages logged while bootstrapping are counted by the logger but not captured; report them by count.
  const warnings: string[] = [];
  const errors: string[] = [];
  const logger = app.logger;
  const early = { warnings: logger.warningCount, errors: logger.errorCount };
  for (let i = 0; i < early.warnings; i++) warnings.push('(a warning while reading the options; run `npm run docs` to see it)');
  for (let i = 0; i < early.errors; i++) errors.push('(an error while reading the options; run `npm run docs` to see it)');
  const log = logger.log.bind(logger);
  logger.log = (message: string, level: LogLevel): void => {
    if (level === LogLevel.Warn) warnings.push(stripAnsi(message));
    if (level === LogLevel.Error) errors.push(stripAnsi(message));
    log(message, level);
  };

  const t1 = performance.now();
  const project = await app.convert();
  const t2 = performance.now();
  if (project) app.validate(project);
  const t3 = performance.now();
  if (project && options.out) await app.generateDocs(project, options.out);
  const t4 = performance.now();
  const s = (ms: number) => Math.round(ms / 100) / 10;
  return { app, project, warnings, errors, seconds: { bootstrap: s(t1 - t0), convert: s(t2 - t1), validate: s(t3 - t2), render: s(t4 - t3) } };
}
