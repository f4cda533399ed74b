/*
 * The warden's spawner: posix_spawn's vfork-style start with one step glibc 2.36 cannot do, joining
 * the instance's control groups between fork and exec. The child writes "0" (itself) into every
 * cgroup.procs it is given before it can run a line of the service's program, so nothing it starts
 * can be born outside the group, and no shell has to be executed first to hold it at a gate.
 *
 * The child shares the parent's memory (CLONE_VM | CLONE_VFORK, as glibc's posix_spawn does): it runs
 * on its own small stack, touches only the request and its own stack, calls only async-signal-safe
 * functions, and reports a failure by storing errno in the request before _exit. The calling thread is
 * suspended until the child has executed its program or exited, so the report is complete when
 * clone returns.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Must match ActorWarden.Processes.Linux.NativeSpawner.Request field for field. */
struct aw_spawn_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;          /* NULL: the warden's own */
    int stdin_fd;             /* becomes fd 0 */
    int stdout_fd;            /* becomes fd 1 */
    int stderr_fd;            /* becomes fd 2 */
    int cgroup_count;
    const int *cgroup_fds;    /* open cgroup.procs (or v1 tasks' cgroup.procs) files, O_WRONLY */
    int error;                /* out: errno of the failed step, 0 when the program runs */
    int failed_step;          /* out: which step failed (see AW_STEP_*) */
};

enum {
    AW_STEP_NONE = 0,
    AW_STEP_CGROUP = 1,
    AW_STEP_SETSID = 2,
    AW_STEP_FDS = 3,
    AW_STEP_CHDIR = 4,
    AW_STEP_EXEC = 5,
};

static void fail(struct aw_spawn_request *r, int step)
{
    r->error = errno;
    r->failed_step = step;
    _exit(127);
}

static int child_main(void *arg)
{
    struct aw_spawn_request *r = arg;
    struct sigaction dfl;
    sigset_t none;
    int sig;

    /* Every signal is still blocked (inherited from the parent). Handlers of the runtime must never
     * run here, so dispositions go back to default before anything is unblocked. Without CLONE_SIGHAND
     * this changes the child's copy of the table only. */
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (sig = 1; sig < _NSIG; sig++) {
        sigaction(sig, &dfl, NULL); /* fails harmlessly for SIGKILL, SIGSTOP and libc's own */
    }

    for (int i = 0; i < r->cgroup_count; i++) {
        if (write(r->cgroup_fds[i], "0", 1) != 1) {
            fail(r, AW_STEP_CGROUP);
        }
    }

    if (setsid() < 0) {
        fail(r, AW_STEP_SETSID);
    }

    /* The sources are close-on-exec in the parent; dup2 gives copies without the flag. */
    if (dup2(r->stdin_fd, 0) < 0 || dup2(r->stdout_fd, 1) < 0 || dup2(r->stderr_fd, 2) < 0) {
        fail(r, AW_STEP_FDS);
    }

    if (r->cwd != NULL && chdir(r->cwd) != 0) {
        fail(r, AW_STEP_CHDIR);
    }

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(r->path, r->argv, r->envp);
    fail(r, AW_STEP_EXEC);
    return 127;
}

/*
 * Starts the child; returns 0 and its pid, or an errno (the request says at which step) after the
 * failed child has been reaped.
 */
int aw_spawn(struct aw_spawn_request *r, int *pid_out)
{
    const size_t stack_size = 64 * 1024;
    sigset_t all, previous;
    void *stack;
    int pid, saved;

    r->error = 0;
    r->failed_step = AW_STEP_NONE;
    *pid_out = -1;

    stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        return errno;
    }

    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    pid = clone(child_main, (char *)stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, r);
    saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    munmap(stack, stack_size);

    if (pid < 0) {
        return saved;
    }

    if (r->error != 0) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        return r->error;
    }

    *pid_out = pid;
    return 0;
}
