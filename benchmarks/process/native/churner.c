/* churner LOGFILE [MAX_MS]: records an S record at start, sleeps a random 0..MAX_MS ms (default
 * 500; seeded by pid and time so instances differ), records an E record and exits 1. Killed at
 * stop it leaves only its S record; the driver matches S records against the supervisor's exit
 * events to count lost exits. */
#include "benchlog.h"
int main(int argc, char **argv) {
  long long t0 = bench_now_ns();
  const char *path = argc > 1 ? argv[1] : getenv("BENCH_LOG");
  int max_ms = argc > 2 ? atoi(argv[2]) : 500;
  if (max_ms < 0) max_ms = 0;
  int fd = path ? bench_open(path) : -1;
  const char *tag = bench_tag();
  bench_record(fd, 'S', t0, 0, tag);
  unsigned seed = (unsigned)getpid() * 2654435761u ^ (unsigned)t0;
  long ms = max_ms ? (long)(rand_r(&seed) % (max_ms + 1)) : 0;
  struct timespec d = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&d, &d) != 0) { }
  bench_record(fd, 'E', t0, bench_now_ns(), tag);
  _exit(1);
}
