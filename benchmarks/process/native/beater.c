/* beater [PERIOD_MS]: a service speaking the notify protocol, for the heartbeat benchmark. With
 * $NOTIFY_SOCKET set it sends READY=1 once, then WATCHDOG=1 every PERIOD_MS (default 1000) until a
 * signal ends it; without it (the baseline farm) it only sleeps, so both farms run the same binary
 * and the difference in the warden's CPU is the protocol's cost. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  long period = argc > 1 ? atol(argv[1]) : 1000;
  const char *path = getenv("NOTIFY_SOCKET");
  if (!path || !*path || period <= 0) {
    for (;;) pause();
  }
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un to;
  memset(&to, 0, sizeof to);
  to.sun_family = AF_UNIX;
  strncpy(to.sun_path, path, sizeof to.sun_path - 1);
  sendto(fd, "READY=1", 7, 0, (struct sockaddr *)&to, sizeof to);
  struct timespec every = {period / 1000, (period % 1000) * 1000000L};
  for (;;) {
    sendto(fd, "WATCHDOG=1", 10, 0, (struct sockaddr *)&to, sizeof to);
    nanosleep(&every, NULL);
  }
}
