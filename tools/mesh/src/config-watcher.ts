import { fileSignature, objectFiles } from './object-sources';

const POLL_INTERVAL_MS = 300;

/**
 * Polls files (and the contents of directories) for changes and calls back once per change.
 * Polling rather than fs.watch: editors and `helm template > file` replace files in ways
 * inotify reports inconsistently, and a few stat calls a second cost nothing.
 */
export class ConfigWatcher {
  private readonly timer: NodeJS.Timeout;
  private signature: string;
  private busy = false;

  constructor(
    private readonly paths: readonly string[],
    private readonly onChange: () => Promise<void> | void,
  ) {
    this.signature = this.currentSignature();
    this.timer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private currentSignature(): string {
    try {
      return fileSignature(objectFiles(this.paths));
    } catch {
      return 'unreadable';
    }
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    const signature = this.currentSignature();
    if (signature === this.signature) return;
    this.signature = signature;
    this.busy = true;
    try {
      await this.onChange();
    } finally {
      this.busy = false;
    }
  }
}
