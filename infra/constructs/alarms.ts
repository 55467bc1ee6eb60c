import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from './api-function.ts';

/** CloudWatch allows at most 10 metrics in one alarm's math expression. */
const METRICS_PER_ALARM = 10;
const FIVE_MINUTES = Duration.minutes(5);

export interface AlarmsProps {
  /** Mailed by the topic; AWS sends a confirmation mail first, and nothing arrives until it is confirmed. */
  readonly email: string;
  readonly api: HttpApi;
  /** Dead-letter queues by what they catch: any message in one is work that was given up. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** Stream consumers, by name: nobody waits on them, so nobody notices when they fail. */
  readonly streamFunctions: Record<string, lambda.IFunction>;
  /** Scheduled jobs, by name: they run once a day, so one failed run is worth a mail. */
  readonly jobFunctions: Record<string, lambda.IFunction>;
  /** HTTP route functions, by name. */
  readonly routeFunctions: Record<string, lambda.IFunction>;
}

/**
 * Everything that should wake an operator, to one SNS topic with one email subscriber. No alarm
 * carries personal data: metrics are counts of events (functions/lib/metrics.ts), and an alarm mail
 * holds only the metric, threshold and state.
 *
 * `treatMissingData` is chosen per alarm: most of these metrics only exist while something happens
 * (an error, a message, a request), so a missing point means "nothing happened", which is not
 * breaching.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  /** Every alarm by a stable name (tests look them up here). */
  readonly alarms = new Map<string, cloudwatch.Alarm>();

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Undersigned alarms', enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    /** A count the functions emit (functions/lib/metrics.ts: Powertools, `service` dimension). */
    const functionMetric = (metricName: string) =>
      new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: SERVICE_NAME }, statistic: 'Sum', period: FIVE_MINUTES });

    // --- Work given up -------------------------------------------------------------------------
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      // Maximum over 5 minutes: SQS reports every minute while a queue is active; one message is one
      // lost batch of stream records (a count not applied, a mail not sent) or a missed job run, so the
      // threshold is 1. An idle queue stops reporting, and an idle dead-letter queue is an empty one.
      this.add(`${name}DeadLetters`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: `Messages in the ${name} dead-letter queue: work that failed every retry. Read them (no personal data: keys and sequence numbers), fix the cause, then replay or recount (README, "When an alarm fires").`,
      });
    }

    // --- Requests answered 503 after the SDK's retries -----------------------------------------
    // functions/lib/http.ts counts `Overloaded` once per such answer. A lone one is a blip the caller
    // retries; 5 within 5 minutes is a table, KMS or SES throttled for real. Emitted only when it
    // happens, so no data is no overload.
    this.add('Overloaded', {
      metric: functionMetric('Overloaded'),
      threshold: 5,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'Requests answered 503 "try again" after every retry (Overloaded metric): DynamoDB, KMS or SES throttling or failing. Check the functions\' logs for "overloaded after retries".',
    });

    // --- Mail SES refused ---------------------------------------------------------------------
    // Each failed send is counted (functions/usecases/submissions.ts, sign-in-answers.ts) and its batch
    // retried, so one refusal can heal. 3 within 5 minutes is SES refusing for real: the sandbox
    // (unverified recipients), an unverified sender, a paused account. Emitted only on a failure.
    this.add('MailFailures', {
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(confirmations, 0) + FILL(signIns, 0)',
        usingMetrics: { confirmations: functionMetric('ConfirmationMailFailed'), signIns: functionMetric('SignInMailFailed') },
        period: FIVE_MINUTES,
        label: 'Mails SES refused',
      }),
      threshold: 3,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: "SES refused 3 or more confirmation or sign-in mails in 5 minutes (ConfirmationMailFailed, SignInMailFailed): signers get no link. Check the SES sandbox, the sender identity and the account's sending status; the functions' logs name the error.",
    });

    // --- Function errors -----------------------------------------------------------------------
    // A background function's error is a batch retried (stream) or a job run lost: one alarm each, so
    // the mail names it. Stream batches are retried and bisected, so one failed invocation can heal;
    // errors in 2 of 3 five-minute periods mean it is stuck and counts or mails are falling behind.
    for (const [name, fn] of Object.entries(props.streamFunctions)) {
      this.add(`${name}Errors`, {
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: `${name} keeps failing (Lambda Errors in 2 of the last 3 five-minute periods): its work is retried, then parked in a dead-letter queue. Its log group says why.`,
      });
    }
    // A job runs once a day, and its retries can be 15 minutes apart (its timeout), so errors never
    // cluster: any error within an hour alarms at once. Its dead-letter queue alarms when the
    // retries are spent too.
    for (const [name, fn] of Object.entries(props.jobFunctions)) {
      this.add(`${name}Errors`, {
        metric: fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: `The scheduled job ${name} failed (Lambda Errors within the hour); it is retried twice, then its event lands in the schedule dead-letter queue. Its log group says why; run it again by invoking the function.`,
      });
    }
    // A route's handler turns its own failures into answers (500 or 503, which the 5xx alarm sees), so
    // a Lambda error on a route is a crash, a timeout or a failed start: 3 in 5 minutes, summed over
    // the routes (one alarm per 10 functions, CloudWatch's limit for one expression).
    this.addSummed('RouteErrors', props.routeFunctions, (fn) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), {
      threshold: 3,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: (names) => `HTTP functions crashing, timing out or failing to start (Lambda Errors ≥ 3 in 5 minutes, summed over ${names}).`,
    });

    // --- Throttles -----------------------------------------------------------------------------
    // A throttled stream consumer waits (its reserved concurrency is full); a throttled route answers
    // 429/503. A burst is expected under a flood (the caps exist for it); 10 or more in 2 of 3
    // five-minute periods is sustained and means a cap or the account quota needs raising.
    const allFunctions = { ...props.streamFunctions, ...props.jobFunctions, ...props.routeFunctions };
    this.addSummed('Throttles', allFunctions, (fn) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), {
      threshold: 10,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: (names) => `Lambda throttling sustained (≥ 10 throttles in 2 of 3 five-minute periods, summed over ${names}): raise the function's reserved concurrency or the account's quota.`,
    });

    // --- API 5xx rate --------------------------------------------------------------------------
    // Over 5% of requests answered 5xx within 5 minutes, counted only once there are 20 requests or
    // more in the period, so that one failure among three requests at night does not page anyone.
    const rate = new cloudwatch.MathExpression({
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      period: FIVE_MINUTES,
      label: 'API 5xx, % of requests',
    });
    this.add('Api5xxRate', {
      metric: rate,
      threshold: 5,
      evaluationPeriods: 1,
      // No requests, no data points: nothing failed.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'More than 5% of API requests answered 5xx in 5 minutes (with at least 20 requests). The Overloaded and RouteErrors alarms and the API access log tell which.',
    });

    // --- SES reputation (account-wide, this region) ----------------------------------------------
    // SES puts an account under review at a 5% bounce rate and may pause its sending at 10%; for
    // complaints at 0.1% and 0.5%. Alarming at the review line leaves time to act before sending stops.
    // The rates are reported while the account sends; no data means no recent mail, not a bad rate.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    this.add('SesBounceRate', {
      metric: reputation('Reputation.BounceRate'),
      threshold: 0.05,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'SES bounce rate at or above 5% (SES reviews the account there and may stop its sending at 10%). Look for a wrong sender domain setup or someone signing with made-up addresses.',
    });
    this.add('SesComplaintRate', {
      metric: reputation('Reputation.ComplaintRate'),
      threshold: 0.001,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: 'SES complaint rate at or above 0.1% (SES reviews the account there and may stop its sending at 0.5%): someone may be signing others up to mail them.',
    });
  }

  private add(
    name: string,
    options: {
      metric: cloudwatch.IMetric;
      threshold: number;
      evaluationPeriods: number;
      datapointsToAlarm?: number;
      treatMissingData: cloudwatch.TreatMissingData;
      description: string;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, name, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData,
      alarmDescription: options.description,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    // The all-clear too, so the operator knows when it has passed.
    alarm.addOkAction(action);
    this.alarms.set(name, alarm);
    return alarm;
  }

  /** One alarm per group of up to 10 functions on the sum of `metric` over the group. */
  private addSummed(
    name: string,
    functions: Record<string, lambda.IFunction>,
    metric: (fn: lambda.IFunction) => cloudwatch.IMetric,
    options: Omit<Parameters<Alarms['add']>[1], 'metric' | 'description'> & { description: (names: string) => string },
  ): void {
    const entries = Object.entries(functions);
    for (let start = 0, group = 1; start < entries.length; start += METRICS_PER_ALARM, group++) {
      const chunk = entries.slice(start, start + METRICS_PER_ALARM);
      const usingMetrics = Object.fromEntries(chunk.map(([, fn], i) => [`f${i}`, metric(fn)]));
      this.add(`${name}${group}`, {
        ...options,
        metric: new cloudwatch.MathExpression({
          // FILL: a function with no data point in the period counts 0 instead of blanking the sum.
          expression: Object.keys(usingMetrics).map((k) => `FILL(${k}, 0)`).join(' + '),
          usingMetrics,
          period: FIVE_MINUTES,
          label: `${name} (group ${group})`,
        }),
        description: options.description(chunk.map(([n]) => n).join(', ')),
      });
    }
  }
}
