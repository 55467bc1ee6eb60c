/**
 * Structured logs (Powertools). Never pass personal data (names, emails, comments, addresses, IPs)
 * to the logger: log slugs, counts, error codes.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'undersigned' });
