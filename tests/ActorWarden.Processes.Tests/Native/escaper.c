/*
 * A test child that behaves like the servers issue 13 is about (PostgreSQL, nginx, daemons).
 *
 *   escaper daemons N   first forks a child that calls setsid and overwrites its argv and environment
 *                       area with a process title, as PostgreSQL's children do (neither its session,
 *                       its group nor the ACTORWARDEN_TREE marker point back to the leader; only its
 *                       parent does). Then forks N daemons: fork, setsid, fork, the middle one exits,
 *                       and the daemon retitles itself the same way. Prints the child's pid and each
 *                       daemon's pid on a line, then "ready", and waits.
 *   escaper forkbomb    every process forks forever; when fork fails it retries after 20 ms.
 *                       Prints "ready" first.
 *   escaper hog MB      touches MB mebibytes, 1 MiB at a time, then prints "held" and waits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void retitle(int argc, char **argv, const char *title)
{
    char *start = argv[0];
    char *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    for (char **e = environ; *e != NULL; e++) {
        if (*e == end) {
            end = *e + strlen(*e) + 1;
        }
    }

    /* As PostgreSQL's ps_status.c: move the environment out of the way, then reuse its memory. */
    int count = 0;
    while (environ[count] != NULL) {
        count++;
    }
    char **copy = malloc((count + 1) * sizeof(char *));
    for (int i = 0; i < count; i++) {
        copy[i] = strdup(environ[i]);
    }
    copy[count] = NULL;
    environ = copy;

    memset(start, 0, end - start);
    snprintf(start, end - start, "%s", title);
}

static int daemons(int argc, char **argv, int n)
{
    int first[2];
    if (pipe(first) != 0) {
        return 1;
    }
    if (fork() == 0) {
        close(first[0]);
        setsid();
        retitle(argc, argv, "postgres: checkpointer");
        pid_t self = getpid();
        (void)write(first[1], &self, sizeof self);
        close(first[1]);
        for (;;) {
            pause();
        }
    }
    close(first[1]);
    pid_t checkpointer = 0;
    if (read(first[0], &checkpointer, sizeof checkpointer) != sizeof checkpointer) {
        return 1;
    }
    close(first[0]);
    printf("%d\n", (int)checkpointer);

    for (int i = 0; i < n; i++) {
        int link[2];
        if (pipe(link) != 0) {
            return 1;
        }
        pid_t middle = fork();
        if (middle == 0) {
            setsid();
            if (fork() == 0) {
                close(link[0]);
                char title[64];
                snprintf(title, sizeof title, "postgres: escaped backend %d", i);
                retitle(argc, argv, title);
                pid_t self = getpid();
                (void)write(link[1], &self, sizeof self);
                close(link[1]);
                for (;;) {
                    pause();
                }
            }
            _exit(0);
        }
        close(link[1]);
        pid_t daemon = 0;
        if (read(link[0], &daemon, sizeof daemon) != sizeof daemon) {
            return 1;
        }
        close(link[0]);
        waitpid(middle, NULL, 0);
        printf("%d\n", (int)daemon);
    }

    printf("ready\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}

static _Noreturn void forkbomb(void)
{
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        if (fork() < 0) {
            usleep(20000);
        }
    }
}

static int hog(long megabytes)
{
    for (long i = 0; i < megabytes; i++) {
        char *block = malloc(1 << 20);
        if (block == NULL) {
            return 2;
        }
        memset(block, 1, 1 << 20);
    }
    printf("held\n");
    fflush(stdout);
    for (;;) {
        pause();
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "daemons") == 0) {
        return daemons(argc, argv, atoi(argv[2]));
    }
    if (argc == 2 && strcmp(argv[1], "forkbomb") == 0) {
        forkbomb();
    }
    if (argc == 3 && strcmp(argv[1], "hog") == 0) {
        return hog(atol(argv[2]));
    }
    fprintf(stderr, "usage: escaper daemons N | forkbomb | hog MB\n");
    return 64;
}
