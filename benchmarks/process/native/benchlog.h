/* Shared by the benchmark children: one fixed-size (64-byte) record per write, appended with
 * O_APPEND so that concurrent writers never interleave and the driver can count records by file
 * size alone. Times are CLOCK_MONOTONIC nanoseconds (the same clock on every process of the host).
 *
 * Record: "<K> <pid:7> <t1:19> <t2:19> <tag:12>\n" padded to 64 bytes, K = C (crash: t1 = start,
 * t2 = just before _exit), S (start: t2 = 0), E (exit: t1 = start, t2 = just before _exit). */
#ifndef BENCHLOG_H
#define BENCHLOG_H
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BENCH_RECORD 64

static inline long long bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int bench_open(const char *path) {
  return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

static inline void bench_record(int fd, char kind, long long t1, long long t2, const char *tag) {
  char buf[BENCH_RECORD + 8];
  int n = snprintf(buf, sizeof buf, "%c %7d %19lld %19lld %-12.12s", kind, (int)getpid(), t1, t2,
                   tag ? tag : "-");
  if (n < 0) n = 0;
  if (n > BENCH_RECORD - 1) n = BENCH_RECORD - 1;
  memset(buf + n, ' ', (size_t)(BENCH_RECORD - 1 - n));
  buf[BENCH_RECORD - 1] = '\n';
  if (fd >= 0) { ssize_t w = write(fd, buf, BENCH_RECORD); (void)w; }
}

/* The instance tag: $INSTANCE when the supervisor sets it, else "-". */
static inline const char *bench_tag(void) {
  const char *t = getenv("INSTANCE");
  return (t && *t) ? t : "-";
}
#endif
