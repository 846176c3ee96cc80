// Typed errors of `heapdrop capture`: each names what went wrong with the target process in one line; the CLI
// prints it and exits with code 2.

export type CaptureErrorCode =
  | 'NO_PROCESS' // no process with that PID (or it ended during the capture)
  | 'NOT_HOTSPOT' // a process, but not a HotSpot JVM
  | 'OPENJ9' // an OpenJ9 / IBM J9 JVM: another attach mechanism
  | 'ATTACH_DISABLED' // -XX:+DisableAttachMechanism, or SIGQUIT not caught (-Xrs)
  | 'PERMISSION' // not root and not the JVM's user, or the JVM refused our credentials
  | 'TIMEOUT' // the JVM did not open its attach socket in time
  | 'JVM_ERROR' // the JVM answered with an error (its own output is in the message)
  | 'CONTAINER' // a container that cannot be resolved to one JVM
  | 'INTERRUPTED' // SIGINT/SIGTERM: stopped once nothing of ours was left in the target
  | 'PLATFORM'; // not Linux

export class CaptureError extends Error {
  readonly code: CaptureErrorCode;
  constructor(code: CaptureErrorCode, message: string) {
    super(message);
    this.name = 'CaptureError';
    this.code = code;
  }
}
