/* The option parser shared by every applet. */
#include "../../../cmd/opt.h"
#include "../unit.h"

enum { A = 1, B, C, LONGONLY, GLOBAL };

static const struct opt mine[] = {
	{ A, 'a', "all", NULL, "all" },
	{ B, 'b', NULL, NULL, "b" },
	{ C, 'c', "core", "FILE", "core file" },
	{ LONGONLY, 0, "types", "FILE", "types" },
	{ 0 },
};
static const struct opt global[] = {
	{ GLOBAL, 'v', "verbose", NULL, "verbose" },
	{ 0 },
};

static int run(int argc, char **argv, char *trace, size_t len)
{
	struct opt_state s;
	int id;

	trace[0] = 0;
	opt_init(&s, argc, argv);
	while ((id = opt_next(&s, mine, global)) != 0) {
		char one[200];

		if (id < 0)
			snprintf(one, sizeof(one), "E(%s)", s.err);
		else
			snprintf(one, sizeof(one), "%d%s%s;", id, s.arg ? "=" : "", s.arg ? s.arg : "");
		strncat(trace, one, len - strlen(trace) - 1);
		if (id < 0)
			break;
	}
	return s.ind;
}

#define ARGS(...) (char *[]){ "prog", __VA_ARGS__, NULL }
#define N(...) (int)(sizeof((char *[]){ "prog", __VA_ARGS__ }) / sizeof(char *))

int main(void)
{
	char t[512];
	int ind;

	ind = run(N("-ab", "x"), ARGS("-ab", "x"), t, sizeof(t));
	CHECK(!strcmp(t, "1;2;") && ind == 2, "cluster -ab then operand: %s ind %d", t, ind);
	ind = run(N("-cFILE", "-c", "F2", "--core=F3", "--core", "F4"), ARGS("-cFILE", "-c", "F2", "--core=F3", "--core", "F4"), t, sizeof(t));
	CHECK(!strcmp(t, "3=FILE;3=F2;3=F3;3=F4;") && ind == 7, "every argument form: %s", t);
	ind = run(N("-bcX"), ARGS("-bcX"), t, sizeof(t));
	CHECK(!strcmp(t, "2;3=X;"), "argument attached after a flag in a cluster: %s", t);
	ind = run(N("-v", "--verbose", "--types", "T"), ARGS("-v", "--verbose", "--types", "T"), t, sizeof(t));
	CHECK(!strcmp(t, "5;5;4=T;"), "second table and long-only options: %s", t);
	ind = run(N("--", "-a"), ARGS("--", "-a"), t, sizeof(t));
	CHECK(!strcmp(t, "") && ind == 2, "-- ends options: ind %d", ind);
	ind = run(N("-", "-a"), ARGS("-", "-a"), t, sizeof(t));
	CHECK(!strcmp(t, "") && ind == 1, "a lone - is an operand");
	run(N("-z"), ARGS("-z"), t, sizeof(t));
	CHECK(strstr(t, "unknown option '-z'") != NULL, "unknown short option: %s", t);
	run(N("--al"), ARGS("--al"), t, sizeof(t));
	CHECK(strstr(t, "unknown option '--al'") != NULL, "a prefix never selects an option: %s", t);
	run(N("-c"), ARGS("-c"), t, sizeof(t));
	CHECK(strstr(t, "needs an argument") != NULL, "missing argument: %s", t);
	run(N("--core"), ARGS("--core"), t, sizeof(t));
	CHECK(strstr(t, "needs an argument") != NULL, "missing long argument: %s", t);
	run(N("--all=1"), ARGS("--all=1"), t, sizeof(t));
	CHECK(strstr(t, "takes no argument") != NULL, "argument to a flag: %s", t);
	{
		char help[1024];

		opt_help(mine, help, sizeof(help));
		CHECK(strstr(help, "-c, --core FILE") && strstr(help, "    --types FILE") && strstr(help, "-b "),
		      "help lines:\n%s", help);
		CHECK(opt_help(mine, help, 10) > 10, "help reports the length it needs");
	}
	UNIT_DONE();
}
