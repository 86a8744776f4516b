import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { OnCallStatus } from '@service-ownership/plugin-ownership-common';
import {
  OnCallProvider,
  OnCallProviderRequest,
  RotaOnCallProvider,
} from '@service-ownership/plugin-ownership-node';

/** A rota's answer, good from `from` until the next hand-over `until`. */
type RotaAnswer = {
  from: number;
  until: number;
  status: OnCallStatus | undefined;
};

/**
 * Asks the installed on-call provider (set through
 * `ownershipOnCallProviderExtensionPoint`) first and falls back to the rota
 * written in the policy. A provider that fails is logged and treated as not
 * knowing the schedule, so one broken paging integration does not break the
 * ownership card.
 *
 * A rota's answer only changes at its next hand-over, so it is kept per
 * schedule target until then: the target objects are the policy document's
 * (the index hands out the same document until its next refresh, so a new
 * generation of the policy is a new target), and an answer is used only
 * between its shift's start and the next hand-over, never after.
 */
export class OnCallResolver {
  private readonly rota = new RotaOnCallProvider();
  private readonly rotaAnswers = new WeakMap<object, Map<string, RotaAnswer>>();

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
    return this.fromRota(request);
  }

  private async fromRota(
    request: OnCallProviderRequest,
  ): Promise<OnCallStatus | undefined> {
    const { rota } = request.target;
    if (!rota || typeof rota !== 'object') {
      return this.rota.getOnCall(request);
    }
    const now = request.now.toMillis();
    // the same rota may serve under other ids or policies (ref namespace)
    const key = `${request.policyRef}\u0000${request.schedule}`;
    const cached = this.rotaAnswers.get(rota)?.get(key);
    if (cached && cached.from <= now && now < cached.until) {
      return cached.status;
    }
    const status = await this.rota.getOnCall(request);
    // valid from the current shift's start (or ever, before the rota
    // starts) until the next hand-over
    const from = status?.current ? Date.parse(status.current.from) : -Infinity;
    const next = status?.current?.until ?? status?.next?.from;
    const until = next ? Date.parse(next) : NaN;
    if (status && Number.isFinite(until) && from <= now && now < until) {
      let answers = this.rotaAnswers.get(rota);
      if (!answers) {
        answers = new Map();
        this.rotaAnswers.set(rota, answers);
      }
      answers.set(key, { from, until, status });
    }
    return status;
  }
}
