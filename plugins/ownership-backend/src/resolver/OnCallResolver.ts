import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { OnCallStatus } from '@service-ownership/plugin-ownership-common';
import {
  OnCallProvider,
  OnCallProviderRequest,
  RotaOnCallProvider,
} from '@service-ownership/plugin-ownership-node';

/**
 * Asks the installed on-call provider (set through
 * `ownershipOnCallProviderExtensionPoint`) first and falls back to the rota
 * written in the policy. A provider that fails is logged and treated as not
 * knowing the schedule, so one broken paging integration does not break the
 * ownership card.
 */
export class OnCallResolver {
  private readonly rota = new RotaOnCallProvider();

  constructor(
    private readonly options: {
      provider?: OnCallProvider;
      logger: LoggerService;
    },
  ) {}

  async getOnCall(
    request: OnCallProviderRequest,
  ): Promise<OnCallStatus | undefined> {
    const { provider, logger } = this.options;
    if (provider) {
      try {
        const status = await provider.getOnCall(request);
        if (status) {
          return status;
        }
      } catch (error) {
        logger.warn(
          `On-call provider failed for schedule ${request.schedule} of ${
            request.policyRef
          }: ${stringifyError(error)}`,
        );
      }
    }
    return this.rota.getOnCall(request);
  }
}
