import { App } from 'aws-cdk-lib';
import { UndersignedStack } from './stack.ts';

const app = new App();
// Environment-agnostic on purpose: no lookups, synthesises offline without credentials.
new UndersignedStack(app, 'Undersigned', {
  description: 'Undersigned: serverless petitions and solidarity letters',
});
app.synth();
