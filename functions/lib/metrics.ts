/**
 * Operational metrics (Powertools, CloudWatch embedded metric format). Only counts of events, never
 * anything about a person: no names, emails, domains or addresses as dimensions.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Undersigned',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'undersigned',
});

export type EventMetric =
  | 'ChallengeFailed'
  | 'ChallengeReplayed'
  | 'HoneypotTripped'
  | 'ConfirmationMailFailed'
  | 'MailQuotaReached'
  | 'DomainVelocityHigh'
  | 'SourceVelocityHigh'
  | 'SignalUnavailable'
  | 'PersonalDataErased'
  | 'SignInMailCapped'
  | 'SignInMailFailed'
  | 'InvitationMailCapped'
  | 'Overloaded';

/**
 * Emits one count at once. These events are rare, so a line each is cheaper than threading a
 * flush through every handler, and nothing is lost if a function ends early.
 */
export function countEvent(name: EventMetric, value = 1): void {
  metrics.singleMetric().addMetric(name, MetricUnit.Count, value);
}
