/** Hosts that never leave the machine: 127.0.0.0/8, `localhost` and `[::1]`, as URL.hostname spells them. */
export const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/** Whether `url` is an absolute URL whose host is loopback (false for anything unparsable). */
export function isLoopbackUrl(url: string, protocol?: "http:" | "https:"): boolean {
  try {
    const parsed = new URL(url);
    return LOOPBACK_HOST.test(parsed.hostname) && (protocol === undefined || parsed.protocol === protocol);
  } catch {
    return false;
  }
}
