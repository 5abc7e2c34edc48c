// SPDX-License-Identifier: GPL-2.0
/*
 * Host shim: printk, WARN/BUG recording, violations, small library
 * functions, random numbers, time, sleeping and initcalls.
 */
#define _GNU_SOURCE	/* vasprintf() */
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <linux/bug.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

#define SHIM_MSG_MAX	512

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static bool out_line_open;	/* last output did not end in '\n' */
static bool quiet;
static __thread int last_level = 4;

static pthread_mutex_t rec_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long warn_count;
static char warn_last[SHIM_MSG_MAX];
static unsigned long violation_count;
static char violation_last[SHIM_MSG_MAX];

/* Caller holds out_lock. */
static void out_locked(const char *s, bool cont)
{
	size_t len = strlen(s);

	if (!len)
		return;
	if (out_line_open && !cont)
		fputc('\n', stdout);
	fputs(s, stdout);
	fflush(stdout);
	out_line_open = s[len - 1] != '\n';
}

void __shim_out(const char *s)
{
	pthread_mutex_lock(&out_lock);
	out_locked(s, false);
	pthread_mutex_unlock(&out_lock);
}

void __shim_outf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	__shim_out(buf);
}

void shim_set_quiet(bool q)
{
	__atomic_store_n(&quiet, q, __ATOMIC_RELAXED);
}

int vprintk(const char *fmt, va_list args)
{
	int level = 4;	/* default message loglevel */
	bool cont = false;
	char *buf;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		if (fmt[1] == 'c') {
			cont = true;
			level = last_level;
		} else if (fmt[1] >= '0' && fmt[1] <= '7') {
			level = fmt[1] - '0';
		}
		fmt += 2;
	}
	last_level = level;
	if (level >= 5 && __atomic_load_n(&quiet, __ATOMIC_RELAXED))
		return 0;
	n = vasprintf(&buf, fmt, args);
	if (n < 0)
		return n;
	pthread_mutex_lock(&out_lock);
	out_locked(buf, cont);
	pthread_mutex_unlock(&out_lock);
	free(buf);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static void strip_newline(char *s)
{
	size_t len = strlen(s);

	while (len && s[len - 1] == '\n')
		s[--len] = '\0';
}

static void record_warn(const char *where, const char *msg)
{
	pthread_mutex_lock(&rec_lock);
	warn_count++;
	snprintf(warn_last, sizeof(warn_last), "%s: %s", where, msg);
	pthread_mutex_unlock(&rec_lock);
	pthread_mutex_lock(&out_lock);
	fflush(stdout);
	fprintf(stderr, "WARNING: %s: %s\n", where, msg);
	fflush(stderr);
	pthread_mutex_unlock(&out_lock);
}

void __shim_warn(const char *file, int line, const char *fmt, ...)
{
	char where[256], msg[SHIM_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strip_newline(msg);
	snprintf(where, sizeof(where), "%s:%d", file, line);
	record_warn(where, msg);
}

void __shim_bug(const char *file, int line, const char *what)
{
	fflush(stdout);
	fprintf(stderr, "kernel BUG at %s:%d! %s\n", file, line, what);
	fflush(stderr);
	abort();
}

void shim_violation(const char *fmt, ...)
{
	char msg[SHIM_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strip_newline(msg);
	pthread_mutex_lock(&rec_lock);
	violation_count++;
	snprintf(violation_last, sizeof(violation_last), "%s", msg);
	pthread_mutex_unlock(&rec_lock);
	record_warn("shim violation", msg);
}

unsigned long shim_warn_count(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_RELAXED);
}

const char *shim_warn_last(void)
{
	return warn_last;
}

unsigned long shim_violations(void)
{
	return __atomic_load_n(&violation_count, __ATOMIC_RELAXED);
}

const char *shim_violation_last(void)
{
	return violation_last;
}

void shim_reset_counters(void)
{
	pthread_mutex_lock(&rec_lock);
	warn_count = 0;
	warn_last[0] = '\0';
	violation_count = 0;
	violation_last[0] = '\0';
	pthread_mutex_unlock(&rec_lock);
	__shim_mem_reset_counters();
}

void shim_init(void)
{
	__shim_mem_init();
}

/* ---- string and format helpers ---- */

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

bool mem_is_zero(const void *s, size_t n)
{
	const unsigned char *p = s;

	while (n--)
		if (*p++)
			return false;
	return true;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n;

	if (!size)
		return 0;
	n = vsnprintf(buf, size, fmt, args);
	if (n < 0)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = kmalloc(n + 1, gfp);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* ---- random: SplitMix64 over one atomic 64-bit state ---- */

#define SHIM_RANDOM_SEED	0x5eedc0de12345678ULL

static u64 random_state = SHIM_RANDOM_SEED;

void shim_seed_random(u64 seed)
{
	__atomic_store_n(&random_state, seed, __ATOMIC_RELAXED);
}

u64 get_random_u64(void)
{
	u64 z = __atomic_add_fetch(&random_state, 0x9e3779b97f4a7c15ULL,
				   __ATOMIC_RELAXED);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void get_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;
	u64 r;

	while (len) {
		size_t n = min(len, sizeof(r));

		r = get_random_u64();
		memcpy(p, &r, n);
		p += n;
		len -= n;
	}
}

/* ---- time and sleeping ---- */

u64 ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* Sleeping only yields: timeouts measured with ktime still expire. */
void msleep(unsigned int msecs)
{
	shim_might_sleep("msleep()");
	sched_yield();
}

void usleep_range(unsigned long min, unsigned long max)
{
	shim_might_sleep("usleep_range()");
	sched_yield();
}

void schedule(void)
{
	shim_might_sleep("schedule()");
	sched_yield();
}

void cond_resched(void)
{
}

/* ---- initcalls ---- */

static struct shim_initcall *initcalls, **initcalls_tail = &initcalls;

void __shim_register_initcall(struct shim_initcall *ic)
{
	ic->next = NULL;
	*initcalls_tail = ic;
	initcalls_tail = &ic->next;
}

int shim_run_initcalls(void)
{
	struct shim_initcall *ic;
	int ret, first = 0;

	for (ic = initcalls; ic; ic = ic->next) {
		if (!ic->init)
			continue;
		ret = ic->init();
		if (ret) {
			pr_err("shim: initcall %s returned %d\n", ic->name, ret);
			if (!first)
				first = ret;
		}
	}
	return first;
}

static void run_exitcalls(struct shim_initcall *ic)
{
	if (!ic)
		return;
	run_exitcalls(ic->next);
	if (ic->exit)
		ic->exit();
}

void shim_run_exitcalls(void)
{
	run_exitcalls(initcalls);
}
