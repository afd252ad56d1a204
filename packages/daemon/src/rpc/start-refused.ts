/**
 * graced must not start, for a reason the operator can fix (another graced, an unsafe socket
 * directory, programs left running by a crashed graced): main.ts prints the message, exit 2.
 */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartRefused";
  }
}
