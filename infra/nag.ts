/**
 * cdk-nag's AwsSolutions pack over the stack, and the findings we accept, each with its reason.
 * `cdk synth` (infra/app.ts) and test/infra/nag.test.ts both call `applyNag`, so a finding nobody has
 * answered fails the synth and the test alike.
 *
 * cdk-nag v3 is a CDK policy-validation plugin: findings go to the cloud assembly's validation report
 * (errors fail the synth) and are acknowledged with `Validations.of(construct).acknowledge`. An
 * acknowledgment covers the construct and everything below it, so each one sits on the one resource
 * it is about, and IAM wildcard findings name the exact wildcard (`AwsSolutions-IAM5[Resource::…]`).
 */
import { Stage, Validations, type CfnElement } from 'aws-cdk-lib';
import type { CfnRoute, HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { routes, scheduledJobs, streamConsumers, type Route } from '../functions/routes.ts';
import { tables as tableDefinitions } from '../functions/store/tables.ts';
import type { UndersignedStack } from './stack.ts';
import type { StaticSite } from './constructs/static-site.ts';
import { PAGES_PREFIX } from '../functions/rules/campaign-paths.ts';

/** The plugin name findings are reported under in the validation report. */
export const NAG_PACK = 'AwsSolutions';

/** Registers the AwsSolutions checks on the stack's app and acknowledges the findings we accept. */
export function applyNag(stack: UndersignedStack): void {
  const stage = Stage.of(stack);
  if (!stage) throw new Error('applyNag: the stack has no enclosing App or Stage');
  Validations.of(stage).addPlugins(new AwsSolutionsChecks(stage));
  acknowledgeFindings(stack);
}

const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

/** Logical id as cdk-nag prints it inside a finding: `<PetitionsTableF7C4FC69.Arn>`. */
const arnToken = (stack: UndersignedStack, construct: IConstruct) =>
  `<${stack.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;

/** Why an API route has no API Gateway authorizer, by who may call it. */
function authorisationReason(route: Route): string | undefined {
  if (route.organiser) {
    return (
      `Organiser route (least role: ${route.organiser}): the handler authorises every request itself ` +
      '(requireOrganiser: session cookie or API token, role, own organisation only), and ' +
      'test/integration/organiser-access.test.ts refuses every marked route without a valid session. An ' +
      'API Gateway authorizer would repeat that check at the price of a second Lambda call per request.'
    );
  }
  if (route.path.startsWith('/api/auth/')) {
    return 'Sign-in itself: asking for a mailed link, trading it for a session and signing out cannot require a session; the handler checks the single-use link and the session cookie.';
  }
  const publicReasons: Partial<Record<string, string>> = {
    health: 'Public by design: a liveness probe for uptime monitors that touches no data and answers only {status:"ok"}.',
    'get-openapi': 'Public by design: the API description, generated from the route table; it holds no data.',
    'list-public-campaigns': 'Public by design: a campaign platform lists its open campaigns to everyone.',
    'get-public-campaign': 'Public by design: anyone may read an open campaign; drafts answer 404 (checked in the handler).',
    'get-count': 'Public by design: the live count is the point of a campaign (cached 1 s by CloudFront).',
    'list-signers': 'Public by design: only first names and initials of confirmed signers who chose to be listed.',
    'get-challenge': 'Public by design: the proof-of-work challenge every anonymous signer solves before signing.',
    sign: 'Public by design: anyone may sign without an account; abuse is held back by the ALTCHA proof of work, email double opt-in with a per-recipient mail quota, velocity counters and stage throttling.',
    'preview-signature': 'Authorised by the token from the confirmation mail (only its hash is stored), checked in the handler; it shows the link holder only what was sent with that link, never the email.',
    'confirm-signature': 'Authorised by the single-use token from the confirmation mail (only its hash is stored), checked in the handler.',
    'withdraw-signature': 'Authorised by the withdraw token from the mail (only its hash is stored), checked in the handler.',
    cosign: "Authorised by the co-signing invitation's token in the body, checked in the handler.",
    'preview-cosign': "Authorised by the co-signing invitation's token in the body (only its hash is stored), checked in the handler; it reads only, and shows the link holder the letter the campaign's public page shows anyway.",
  };
  return publicReasons[route.name];
}

function acknowledgeFindings(stack: UndersignedStack): void {
  // --- Lambda functions ---------------------------------------------------------------------------
  const functions: Route[] = [...routes, ...streamConsumers, ...scheduledJobs] as Route[];
  for (const f of functions) {
    const fn = stack.functions.get(f.name);
    if (!fn?.role) throw new Error(`applyNag: no function or role for ${f.name}`);
    ack(
      fn,
      'AwsSolutions-L1',
      'Pinned to nodejs22.x on purpose: the major the code is tested on (package.json engines, CI) and the esbuild target. Node 22 is supported by Lambda; move the runtime, CI and the target together.',
    );
    for (const def of tableDefinitions) {
      if (!(def.id in f.tables) || def.globalIndexes.length === 0) continue;
      ack(
        fn.role,
        `AwsSolutions-IAM5[Resource::${arnToken(stack, stack.tables[def.id])}/index/*]`,
        `The table grant covers the ${def.id} table's own global secondary indexes (${def.globalIndexes.map((i) => i.name).join(', ')}), with the same actions as on the table; never another table.`,
      );
    }
    const uses = f.uses ?? [];
    if (uses.includes('mail')) {
      ack(
        fn.role,
        'AwsSolutions-IAM5[Resource::*]',
        'ses:SendEmail only, and only From our one sender address (condition ses:FromAddress): the SES identity it is verified under (address or domain) is chosen at deploy time, outside this stack.',
      );
    }
    if (uses.includes('upload') || uses.includes('download') || uses.includes('discard')) {
      ack(
        fn.role,
        `AwsSolutions-IAM5[Resource::${arnToken(stack, stack.exportsBucket)}/*]`,
        'Objects of the exports bucket only (PutObject/AbortMultipartUpload for the job runner, GetObject to presign downloads, DeleteObject to remove files a withdrawal or erasure outdates); each export gets a fresh key at run time, and none may list the bucket or change it.',
      );
    }
    if (uses.includes('cards')) {
      ack(
        fn.role,
        `AwsSolutions-IAM5[Resource::${arnToken(stack, stack.node.findChild('Site').node.findChild('Bucket'))}/c/*/card.png]`,
        "PutObject only, and only on share-card keys (c/<slug>/card.png) of the site bucket: one per campaign, its slug known at run time; it may not read, list, delete or write any other key of the site.",
      );
    }
    if (uses.includes('image-upload') || uses.includes('image-publish')) {
      ack(
        fn.role,
        `AwsSolutions-IAM5[Resource::${arnToken(stack, stack.uploadsBucket)}/uploads/*]`,
        'Objects under uploads/ of the uploads bucket only: PutObject to presign one upload (a fresh random key per upload, made by the server under the organisation\'s folder), GetObject and DeleteObject to process and remove it; none may list the bucket or change it.',
      );
    }
    if (uses.includes('image-publish')) {
      ack(
        fn.role,
        `AwsSolutions-IAM5[Resource::${arnToken(stack, stack.node.findChild('Site').node.findChild('Bucket'))}/media/*]`,
        'PutObject under media/ of the site bucket only: each published image is named by a hash of its bytes at run time; it cannot touch the page itself, read, list or delete.',
      );
    }
    if (uses.includes('publish')) {
      ack(
        fn.role,
        `AwsSolutions-IAM5[Resource::${arnToken(stack, (stack.node.findChild('Site') as StaticSite).bucket)}/${PAGES_PREFIX}*]`,
        'Campaign pages only: PutObject, DeleteObject and GetObject under c/ of the site bucket (one page per campaign and language, named at run time by its slug); the shell index.html is read by its own key, and nothing else of the bucket may be read, written or listed.',
      );
    }
  }

  // --- Secrets ------------------------------------------------------------------------------------
  const secret = (id: string) => stack.node.findChild(id);
  ack(
    secret('HashKeySecret'),
    'AwsSolutions-SMG4',
    "Not rotated on purpose: signers are keyed by HMAC(HASH_KEY, email), so a new key would orphan every stored signer identity (repeat signatures would count twice and nobody could be found again). Replacing it means re-keying all signatures, a planned migration, not a schedule.",
  );
  ack(
    secret('SessionKeySecret'),
    'AwsSolutions-SMG4',
    'Not rotated automatically: it signs organiser session cookies, functions read it once at start-up, and handlers accept one key only, so a rotation would sign every organiser out at random. Rotate by hand (new value, redeploy) until sessions verify against a current and a previous key.',
  );

  // --- Queues -------------------------------------------------------------------------------------
  // (No S1 on the access-log bucket: cdk-nag accepts a bucket that is another bucket's log target.)
  ack(
    stack.node.findChild('StreamDlq'),
    'AwsSolutions-SQS3',
    "It is a dead-letter queue: the on-failure destination of the table streams' event source mappings, which cdk-nag does not recognise as one (only SQS redrive policies).",
  );

  // --- HTTP API -----------------------------------------------------------------------------------
  // An alias (an older path of a route) is the same function and has the same reason.
  const byKey = new Map<string, Route>(routes.flatMap((r) => [r.path, ...(r.aliases ?? [])].map((path) => [`${r.method} ${path}`, r] as const)));
  for (const child of stack.api.node.children) {
    const cfn = child.node.defaultChild as CfnRoute | undefined;
    if (cfn?.cfnResourceType !== 'AWS::ApiGatewayV2::Route') continue;
    const route = byKey.get(cfn.routeKey);
    const reason = route && authorisationReason(route);
    // A route without a reason stays unacknowledged, so AwsSolutions-APIG4 fails the synth and the test:
    // a new public route has to say here why it is public.
    if (reason) ack(child as HttpRoute, 'AwsSolutions-APIG4', reason);
  }

  // --- CloudFront ---------------------------------------------------------------------------------
  const distribution = stack.node.findChild('Site').node.findChild('Distribution');
  ack(
    distribution,
    'AwsSolutions-CFR1',
    'No geo restriction: a campaign platform must be reachable from everywhere, and blocking countries would shut out exactly the people at risk who sign from abroad or through VPNs.',
  );
  ack(
    distribution,
    'AwsSolutions-CFR2',
    'No WAF in this stack: a CloudFront web ACL must be created in us-east-1 while this stack deploys to any region, and costs a fixed monthly fee per ACL and rule. Abuse is held back by the ALTCHA proof of work, email double opt-in, velocity counters, API stage throttling and CloudFront caching; an operator can attach a rate-based web ACL from a us-east-1 stack.',
  );
  ack(
    distribution,
    'AwsSolutions-CFR3',
    "No CloudFront access logs: they record every viewer's IP address next to the campaign and signature paths they request, and docs/privacy.md promises that no signer's IP address is stored. CloudFront's own CloudWatch metrics and the API's access log (no IPs) cover operations.",
  );
  ack(
    distribution,
    'AwsSolutions-CFR7',
    "The /uploads/* origin (the private uploads bucket) has no origin access control on purpose: each request is a presigned PUT carrying its own SigV4 signature for one key, type and length, which OAC would replace with CloudFront's. The bucket stays private (public access blocked): anything unsigned is refused. The site bucket's origin uses OAC.",
  );
  // With a custom domain (-c domainName, certificateArn) the distribution has its own certificate and a
  // TLS 1.2 (2021) floor, and there is no finding to answer.
  if (!stack.settings.domain) {
    ack(
      distribution,
      'AwsSolutions-CFR4',
      "Uses CloudFront's default *.cloudfront.net certificate, whose TLS floor CloudFront fixes and no setting can raise; browsers negotiate TLS 1.2/1.3 anyway. Deployed with its own domain (-c domainName=… -c certificateArn=…) it gets an ACM certificate and the TLS_V1_2_2021 floor.",
    );
  }

  // --- aws-cdk-lib's BucketDeployment handler (uploads the page at deploy time) -------------------
  const deployHandler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!deployHandler) throw new Error('applyNag: no BucketDeployment handler in the stack');
  const deployReason = (what: string) =>
    `aws-cdk-lib's BucketDeployment handler (deploy time only, never reachable from the site): ${what}; set by aws-cdk-lib, not configurable.`;
  ack(deployHandler, 'AwsSolutions-L1', deployReason('its Python runtime is chosen and upgraded with aws-cdk-lib'));
  ack(
    deployHandler,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    deployReason('its role carries the basic execution policy for its own logs'),
  );
  const siteBucket = stack.node.findChild('Site').node.findChild('Bucket');
  for (const finding of [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    `Resource::${arnToken(stack, siteBucket)}/*`,
    'Resource::*',
  ]) {
    ack(
      deployHandler,
      `AwsSolutions-IAM5[${finding}]`,
      deployReason('it reads the CDK asset bucket, syncs the site bucket (read, write, prune) and invalidates the distribution'),
    );
  }
}
