import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { repoRoot } from './repo-root.ts';

export interface ServiceFunctionProps {
  /** Handler module relative to the repository root (as in functions/routes.ts); it exports `handler`. */
  readonly entry: string;
  readonly description?: string;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 MB */
  readonly memorySize?: number;
  /** Merged over the defaults below. */
  readonly environment?: Record<string, string>;
  /**
   * Files copied into the bundle, by folder: `{ fonts: ['@fontsource/x/files/a.woff'] }` puts `a.woff`
   * in `./fonts/` beside the code. Package specifiers, resolved from the repository.
   */
  readonly bundledFiles?: Record<string, readonly string[]>;
  /** Concurrency kept for this function alone, which is also its cap. @default none (the shared pool) */
  readonly reservedConcurrency?: number;
  /** Where asynchronous invocations (schedules) go once their retries are spent. */
  readonly deadLetterQueue?: sqs.IQueue;
}

/** `service` dimension of every metric the functions emit (Powertools, functions/lib/metrics.ts). */
export const SERVICE_NAME = 'undersigned';
/** Namespace of the functions' own metrics, e.g. `Overloaded` (functions/lib/metrics.ts's default). */
export const METRICS_NAMESPACE = 'Undersigned';

const resolveFromRepo = createRequire(path.join(repoRoot, 'package.json')).resolve;

/** A word for the shell, whatever characters a path holds. */
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The server's message catalogs but English (which the bundle holds), compiled one file each into
 * `i18n/<lang>.mjs` beside the bundle, where functions/lib/language.ts loads them on first use: every
 * function speaks ten languages without carrying ten catalogs in its bundle.
 */
function catalogCommands(outputDir: string): string[] {
  const i18nDir = path.join(repoRoot, 'functions', 'i18n');
  const catalogs = readdirSync(i18nDir).filter((file) => file.endsWith('.ts') && file !== 'en.ts');
  const esbuild = path.join(repoRoot, 'node_modules', '.bin', 'esbuild');
  return [
    [esbuild, ...catalogs.map((file) => path.join(i18nDir, file))].map(quote).join(' ') +
      ` --outdir=${quote(path.join(outputDir, 'i18n'))} --out-extension:.js=.mjs --format=esm --platform=node --target=node22 --minify --charset=utf8 --log-level=warning`,
  ];
}

/** Shell commands that copy `files` into folders of the bundle's output directory. */
function copyCommands(outputDir: string, files: Record<string, readonly string[]>): string[] {
  return Object.entries(files).flatMap(([folder, specifiers]) => [
    `mkdir -p ${quote(path.join(outputDir, folder))}`,
    ...specifiers.map((specifier) => `cp ${quote(resolveFromRepo(specifier))} ${quote(path.join(outputDir, folder))}/`),
  ]);
}

/**
 * Every Lambda function of the service: one place for runtime, architecture, bundling, logging and
 * environment defaults. The stack only says which handler and what it may touch.
 */
export class ServiceFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    // Explicit, so retention and deletion are ours (and `fn.logGroup` returns it). Created in the parent
    // scope because `super` must run first.
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of the default one with the AWS managed AWSLambdaBasicExecutionRole, which
    // lets a function create log groups and write to any of them: this one writes to its own group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: path.join(repoRoot, props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      description: props.description,
      // Same major as the Node the code is tested on (package.json engines, CI) and the esbuild target.
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup,
      role,
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        // The message catalogs are Georgian, Armenian, Cyrillic…: as UTF-8 they are about half the size
        // of the \uXXXX escapes esbuild writes by default. Node reads ES modules as UTF-8.
        charset: Charset.UTF8,
        sourceMap: true,
        // Stack traces only need the mappings; leaving the sources out keeps the zip small.
        sourcesContent: false,
        // Bundle the SDK: run the exact version the tests ran with, not whatever the runtime ships.
        bundleAwsSDK: true,
        // CommonJS dependencies call `require`, which does not exist in an ES module. Aliased so it cannot
        // clash with a `createRequire` import esbuild itself may emit.
        banner:
          "import { createRequire as __undersignedCreateRequire } from 'node:module'; const require = __undersignedCreateRequire(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            ...catalogCommands(outputDir),
            ...(props.bundledFiles ? copyCommands(outputDir, props.bundledFiles) : []),
          ],
        },
      },
    });
  }
}
