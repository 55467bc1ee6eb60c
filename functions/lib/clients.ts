/**
 * AWS clients, created once per container and shared by every handler in it. Where they point is the
 * SDK's own business: in Lambda the region's endpoints; locally AWS_ENDPOINT_URL_DYNAMODB, which the
 * local stack sets. This code does not know which.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamo = new DynamoDBClient({});

export const documents = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});
