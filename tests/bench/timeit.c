/*
 * timeit: run a command N times (after one untimed warm-up run) and print
 * "median_ms min_ms max_ms peak_rss_kb" for the whole processes. Wall time is
 * taken around fork and wait; peak RSS from wait4's rusage.
 * Usage: timeit N CMD [ARGS...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double run(char **argv, long *rss)
{
	struct rusage ru;
	double t0 = now_ms();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	wait4(pid, &status, 0, &ru);
	*rss = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "timeit: %s failed (status %d)\n", argv[0], status);
		exit(1);
	}
	return now_ms() - t0;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0, i;
	double *t;
	long rss, peak = 0;

	if (n < 1) {
		fprintf(stderr, "usage: timeit N CMD [ARGS...]\n");
		return 2;
	}
	t = calloc(n, sizeof(*t));
	run(argv + 2, &rss);
	for (i = 0; i < n; i++) {
		t[i] = run(argv + 2, &rss);
		if (rss > peak)
			peak = rss;
	}
	qsort(t, n, sizeof(*t), cmp);
	printf("%.2f %.2f %.2f %ld\n", t[n / 2], t[0], t[n - 1], peak);
	return 0;
}
