/* crasher LOGFILE: records its start time (first thing in main) and the time just before it
 * exits, in one 64-byte O_APPEND record, then exits 1 at once. The restart-latency child. */
#include "benchlog.h"
int main(int argc, char **argv) {
  long long t0 = bench_now_ns();
  const char *path = argc > 1 ? argv[1] : getenv("BENCH_LOG");
  int fd = path ? bench_open(path) : -1;
  long long t1 = bench_now_ns();
  bench_record(fd, 'C', t0, t1, bench_tag());
  _exit(1);
}
