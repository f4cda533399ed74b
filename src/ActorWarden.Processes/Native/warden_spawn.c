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
 * clone returns. On x86-64 the child is started with clone3 and CLONE_CLEAR_SIGHAND, so that the
 * kernel resets the handlers in one step where the child otherwise makes a sigaction call for each of
 * the 64 signals, about 8 µs on every start (measured on the benchmark machine).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
    int cgroup_dir_fd;        /* a cgroup v2 directory the child is born in, or -1 */
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

/* What the child is told besides the request. */
struct child_args {
    struct aw_spawn_request *r;
    int handlers_cleared;     /* clone3 reset every handler to SIG_DFL (CLONE_CLEAR_SIGHAND) */
    int born_in_cgroup;       /* clone3 started it in cgroup_dir_fd (CLONE_INTO_CGROUP) */
    int shares_files;         /* started with CLONE_FILES: stdio is reopened through stdio_paths */
    char stdio_paths[3][48];  /* /proc/<warden>/fd/<n> of stdin_fd, stdout_fd, stderr_fd */
};

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#define AW_CLOSE_RANGE_UNSHARE 2

/* Whether a child may share the warden's descriptor table until it drops it (Linux 5.9's
 * close_range with CLOSE_RANGE_UNSHARE) and reopen its stdio through /proc: read once. */
static int files_shareable;
static pthread_once_t shareable_once = PTHREAD_ONCE_INIT;

/* The warden's pid, read once: it never forks without executing, so the stdio paths of every spawn
 * name the same /proc/<pid>/fd, and three getpid calls per spawn bought nothing. */
static pid_t warden_pid;

static void read_shareable(void)
{
    int pipe_fds[2];
    char path[48];
    int reopened;

    if (syscall(SYS_close_range, ~0U, ~0U, 0) != 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
        return;
    }

    warden_pid = getpid();
    snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)warden_pid, pipe_fds[1]);
    reopened = open(path, O_WRONLY | O_CLOEXEC);
    files_shareable = reopened >= 0;
    if (reopened >= 0) {
        close(reopened);
    }

    close(pipe_fds[0]);
    close(pipe_fds[1]);
}

/* The signals the warden ignores (the runtime ignores SIGPIPE), read once: exec keeps an ignored
 * signal ignored, so the child sets them back to default itself. */
static sigset_t ignored;
static pthread_once_t ignored_once = PTHREAD_ONCE_INIT;

static void read_ignored(void)
{
    struct sigaction current;
    sigemptyset(&ignored);
    for (int sig = 1; sig < _NSIG; sig++) {
        if (sigaction(sig, NULL, &current) == 0 && current.sa_handler == SIG_IGN) {
            sigaddset(&ignored, sig);
        }
    }
}

static int child_main(void *arg)
{
    struct child_args *a = arg;
    struct aw_spawn_request *r = a->r;
    struct sigaction dfl;
    sigset_t none;
    int sig;

    /* Every signal is still blocked (inherited from the parent). Handlers of the runtime must never
     * run here, so dispositions go back to default before anything is unblocked. Without CLONE_SIGHAND
     * this changes the child's copy of the table only. After clone3 the kernel has already done it
     * for every handler, and only the ignored signals are left: one sigaction each, not one per signal. */
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (sig = 1; sig < _NSIG; sig++) {
        if (!a->handlers_cleared || sigismember(&ignored, sig)) {
            sigaction(sig, &dfl, NULL); /* fails harmlessly for SIGKILL, SIGSTOP and libc's own */
        }
    }

    if (r->cgroup_dir_fd >= 0 && !a->born_in_cgroup) {
        /* Closed before a failure is reported: a child that shares the warden's table would leave it there. */
        int procs = openat(r->cgroup_dir_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
        int joined = procs >= 0 && write(procs, "0", 1) == 1;
        int saved = errno;
        if (procs >= 0) {
            close(procs);
        }
        if (!joined) {
            errno = saved;
            fail(r, AW_STEP_CGROUP);
        }
    }

    for (int i = 0; i < r->cgroup_count; i++) {
        if (write(r->cgroup_fds[i], "0", 1) != 1) {
            fail(r, AW_STEP_CGROUP);
        }
    }

    if (a->shares_files) {
        /* Still on the warden's own table: drop it for an empty one of the child's own, then open
         * 0, 1 and 2 anew on what the warden's descriptors point at (a pipe reopened through /proc
         * is the same pipe). Copying the warden's table (three descriptors per instance) and closing
         * every copy again at exec was most of a spawn's cost in a farm of a thousand. */
        if (syscall(SYS_close_range, 0U, ~0U, AW_CLOSE_RANGE_UNSHARE) != 0
            || open(a->stdio_paths[0], O_RDONLY) != 0
            || open(a->stdio_paths[1], O_WRONLY) != 1
            || open(a->stdio_paths[2], O_WRONLY) != 2) {
            fail(r, AW_STEP_FDS);
        }
    }

    if (setsid() < 0) {
        fail(r, AW_STEP_SETSID);
    }

    /* The sources are close-on-exec in the parent; dup2 gives copies without the flag. */
    if (!a->shares_files && (dup2(r->stdin_fd, 0) < 0 || dup2(r->stdout_fd, 1) < 0 || dup2(r->stderr_fd, 2) < 0)) {
        fail(r, AW_STEP_FDS);
    }

    if (r->cwd != NULL && chdir(r->cwd) != 0) {
        fail(r, AW_STEP_CHDIR);
    }

    if (!a->shares_files) {
        /* What the warden inherited without close-on-exec stays with the warden (best effort: Linux 5.9). */
        syscall(SYS_close_range, 3U, ~0U, 0);
    }

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(r->path, r->argv, r->envp);
    fail(r, AW_STEP_EXEC);
    return 127;
}

#if defined(__x86_64__)
/* struct clone_args of linux/sched.h up to the cgroup field (Linux 5.7), spelled out here because
 * that header's CLONE_* macros clash with glibc's. */
struct aw_clone_args {
    uint64_t flags;
    uint64_t pidfd;
    uint64_t child_tid;
    uint64_t parent_tid;
    uint64_t exit_signal;
    uint64_t stack;
    uint64_t stack_size;
    uint64_t tls;
    uint64_t set_tid;
    uint64_t set_tid_size;
    uint64_t cgroup;
};

#define AW_CLONE_CLEAR_SIGHAND 0x100000000ULL
#define AW_CLONE_INTO_CGROUP 0x200000000ULL
#define AW_SYS_CLONE3 435

/*
 * clone3 has no glibc wrapper: the child starts on the new stack at the instruction after the
 * syscall, with the parent's registers, so it must not return into C code of the parent's frame.
 * It calls fn(arg) on its own stack and leaves with exit(2) if fn ever returns (it execs or _exits).
 * Returns the pid in the parent, or -errno.
 */
static long clone3_vfork(struct aw_clone_args *args, int (*fn)(void *), void *arg)
{
    long result;
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "xor %%ebp, %%ebp\n\t"
        "mov %[arg], %%rdi\n\t"
        "call *%[fn]\n\t"
        "mov %%eax, %%edi\n\t"
        "mov $60, %%eax\n\t"
        "syscall\n\t"
        "hlt\n\t"
        "1:\n\t"
        : "=a"(result)
        : "a"((long)AW_SYS_CLONE3), "D"(args), "S"(sizeof *args), [fn] "r"(fn), [arg] "r"(arg)
        : "rcx", "r11", "memory", "cc");
    return result;
}
#endif

/* Starts child_main on the stack; the kernel clears the handlers where it can (Linux 5.5, x86-64). */
static int start_child(struct child_args *a, void *stack, size_t stack_size)
{
#if defined(__x86_64__)
    struct aw_clone_args args;
    long pid;

    memset(&args, 0, sizeof args);
    args.flags = CLONE_VM | CLONE_VFORK | AW_CLONE_CLEAR_SIGHAND | (a->shares_files ? CLONE_FILES : 0);
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t)(uintptr_t)stack;
    args.stack_size = stack_size;
    if (a->r->cgroup_dir_fd >= 0) {
        /* Born in its group (Linux 5.7): no migration by a write to cgroup.procs. */
        args.flags |= AW_CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)a->r->cgroup_dir_fd;
    }

    a->handlers_cleared = 1;
    a->born_in_cgroup = a->r->cgroup_dir_fd >= 0;
    pid = clone3_vfork(&args, child_main, a);
    if (pid >= 0) {
        return (int)pid;
    }
#endif
    /* No clone3 (an older kernel, a seccomp filter that refuses it, or it refused the group): clone,
     * and the child resets every signal and joins its group itself, which reports what went wrong. */
    a->handlers_cleared = 0;
    a->born_in_cgroup = 0;
    return clone(child_main, (char *)stack + stack_size, CLONE_VM | CLONE_VFORK | (a->shares_files ? CLONE_FILES : 0) | SIGCHLD, a);
}

#define AW_STACK_SIZE (64 * 1024)

/* The child's stack is kept for the calling thread's next spawn. The thread is suspended until the
 * child has executed or exited, so no two children ever run on one stack. A stack mapped and
 * unmapped on every spawn cost an mmap, a munmap with a TLB shootdown across the warden's threads,
 * and a page fault in every child: about 4 % of the warden's CPU per restart (perf, a crash loop). */
static pthread_key_t stack_key;
static int stack_key_ready;
static pthread_once_t stack_key_once = PTHREAD_ONCE_INIT;

static void free_stack(void *stack)
{
    munmap(stack, AW_STACK_SIZE);
}

static void make_stack_key(void)
{
    stack_key_ready = pthread_key_create(&stack_key, free_stack) == 0;
}

/* The calling thread's stack, mapped on its first spawn; NULL (errno set) when none can be mapped. */
static void *thread_stack(void)
{
    void *stack;

    pthread_once(&stack_key_once, make_stack_key);
    stack = stack_key_ready ? pthread_getspecific(stack_key) : NULL;
    if (stack != NULL) {
        return stack;
    }

    stack = mmap(NULL, AW_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) {
        return NULL;
    }

    if (stack_key_ready) {
        /* Should this fail, stack_is_kept says so and the spawn unmaps the stack when it returns. */
        pthread_setspecific(stack_key, stack);
    }

    return stack;
}

/* Whether aw_spawn must unmap the stack itself (it could not be kept for the thread). */
static int stack_is_kept(void *stack)
{
    return stack_key_ready && pthread_getspecific(stack_key) == stack;
}

/*
 * Starts the child; returns 0 and its pid, or an errno (the request says at which step) after the
 * failed child has been reaped.
 */
int aw_spawn(struct aw_spawn_request *r, int *pid_out)
{
    struct child_args child;
    sigset_t all, previous;
    void *stack;
    int pid, saved;

    r->error = 0;
    r->failed_step = AW_STEP_NONE;
    *pid_out = -1;

    stack = thread_stack();
    if (stack == NULL) {
        return errno;
    }

    pthread_once(&ignored_once, read_ignored);
    pthread_once(&shareable_once, read_shareable);
    child.shares_files = files_shareable;
    if (child.shares_files) {
        const int stdio[3] = { r->stdin_fd, r->stdout_fd, r->stderr_fd };
        for (int i = 0; i < 3; i++) {
            snprintf(child.stdio_paths[i], sizeof child.stdio_paths[i], "/proc/%d/fd/%d", (int)warden_pid, stdio[i]);
        }
    }

    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    child.r = r;
    pid = start_child(&child, stack, AW_STACK_SIZE);
    saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (!stack_is_kept(stack)) {
        munmap(stack, AW_STACK_SIZE);
    }

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
