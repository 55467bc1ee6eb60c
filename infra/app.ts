import { App } from 'aws-cdk-lib';
import { applyNag } from './nag.ts';
import { DeploySettingsError } from './settings.ts';
import { UndersignedStack } from './stack.ts';

const app = new App();
try {
  // Environment-agnostic on purpose: no lookups, synthesises offline without credentials. Deploy-time
  // settings come from context (`-c mailFrom=… -c alarmEmail=…`, see infra/settings.ts and the README).
  const stack = new UndersignedStack(app, 'Undersigned', {
    description: 'Undersigned: serverless petitions and solidarity letters',
  });
  // cdk-nag's AwsSolutions checks: an unanswered finding fails the synth (see infra/nag.ts).
  applyNag(stack);
  app.synth();
} catch (error) {
  // The settings message is the whole story; a stack trace would only bury it.
  if (!(error instanceof DeploySettingsError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
