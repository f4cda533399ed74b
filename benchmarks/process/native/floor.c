/* The floor: the least a supervisor can do, in C with no abstraction at all.
 *
 *   floor restart N CHILD LOG OUT [fork]
 *       runs CHILD LOG N times in a row: spawn (new session, stdio on /dev/null), waitpid, spawn the
 *       next at once. posix_spawn (vfork-like in glibc) by default, fork+setsid+execv with "fork".
 *       Writes to OUT one line per child: "<pid> <spawn_called_ns> <exit_reaped_ns>" (CLOCK_MONOTONIC).
 *   floor churn N SECONDS CHILD LOG MAX_MS OUT [spawn]
 *       keeps N instances of CHILD LOG MAX_MS running for SECONDS (INSTANCE=c-<i> in each child's
 *       environment), respawning each one as soon as a blocking waitpid(-1) reaps it (SIGALRM ends
 *       the window); then SIGTERMs the rest and reaps them. fork+setsid+execve by default: unlike
 *       posix_spawn (vfork), fork does not hold the parent until the child has exec'd, which on a
 *       busy machine would cap a serial spawner at the run queue's latency. "spawn" uses posix_spawn.
 *       Writes one line per reaped child to OUT: "<pid> <instance> <exit_reaped_ns>".
 *
 * Both print "cpu_user_s cpu_sys_s children_reaped" of the floor process itself on stdout. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static posix_spawn_file_actions_t fa;
static posix_spawnattr_t attr;

static void spawn_setup(void) {
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK);
}

static pid_t spawn_child(char *const argv[], char *const envp[], int use_fork) {
  pid_t pid;
  if (!use_fork) {
    int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv, envp);
    if (rc != 0) { fprintf(stderr, "floor: posix_spawn %s: %s\n", argv[0], strerror(rc)); exit(2); }
    return pid;
  }
  pid = fork();
  if (pid < 0) { perror("floor: fork"); exit(2); }
  if (pid == 0) {
    setsid();
    int n = open("/dev/null", O_RDWR);
    dup2(n, 0); dup2(n, 1); dup2(n, 2);
    if (n > 2) close(n);
    execve(argv[0], argv, envp);
    _exit(127);
  }
  return pid;
}

static void print_cpu(long reaped) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("%.6f %.6f %ld\n", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
         ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, reaped);
}

static int do_restart(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: floor restart N CHILD LOG OUT [fork]\n"); return 2; }
  long n = atol(argv[2]);
  int use_fork = argc > 6 && strcmp(argv[6], "fork") == 0;
  char *cargv[] = { argv[3], argv[4], NULL };
  long long *t_spawn = calloc((size_t)n, sizeof *t_spawn), *t_reap = calloc((size_t)n, sizeof *t_reap);
  pid_t *pids = calloc((size_t)n, sizeof *pids);
  if (!t_spawn || !t_reap || !pids) return 2;
  spawn_setup();
  for (long i = 0; i < n; i++) {
    t_spawn[i] = now_ns();
    pids[i] = spawn_child(cargv, environ, use_fork);
    int st;
    while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR) { }
    t_reap[i] = now_ns();
  }
  FILE *out = fopen(argv[5], "w");
  if (!out) { perror(argv[5]); return 2; }
  for (long i = 0; i < n; i++) fprintf(out, "%d %lld %lld\n", (int)pids[i], t_spawn[i], t_reap[i]);
  fclose(out);
  print_cpu(n);
  return 0;
}

static volatile sig_atomic_t deadline_passed = 0;
static void on_alarm(int sig) { (void)sig; deadline_passed = 1; }

static int do_churn(int argc, char **argv) {
  if (argc < 8) { fprintf(stderr, "usage: floor churn N SECONDS CHILD LOG MAX_MS OUT [spawn]\n"); return 2; }
  int n = atoi(argv[2]);
  double secs = atof(argv[3]);
  int use_fork = !(argc > 8 && strcmp(argv[8], "spawn") == 0);
  char *cargv[] = { argv[4], argv[5], argv[6], NULL };
  FILE *out = fopen(argv[7], "w");
  if (!out) { perror(argv[7]); return 2; }
  int envc = 0;
  while (environ[envc]) envc++;
  char ***envs = calloc((size_t)n, sizeof *envs);
  pid_t *pids = calloc((size_t)n, sizeof *pids);
  for (int i = 0; i < n; i++) {
    envs[i] = calloc((size_t)envc + 2, sizeof(char *));
    int k = 0;
    for (int j = 0; j < envc; j++)
      if (strncmp(environ[j], "INSTANCE=", 9) != 0) envs[i][k++] = environ[j];
    char *v = malloc(32);
    snprintf(v, 32, "INSTANCE=c-%d", i + 1);
    envs[i][k++] = v;
    envs[i][k] = NULL;
  }
  spawn_setup();
  /* SIGALRM (no SA_RESTART) interrupts the blocking waitpid at the deadline. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_sec = (time_t)secs;
  it.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) * 1e6);
  for (int i = 0; i < n; i++) pids[i] = spawn_child(cargv, envs[i], use_fork);
  setitimer(ITIMER_REAL, &it, NULL);
  long reaped = 0;
  int stopping = 0, alive = n;
  while (alive > 0) {
    if (!stopping && deadline_passed) {
      stopping = 1;
      for (int i = 0; i < n; i++) if (pids[i] > 0) kill(pids[i], SIGTERM);
    }
    int st;
    pid_t p = waitpid(-1, &st, 0);
    if (p < 0) { if (errno == EINTR) continue; break; }
    long long t = now_ns();
    reaped++;
    int idx = -1;
    for (int i = 0; i < n; i++) if (pids[i] == p) { idx = i; break; }
    if (idx < 0) continue;
    fprintf(out, "%d c-%d %lld\n", (int)p, idx + 1, t);
    if (stopping) { pids[idx] = 0; alive--; }
    else pids[idx] = spawn_child(cargv, envs[idx], use_fork);
  }
  fclose(out);
  print_cpu(reaped);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "restart") == 0) return do_restart(argc, argv);
  if (argc > 1 && strcmp(argv[1], "churn") == 0) return do_churn(argc, argv);
  fprintf(stderr, "usage: floor restart|churn ...\n");
  return 2;
}
