/*
 * core2-scale: the scale fixture's helper inside the guest (tests/vm/init.sh,
 * core2_mode=scale), where busybox alone would take too long or cannot do it.
 *
 *   core2-scale lookup LIST  look up every NUL-separated path of LIST, each of
 *                            which must not exist: every lookup leaves a
 *                            negative dentry. Exit 1 if one exists.
 *   core2-scale tasks P T    P processes of T threads each (the first thread
 *                            of each is the process), every one named (comm)
 *                            by task_name() below; prints "ready" once all
 *                            exist, then they all sleep until killed.
 *
 * Built static with musl by tests/vm/vm.mk; the guest has no libc of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int lookup(const char *list)
{
	int fd = open(list, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(list);
		return 2;
	}
	char *buf = malloc(st.st_size + 1);
	ssize_t got = 0;
	while (buf && got < st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);
		if (n <= 0)
			break;
		got += n;
	}
	if (!buf || got != st.st_size) {
		fprintf(stderr, "%s: cannot read\n", list);
		return 2;
	}
	buf[got] = '\0';
	long looked = 0, existing = 0;
	for (char *p = buf; p < buf + got; p += strlen(p) + 1) {
		looked++;
		if (lstat(p, &st) == 0) {
			if (existing++ < 5)
				fprintf(stderr, "exists: %s\n", p);
		} else if (errno != ENOENT) {
			fprintf(stderr, "%s: %s\n", p, strerror(errno));
			return 2;
		}
	}
	printf("%ld paths looked up, %ld exist\n", looked, existing);
	return existing ? 1 : 0;
}

/*
 * Names that stress a reader of comm: spaces, the full 15 bytes, UTF-8,
 * a leading dash. Processes and threads get different ones.
 */
static void task_name(char *out, int proc, int thread)
{
	char full[64];
	switch ((proc + thread) % 5) {
	case 0: snprintf(full, sizeof full, "scale-%d-%d", proc, thread); break;
	case 1: snprintf(full, sizeof full, "sc p%d t%d", proc, thread); break;
	case 2: snprintf(full, sizeof full, "s%03d-%04d-fill15", proc, thread); break;
	case 3: snprintf(full, sizeof full, "caf\xc3\xa9 %d/%d", proc, thread); break;
	default: snprintf(full, sizeof full, "-dash %d.%d", proc, thread); break;
	}
	snprintf(out, 16, "%.15s", full); /* comm holds 15 bytes */
}

static int ready[2]; /* every task writes a byte once it has its name */

static void *sleeper(void *arg)
{
	char name[16];
	long v = (long)arg;
	task_name(name, (int)(v >> 16), (int)(v & 0xffff));
	prctl(PR_SET_NAME, name);
	if (write(ready[1], "r", 1) != 1)
		_exit(2);
	for (;;)
		pause();
	return NULL;
}

static int tasks(int procs, int threads)
{
	if (pipe(ready) != 0) {
		perror("pipe");
		return 2;
	}
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid > 0)
			continue;
		char name[16];
		pthread_attr_t a;
		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 16384);
		for (int t = 1; t < threads; t++) {
			pthread_t th;
			if (pthread_create(&th, &a, sleeper, (void *)(long)((p << 16) | t)) != 0) {
				fprintf(stderr, "process %d: thread %d: cannot create\n", p, t);
				_exit(2);
			}
		}
		task_name(name, p, 0);
		prctl(PR_SET_NAME, name);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	close(ready[1]);
	for (long n = 0; n < (long)procs * threads; n++) {
		char c;
		if (read(ready[0], &c, 1) != 1) {
			fprintf(stderr, "%ld of %d tasks ready: one died\n", n, procs * threads);
			return 2;
		}
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "lookup") == 0)
		return lookup(argv[2]);
	if (argc == 4 && strcmp(argv[1], "tasks") == 0)
		return tasks(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: core2-scale lookup LIST | tasks PROCS THREADS\n");
	return 2;
}
