// SPDX-License-Identifier: GPL-2.0
/*
 * Host shim: the KUnit runner.  Runs registered suites in registration
 * order and prints KTAP v1 the way the kernel does, then one final line
 * "<P> passed, <F> failed[, <S> skipped]" counting test cases (each
 * parameter of a parameterised case counts once).
 */
#define _GNU_SOURCE	/* strchrnul() */
#include <fnmatch.h>
#include <pthread.h>

#include <kunit/test.h>

#include "internal.h"

struct kunit_shim_action {
	kunit_action_t *fn;
	void *ctx;
	struct kunit_shim_action *next;
};

struct kunit_shim_stats {
	unsigned long passed, failed, skipped;
};

static struct kunit_suite **suites;
static size_t nr_suites;
static void (*setup_fn)(void);
static pthread_mutex_t kunit_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread struct kunit *current_test;

static const char *const indents[] = {
	"", "    ", "        ", "            ",
};

static const char *indent(int level)
{
	return indents[min(level, (int)ARRAY_SIZE(indents) - 1)];
}

void __kunit_shim_register(struct kunit_suite **list)
{
	for (; *list; list++) {
		suites = realloc(suites, (nr_suites + 1) * sizeof(*suites));
		if (!suites)
			abort();
		suites[nr_suites++] = *list;
	}
}

void kunit_shim_set_setup(void (*fn)(void))
{
	setup_fn = fn;
}

struct kunit *kunit_get_current_test(void)
{
	return current_test;
}

void kunit_set_failure(struct kunit *test)
{
	__atomic_store_n(&test->status, KUNIT_FAILURE, __ATOMIC_RELAXED);
}

void __kunit_abort(struct kunit *test)
{
	if (pthread_equal(pthread_self(), test->thread))
		longjmp(test->abort_env, 1);
	/* An assertion in a helper thread ends that thread only. */
	pthread_exit(NULL);
}

void __kunit_mark_skipped(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&kunit_lock);
	test->status = KUNIT_SKIPPED;
	va_start(ap, fmt);
	vsnprintf(test->status_comment, sizeof(test->status_comment), fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&kunit_lock);
}

/* Print @msg line by line, each prefixed with @prefix. */
static void out_lines(const char *prefix, const char *msg)
{
	const char *nl;

	while (*msg) {
		nl = strchrnul(msg, '\n');
		__shim_outf("%s%.*s\n", prefix, (int)(nl - msg), msg);
		msg = *nl ? nl + 1 : nl;
	}
}

void __kunit_log(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	out_lines("", buf);
}

void __kunit_printk(struct kunit *test, const char *lvl, const char *fmt, ...)
{
	char buf[1024], prefix[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(prefix, sizeof(prefix), "%s# %s: ", indent(test->indent),
		 test->name);
	out_lines(prefix, buf);
}

/* ---- failure reports ---- */

struct report {
	char buf[4096];
	size_t len;
};

__printf(2, 3) static void rep(struct report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->len >= sizeof(r->buf))
		return;
	va_start(ap, fmt);
	r->len += vsnprintf(r->buf + r->len, sizeof(r->buf) - r->len, fmt, ap);
	va_end(ap);
}

static void rep_begin(struct report *r, struct kunit *test, int type,
		      const char *file, int line)
{
	r->len = 0;
	rep(r, "%s# %s: %s FAILED at %s:%d\n", indent(test->indent),
	    test->name, type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION",
	    file, line);
}

static void rep_end(struct report *r, struct kunit *test, const char *fmt,
		    va_list ap)
{
	char msg[1024];

	if (fmt) {
		vsnprintf(msg, sizeof(msg), fmt, ap);
		rep(r, "%s%s\n", indent(test->indent), msg);
	}
	kunit_set_failure(test);
	pthread_mutex_lock(&kunit_lock);
	__shim_out(r->buf);
	pthread_mutex_unlock(&kunit_lock);
}

static void rep_int(struct report *r, struct kunit *test, const char *text,
		    unsigned long long v, bool is_signed)
{
	if (is_signed)
		rep(r, "%s    %s == %lld (%#llx)\n", indent(test->indent), text,
		    (long long)v, v);
	else
		rep(r, "%s    %s == %llu (%#llx)\n", indent(test->indent), text,
		    v, v);
}

void __kunit_fail_int(struct kunit *test, int type, const char *file,
		      int line, const char *ltext, const char *op,
		      const char *rtext, unsigned long long lval, bool lsigned,
		      unsigned long long rval, bool rsigned, const char *fmt, ...)
{
	struct report r;
	va_list ap;

	rep_begin(&r, test, type, file, line);
	rep(&r, "%sExpected %s %s %s, but\n", indent(test->indent), ltext, op,
	    rtext);
	rep_int(&r, test, ltext, lval, lsigned);
	rep_int(&r, test, rtext, rval, rsigned);
	va_start(ap, fmt);
	rep_end(&r, test, fmt, ap);
	va_end(ap);
}

void __kunit_fail_ptr(struct kunit *test, int type, const char *file,
		      int line, const char *ltext, const char *op,
		      const char *rtext, const void *lval, const void *rval,
		      const char *fmt, ...)
{
	struct report r;
	va_list ap;

	rep_begin(&r, test, type, file, line);
	rep(&r, "%sExpected %s %s %s, but\n", indent(test->indent), ltext, op,
	    rtext);
	rep(&r, "%s    %s == %016lx\n", indent(test->indent), ltext,
	    (unsigned long)lval);
	rep(&r, "%s    %s == %016lx\n", indent(test->indent), rtext,
	    (unsigned long)rval);
	va_start(ap, fmt);
	rep_end(&r, test, fmt, ap);
	va_end(ap);
}

void __kunit_fail_str(struct kunit *test, int type, const char *file,
		      int line, const char *ltext, const char *op,
		      const char *rtext, const char *lval, const char *rval,
		      const char *fmt, ...)
{
	struct report r;
	va_list ap;

	rep_begin(&r, test, type, file, line);
	rep(&r, "%sExpected %s %s %s, but\n", indent(test->indent), ltext, op,
	    rtext);
	rep(&r, "%s    %s == %s%s%s\n", indent(test->indent), ltext,
	    lval ? "\"" : "", lval ? lval : "(null)", lval ? "\"" : "");
	rep(&r, "%s    %s == %s%s%s\n", indent(test->indent), rtext,
	    rval ? "\"" : "", rval ? rval : "(null)", rval ? "\"" : "");
	va_start(ap, fmt);
	rep_end(&r, test, fmt, ap);
	va_end(ap);
}

#define MEM_DUMP_MAX	64

static void rep_hex(struct report *r, struct kunit *test, const char *text,
		    const unsigned char *p, const unsigned char *other,
		    size_t size)
{
	size_t i;

	rep(r, "%s    %s ==\n%s        ", indent(test->indent), text,
	    indent(test->indent));
	for (i = 0; i < min_t(size_t, size, MEM_DUMP_MAX); i++) {
		/* Differing bytes are bracketed, like the kernel's <xx>. */
		if (p[i] != other[i])
			rep(r, "<%02x>", p[i]);
		else
			rep(r, " %02x ", p[i]);
		if (i % 16 == 15 && i + 1 < min_t(size_t, size, MEM_DUMP_MAX))
			rep(r, "\n%s        ", indent(test->indent));
	}
	rep(r, "%s\n", size > MEM_DUMP_MAX ? " ..." : "");
}

void __kunit_fail_mem(struct kunit *test, int type, const char *file,
		      int line, const char *ltext, const char *op,
		      const char *rtext, const void *lval, const void *rval,
		      size_t size, const char *fmt, ...)
{
	struct report r;
	va_list ap;

	rep_begin(&r, test, type, file, line);
	rep(&r, "%sExpected %s %s %s, but\n", indent(test->indent), ltext, op,
	    rtext);
	rep_hex(&r, test, ltext, lval, rval, size);
	rep_hex(&r, test, rtext, rval, lval, size);
	va_start(ap, fmt);
	rep_end(&r, test, fmt, ap);
	va_end(ap);
}

void __kunit_fail_bool(struct kunit *test, int type, const char *file,
		       int line, const char *text, bool expected,
		       const char *fmt, ...)
{
	struct report r;
	va_list ap;

	rep_begin(&r, test, type, file, line);
	rep(&r, "%sExpected %s to be %s, but is %s\n", indent(test->indent),
	    text, expected ? "true" : "false", expected ? "false" : "true");
	va_start(ap, fmt);
	rep_end(&r, test, fmt, ap);
	va_end(ap);
}

void __kunit_fail_err_or_null(struct kunit *test, int type, const char *file,
			      int line, const char *text, const void *val,
			      const char *fmt, ...)
{
	struct report r;
	va_list ap;

	rep_begin(&r, test, type, file, line);
	if (!val)
		rep(&r, "%sExpected %s is not null, but is\n",
		    indent(test->indent), text);
	else
		rep(&r, "%sExpected %s is not error, but is: %ld\n",
		    indent(test->indent), text, PTR_ERR(val));
	va_start(ap, fmt);
	rep_end(&r, test, fmt, ap);
	va_end(ap);
}

void __kunit_fail_msg(struct kunit *test, int type, const char *file,
		      int line, const char *fmt, ...)
{
	struct report r;
	va_list ap;

	rep_begin(&r, test, type, file, line);
	va_start(ap, fmt);
	rep_end(&r, test, fmt, ap);
	va_end(ap);
}

/* ---- deferred actions and managed allocations ---- */

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_shim_action *a = malloc(sizeof(*a));

	if (!a)
		return -ENOMEM;
	a->fn = action;
	a->ctx = ctx;
	pthread_mutex_lock(&kunit_lock);
	a->next = test->actions;
	test->actions = a;
	pthread_mutex_unlock(&kunit_lock);
	return 0;
}

int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx)
{
	int ret = kunit_add_action(test, action, ctx);

	if (ret)
		action(ctx);
	return ret;
}

static struct kunit_shim_action *take_action(struct kunit *test,
					     kunit_action_t *action, void *ctx)
{
	struct kunit_shim_action **pp, *a = NULL;

	pthread_mutex_lock(&kunit_lock);
	for (pp = &test->actions; *pp; pp = &(*pp)->next) {
		if ((*pp)->fn == action && (*pp)->ctx == ctx) {
			a = *pp;
			*pp = a->next;
			break;
		}
	}
	pthread_mutex_unlock(&kunit_lock);
	return a;
}

void kunit_remove_action(struct kunit *test, kunit_action_t *action,
			 void *ctx)
{
	free(take_action(test, action, ctx));
}

void kunit_release_action(struct kunit *test, kunit_action_t *action,
			  void *ctx)
{
	struct kunit_shim_action *a = take_action(test, action, ctx);

	if (a) {
		a->fn(a->ctx);
		free(a);
	}
}

static void kfree_action(void *p)
{
	kfree(p);
}

void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp)
{
	void *p = kmalloc_array(n, size, gfp);

	if (ZERO_OR_NULL_PTR(p))
		return p;
	if (kunit_add_action_or_reset(test, kfree_action, p))
		return NULL;
	return p;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	if (!ZERO_OR_NULL_PTR(ptr))
		kunit_release_action(test, kfree_action, (void *)ptr);
}

char *kunit_kstrdup(struct kunit *test, const char *str, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!str)
		return NULL;
	len = strlen(str) + 1;
	p = kunit_kmalloc(test, len, gfp);
	if (p)
		memcpy(p, str, len);
	return p;
}

/* ---- the runner ---- */

typedef void (*try_fn)(struct kunit *test, void *arg);

/* Run @fn; false if it aborted (failed assertion or kunit_skip()). */
static bool try_run(struct kunit *test, try_fn fn, void *arg)
{
	if (setjmp(test->abort_env))
		return false;
	fn(test, arg);
	return true;
}

static void run_init_and_case(struct kunit *test, void *arg)
{
	struct kunit_suite *suite = ((void **)arg)[0];
	struct kunit_case *tc = ((void **)arg)[1];
	int err;

	if (suite->init) {
		err = suite->init(test);
		if (err) {
			kunit_err(test, "failed to initialize: %d\n", err);
			kunit_set_failure(test);
			return;
		}
	}
	tc->run_case(test);
}

static void run_exit(struct kunit *test, void *arg)
{
	struct kunit_suite *suite = arg;

	if (suite->exit)
		suite->exit(test);
}

static void run_action(struct kunit *test, void *arg)
{
	struct kunit_shim_action *a = arg;

	a->fn(a->ctx);
}

static void run_cleanup(struct kunit *test)
{
	struct kunit_shim_action *a;

	for (;;) {
		pthread_mutex_lock(&kunit_lock);
		a = test->actions;
		if (a)
			test->actions = a->next;
		pthread_mutex_unlock(&kunit_lock);
		if (!a)
			break;
		try_run(test, run_action, a);
		free(a);
	}
}

/* Run one test case (or one parameter of one); returns its status. */
static enum kunit_status run_one(struct kunit_suite *suite,
				 struct kunit_case *tc, struct kunit *test)
{
	void *args[2] = { suite, tc };

	test->name = tc->name;
	test->thread = pthread_self();
	test->status = KUNIT_SUCCESS;
	current_test = test;
	try_run(test, run_init_and_case, args);
	try_run(test, run_exit, suite);
	run_cleanup(test);
	current_test = NULL;
	return test->status;
}

static void count(struct kunit_shim_stats *s, enum kunit_status status)
{
	if (status == KUNIT_FAILURE)
		s->failed++;
	else if (status == KUNIT_SKIPPED)
		s->skipped++;
	else
		s->passed++;
}

static void print_result(int level, enum kunit_status status, size_t nr,
			 const char *name, const char *comment)
{
	if (status == KUNIT_SKIPPED)
		__shim_outf("%sok %zu %s # SKIP %s\n", indent(level), nr, name,
			    comment);
	else if (status == KUNIT_FAILURE && comment && *comment)
		__shim_outf("%snot ok %zu %s # %s\n", indent(level), nr, name,
			    comment);
	else
		__shim_outf("%s%s %zu %s\n", indent(level),
			    status == KUNIT_FAILURE ? "not ok" : "ok", nr, name);
}

static void print_stats(int level, const char *name,
			const struct kunit_shim_stats *s)
{
	__shim_outf("%s# %s: pass:%lu fail:%lu skip:%lu total:%lu\n",
		    indent(level), name, s->passed, s->failed, s->skipped,
		    s->passed + s->failed + s->skipped);
}

static enum kunit_status stats_status(const struct kunit_shim_stats *s)
{
	if (s->failed)
		return KUNIT_FAILURE;
	return s->passed ? KUNIT_SUCCESS : KUNIT_SKIPPED;
}

/* Run a parameterised case as a nested KTAP subtest. */
static enum kunit_status run_params(struct kunit_suite *suite,
				    struct kunit_case *tc,
				    struct kunit_shim_stats *totals)
{
	struct kunit_shim_stats s = { 0 };
	char desc[KUNIT_PARAM_DESC_SIZE] = "";
	const void *param;
	enum kunit_status st;
	struct kunit *test;
	int index = 0;

	test = calloc(1, sizeof(*test));
	if (!test)
		abort();
	__shim_outf("%sKTAP version 1\n%s# Subtest: %s\n", indent(2),
		    indent(2), tc->name);
	for (param = tc->generate_params(NULL, desc); param;
	     param = tc->generate_params(param, desc), index++) {
		memset(test, 0, sizeof(*test));
		test->param_value = param;
		test->param_index = index;
		test->indent = 2;
		st = run_one(suite, tc, test);
		if (!desc[0])
			snprintf(desc, sizeof(desc), "param-%d", index);
		print_result(2, st, index + 1, desc, test->status_comment);
		count(&s, st);
		count(totals, st);
		desc[0] = '\0';
	}
	free(test);
	if (!index)
		count(totals, KUNIT_SKIPPED);
	print_stats(1, tc->name, &s);
	return stats_status(&s);
}

static bool case_matches(struct kunit_case *tc, const char *glob)
{
	return !glob || !fnmatch(glob, tc->name, 0);
}

static size_t nr_matching_cases(struct kunit_suite *suite, const char *glob)
{
	struct kunit_case *tc;
	size_t n = 0;

	for (tc = suite->test_cases; tc && tc->run_case; tc++)
		n += case_matches(tc, glob);
	return n;
}

static enum kunit_status run_suite(struct kunit_suite *suite, size_t nr,
				   const char *glob,
				   struct kunit_shim_stats *all)
{
	struct kunit_shim_stats cases = { 0 }, totals = { 0 };
	const char *comment;
	struct kunit_case *tc;
	enum kunit_status st;
	struct kunit *test;
	size_t k = 0;

	__shim_outf("%sKTAP version 1\n%s# Subtest: %s\n%s1..%zu\n",
		    indent(1), indent(1), suite->name, indent(1),
		    nr_matching_cases(suite, glob));
	suite->suite_init_err = suite->suite_init ? suite->suite_init(suite) : 0;
	if (suite->suite_init_err)
		__shim_outf("%s# %s: failed to initialize (%d)\n", indent(1),
			    suite->name, suite->suite_init_err);
	test = calloc(1, sizeof(*test));
	if (!test)
		abort();
	for (tc = suite->test_cases; tc && tc->run_case; tc++) {
		if (!case_matches(tc, glob))
			continue;
		k++;
		memset(test, 0, sizeof(*test));
		test->indent = 1;
		comment = "";
		if (suite->suite_init_err) {
			st = KUNIT_FAILURE;
			comment = "suite_init failed";
			count(&totals, st);
		} else if (tc->generate_params) {
			st = run_params(suite, tc, &totals);
			if (st == KUNIT_SKIPPED)
				comment = "no parameter was run";
		} else {
			st = run_one(suite, tc, test);
			comment = test->status_comment;
			count(&totals, st);
		}
		tc->status = st;
		print_result(1, st, k, tc->name, comment);
		count(&cases, st);
	}
	free(test);
	if (suite->suite_exit && !suite->suite_init_err)
		suite->suite_exit(suite);

	print_stats(1, suite->name, &cases);
	__shim_outf("%s# Totals: pass:%lu fail:%lu skip:%lu total:%lu\n",
		    indent(1), totals.passed, totals.failed, totals.skipped,
		    totals.passed + totals.failed + totals.skipped);
	st = suite->suite_init_err ? KUNIT_FAILURE : stats_status(&cases);
	print_result(0, st, nr, suite->name, "");
	all->passed += totals.passed;
	all->failed += totals.failed;
	all->skipped += totals.skipped;
	return st;
}

int kunit_shim_run(int argc, char **argv)
{
	struct kunit_shim_stats all = { 0 };
	char *suite_glob = NULL, *case_glob = NULL, *dot;
	size_t i, n = 0, nr = 0;

	if (argc > 1 && argv[1]) {
		suite_glob = strdup(argv[1]);
		if (!suite_glob)
			abort();
		dot = strchr(suite_glob, '.');
		if (dot) {
			*dot = '\0';
			case_glob = dot + 1;
		}
	}
	for (i = 0; i < nr_suites; i++)
		if (!suite_glob || !fnmatch(suite_glob, suites[i]->name, 0))
			n++;
	if (setup_fn)
		setup_fn();
	__shim_outf("KTAP version 1\n1..%zu\n", n);
	for (i = 0; i < nr_suites; i++)
		if (!suite_glob || !fnmatch(suite_glob, suites[i]->name, 0))
			run_suite(suites[i], ++nr, case_glob, &all);
	if (all.skipped)
		__shim_outf("%lu passed, %lu failed, %lu skipped\n",
			    all.passed, all.failed, all.skipped);
	else
		__shim_outf("%lu passed, %lu failed\n", all.passed, all.failed);
	free(suite_glob);
	return all.failed ? 1 : 0;
}
