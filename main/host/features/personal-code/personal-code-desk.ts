// The counter's side of personal codes: the clerk has checked the person against their card face to
// face, the platform signs a code for them (only the platform holds the signing keys, so this needs
// the network), and the receipt printer prints it with the masked name and expiry.
import type { HostHandlers } from '../../../../contract/host-api.js';
import { maskName } from '../../../../contract/masking.js';
import { HostFault } from '../../dispatch.js';
import type { CitizenSession } from '../session/citizen-session.js';
import { PlatformUnreachable, type HostPlatformClient } from '../../platform-client.js';
import type { PrinterFeature } from '../devices/printer-feature.js';
import type { HostFeature } from '../../host-feature.js';
import { personalCodeSlipBytes } from '../../../../drivers/receipts/index.js';

export class PersonalCodeDesk implements HostFeature {
  readonly name = 'personal-code-desk';
  constructor(private readonly deps: { role: string; hallName: string; session: CitizenSession; platform: HostPlatformClient; printers: PrinterFeature }) {}

  /** The card the clerk read, at a counter; the platform's answer to a request about its holder. */
  private async askPlatform(
    route: 'personalCodeIssue' | 'personalCodeRevoke',
    body: (card: { idNumber: string; name: string }) => unknown,
  ): Promise<{ body: unknown; card: { name: string } }> {
    if (this.deps.role !== 'counter')
      throw new HostFault('unauthorized', 'personal codes are printed and revoked at a counter terminal', 'personalCode.counterOnly');
    const card = this.deps.session.card()?.reading.card;
    if (!card) throw new HostFault('conflict', "read the citizen's ID card first", 'personalCode.readCardFirst');
    let reply;
    try {
      reply = await this.deps.platform.request(route, { body: body(card) });
    } catch (error) {
      if (error instanceof PlatformUnreachable)
        throw new HostFault(
          'unavailable',
          'the platform cannot be reached: personal codes are kept there; try again when the link is back',
          'platform.unreachable',
        );
      throw error;
    }
    if (reply.status !== 200)
      throw new HostFault(reply.status === 403 ? 'unauthorized' : 'bad-input', `the platform refused (${reply.status})`, 'platform.refused');
    return { body: reply.body, card };
  }

  readonly handlers: Pick<HostHandlers, 'personalCode.issue' | 'personalCode.revoke'> = {
    'personalCode.revoke': async () => {
      const { card } = await this.askPlatform('personalCodeRevoke', ({ idNumber }) => ({ idNumber }));
      return { revoked: true as const, maskedName: maskName(card.name) };
    },
    'personalCode.issue': async ({ deviceId }) => {
      const printer = this.deps.printers.printer(deviceId);
      const issued = (await this.askPlatform('personalCodeIssue', ({ idNumber, name }) => ({ idNumber, name }))).body as {
        code: string;
        maskedName: string;
        expiresAt: string;
      };
      const result = await printer.print({ bytes: personalCodeSlipBytes({ ...issued, hallName: this.deps.hallName }, printer.profile) });
      return {
        maskedName: issued.maskedName,
        expiresAt: issued.expiresAt,
        receipt: { outcome: result.outcome, condition: result.condition, ...(result.reason ? { reason: result.reason } : {}) },
      };
    },
  };
}
