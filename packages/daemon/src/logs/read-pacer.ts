/**
 * How eagerly one pipe is read. Programs write in small pieces (4 KiB for `yes | head`, a
 * line for most), and a reader that wakes for each one spends its time waking: 200 MB of them
 * was ~23,000 reads of 4 KiB. So after each read the next one waits WAIT_MS: the first write
 * after a quiet spell is read at once, and while a program keeps writing, what it wrote in that
 * millisecond is read in one go. A read that fills the read buffer goes on at once (more is
 * waiting).
 *
 * A pipe holds 64 KiB (CALM_PIPE): at one read a millisecond that is 64 MB/s, so a pipe whose
 * read found GROW_READ or more grows to FLOOD_PIPE (1 MiB: a millisecond at 1 GB/s), and
 * shrinks back once a wait brings less than SHRINK_READ. The big size is held only while a
 * program floods: the kernel counts a pipe's capacity against its user's pipe-user-pages limits.
 * A pipe that cannot grow (/proc/sys/fs/pipe-max-size, pipe-user-pages-hard) stays at 64 KiB.
 */
export const WAIT_MS = 1;
export const GROW_READ = 32 * 1024;
export const SHRINK_READ = 4 * 1024;
export const FLOOD_PIPE = 1024 * 1024;
/** What a pipe holds unless resized (Linux). */
export const CALM_PIPE = 64 * 1024;

/** Sets the pipe's capacity (F_SETPIPE_SZ); returns the capacity it now has, or -1 when refused. */
export type Resize = (bytes: number) => number;

export class ReadPacer {
  private grown = false;

  constructor(private readonly resize: Resize) {}

  /**
   * After a read of `n` bytes into a buffer of `size`: how long to wait before the next read
   * (0: read on at once).
   */
  afterRead(n: number, size: number): number {
    if (n >= size) return 0; // the buffer is full: more is waiting
    if (!this.grown && n >= GROW_READ) this.grown = this.resize(FLOOD_PIPE) >= FLOOD_PIPE;
    // a shrink fails (EBUSY) while the pipe holds more than 64 KiB: then it is tried again next time
    else if (this.grown && n < SHRINK_READ && this.resize(CALM_PIPE) !== -1) this.grown = false;
    return WAIT_MS;
  }
}
