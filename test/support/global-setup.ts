/**
 * Starts DynamoDB Local (in memory) once per test run and tells the test files where it is.
 * Each integration test file creates its own uniquely prefixed tables, so files never share data.
 */
import type { TestProject } from 'vitest/node';
import { startDynamo } from '../../infra/local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamo();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
