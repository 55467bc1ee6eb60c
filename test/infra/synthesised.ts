/**
 * The stack synthesised once per test file (with the deploy settings of ./context.ts, no bundling),
 * and what the template tests ask of it: a construct's logical id, a function's, and the IAM
 * statements of a function's role.
 */
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UndersignedStack } from '../../infra/stack.ts';
import { synthContext } from './context.ts';

export type Resource = { Type: string; Properties: Record<string, any> };
export type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

export const stack = new UndersignedStack(new App({ context: synthContext() }), 'Undersigned');
export const template = Template.fromStack(stack);
export const resources = template.toJSON().Resources as Record<string, Resource>;

export const idOf = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
export const functionId = (name: string) => idOf(stack.functions.get(name)!);

/** Every statement of the policies attached to the function's own role. */
export function statementsOf(name: string): Statement[] {
  const roleId = resources[functionId(name)]!.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => (p.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
