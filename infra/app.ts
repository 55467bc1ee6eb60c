import { App } from 'aws-cdk-lib';
import { applyNag } from './nag.ts';
import { UndersignedStack } from './stack.ts';

const app = new App();
// Environment-agnostic on purpose: no lookups, synthesises offline without credentials.
const stack = new UndersignedStack(app, 'Undersigned', {
  description: 'Undersigned: serverless petitions and solidarity letters',
});
// cdk-nag's AwsSolutions checks: an unanswered finding fails the synth (see infra/nag.ts).
applyNag(stack);
app.synth();
