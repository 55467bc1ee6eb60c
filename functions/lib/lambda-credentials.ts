/**
 * The SDK clients' credential chain, as bundled for Lambda (infra/constructs/api-function.ts aliases
 * `@aws-sdk/credential-provider-node` to this module).
 *
 * Lambda hands a function its role's credentials as environment variables; the default chain also
 * carries SSO, shared files, processes, web identity, container and instance metadata, and the nested
 * STS/SSO clients they use: about 130 KB of every bundle and a third of a cold start's import time for
 * providers that never answer there. Tests and the local stack do not use this module (they run the
 * real chain with the local credentials they set).
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The one export of `@aws-sdk/credential-provider-node` the SDK clients import. */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
