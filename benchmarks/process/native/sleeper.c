/* sleeper LOGFILE: records its start time in one 64-byte O_APPEND record, then sleeps until a
 * signal ends it. The farm-scale child (a static binary of a few pages, so 5,000 of them cost the
 * machine little and the measurement is about the supervisor). */
#include <signal.h>
#include "benchlog.h"
int main(int argc, char **argv) {
  long long t0 = bench_now_ns();
  const char *path = argc > 1 ? argv[1] : getenv("BENCH_LOG");
  if (path) {
    int fd = bench_open(path);
    bench_record(fd, 'S', t0, 0, bench_tag());
    if (fd >= 0) close(fd);
  }
  for (;;) pause();
}
