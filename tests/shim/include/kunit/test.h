/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim of the KUnit API (<kunit/test.h>): same names and semantics
 * as the kernel's, so suites build unchanged in both places.  Suites are
 * registered by a constructor and run by kunit_shim_run(), which prints
 * KTAP v1 like the kernel.  A failed assertion, or kunit_skip(), leaves
 * the test case with longjmp(); from a thread other than the one running
 * the case it ends that thread instead (pthread_exit()).
 */
#ifndef _SHIM_KUNIT_TEST_H
#define _SHIM_KUNIT_TEST_H

#include <setjmp.h>
#include <pthread.h>

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#define KUNIT_PARAM_DESC_SIZE	128

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

enum kunit_assert_type {
	KUNIT_ASSERTION,
	KUNIT_EXPECTATION,
};

enum kunit_speed {
	KUNIT_SPEED_UNSET,
	KUNIT_SPEED_VERY_SLOW,
	KUNIT_SPEED_SLOW,
	KUNIT_SPEED_NORMAL,
};

struct kunit_attributes {
	enum kunit_speed speed;
};

struct kunit_shim_action;

struct kunit {
	void *priv;
	const void *param_value;
	int param_index;
	/* private: the runner's state */
	const char *name;
	enum kunit_status status;
	char status_comment[256];
	int indent;			/* KTAP nesting level of this case */
	pthread_t thread;		/* thread that runs the case */
	jmp_buf abort_env;
	struct kunit_shim_action *actions;	/* cleanup, LIFO */
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);
	struct kunit_attributes attr;
	/* private: */
	enum kunit_status status;
	const char *module_name;
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
	struct kunit_attributes attr;
	/* private: */
	int suite_init_err;
};

#define KUNIT_CASE(test_name)						\
	{ .run_case = test_name, .name = #test_name }
#define KUNIT_CASE_ATTR(test_name, attributes)				\
	{ .run_case = test_name, .name = #test_name, .attr = attributes }
#define KUNIT_CASE_SLOW(test_name)					\
	{ .run_case = test_name, .name = #test_name,			\
	  .attr.speed = KUNIT_SPEED_SLOW }
#define KUNIT_CASE_PARAM(test_name, gen_params)				\
	{ .run_case = test_name, .name = #test_name,			\
	  .generate_params = gen_params }
#define KUNIT_CASE_PARAM_ATTR(test_name, gen_params, attributes) \
	{ .run_case = test_name, .name = #test_name,			\
	  .generate_params = gen_params, .attr = attributes }

/*
 * Define name##_gen_params() stepping through @array; @get_desc (may be
 * NULL) is void (*)(const T *param, char *desc).
 */
#define KUNIT_ARRAY_PARAM(name, array, get_desc)			\
	static const void *name##_gen_params(const void *prev, char *desc) \
	{								\
		typeof((array)[0]) *__next = prev ?			\
			((typeof(__next))prev) + 1 : (array);		\
		void (*__get_desc)(typeof(__next), char *) = get_desc;	\
									\
		if (__next - (array) >= (long)ARRAY_SIZE(array))	\
			return NULL;					\
		if (__get_desc)						\
			__get_desc(__next, desc);			\
		return __next;						\
	}
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)		\
	static const void *name##_gen_params(const void *prev, char *desc) \
	{								\
		typeof((array)[0]) *__next = prev ?			\
			((typeof(__next))prev) + 1 : (array);		\
									\
		if (__next - (array) >= (long)ARRAY_SIZE(array))	\
			return NULL;					\
		strscpy(desc, __next->desc_member, KUNIT_PARAM_DESC_SIZE); \
		return __next;						\
	}

/* ---- suite registration and the runner ---- */

void __kunit_shim_register(struct kunit_suite **suites);

#define __kunit_shim_suites(id, ...)					\
	static struct kunit_suite *id[] = { __VA_ARGS__, NULL };	\
	static void __attribute__((__constructor__)) __PASTE(id, _reg)(void) \
	{								\
		__kunit_shim_register(id);				\
	}
#define kunit_test_suites(...)						\
	__kunit_shim_suites(__UNIQUE_ID(kunit_suites), __VA_ARGS__)
#define kunit_test_suite(suite)		kunit_test_suites(&suite)
#define kunit_test_init_section_suites(...)	kunit_test_suites(__VA_ARGS__)
#define kunit_test_init_section_suite(suite)	kunit_test_suite(suite)

/*
 * Run every registered suite whose name matches the glob argv[1] (all if
 * argc < 2; "suite_glob.case_glob" also filters cases).  Returns 0 iff
 * no test case failed.
 */
int kunit_shim_run(int argc, char **argv);
/* @fn runs once, right before the first suite. */
void kunit_shim_set_setup(void (*fn)(void));

/* ---- test state, logging, resources ---- */

struct kunit *kunit_get_current_test(void);
void kunit_set_failure(struct kunit *test);
__noreturn void __kunit_abort(struct kunit *test);
__printf(2, 3) void __kunit_mark_skipped(struct kunit *test,
					 const char *fmt, ...);
__printf(1, 2) void __kunit_log(const char *fmt, ...);
__printf(3, 4) void __kunit_printk(struct kunit *test, const char *lvl,
				   const char *fmt, ...);

#define kunit_mark_skipped(test, fmt, ...)				\
	__kunit_mark_skipped(test, fmt, ##__VA_ARGS__)
#define kunit_skip(test, fmt, ...) do {					\
	__kunit_mark_skipped(test, fmt, ##__VA_ARGS__);			\
	__kunit_abort(test);						\
} while (0)

#define kunit_log(lvl, test_or_suite, fmt, ...) do {			\
	(void)(test_or_suite);						\
	__kunit_log(fmt, ##__VA_ARGS__);				\
} while (0)
#define kunit_printk(lvl, test, fmt, ...)				\
	__kunit_printk(test, lvl, fmt, ##__VA_ARGS__)
#define kunit_info(test, fmt, ...)					\
	kunit_printk(KERN_INFO, test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)					\
	kunit_printk(KERN_WARNING, test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)					\
	kunit_printk(KERN_ERR, test, fmt, ##__VA_ARGS__)

typedef void (kunit_action_t)(void *);

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx);
void kunit_remove_action(struct kunit *test, kunit_action_t *action,
			 void *ctx);
void kunit_release_action(struct kunit *test, kunit_action_t *action,
			  void *ctx);

void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
			  gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *ptr);
char *kunit_kstrdup(struct kunit *test, const char *str, gfp_t gfp);

static inline void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, 1, size, gfp);
}

static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}

static inline void *kunit_kcalloc(struct kunit *test, size_t n, size_t size,
				  gfp_t gfp)
{
	return kunit_kmalloc_array(test, n, size, gfp | __GFP_ZERO);
}

/* ---- failure reporting (called only when a check fails) ---- */

__printf(12, 13) void __kunit_fail_int(struct kunit *test, int type,
	const char *file, int line, const char *ltext, const char *op,
	const char *rtext, unsigned long long lval, bool lsigned,
	unsigned long long rval, bool rsigned, const char *fmt, ...);
__printf(10, 11) void __kunit_fail_ptr(struct kunit *test, int type,
	const char *file, int line, const char *ltext, const char *op,
	const char *rtext, const void *lval, const void *rval,
	const char *fmt, ...);
__printf(10, 11) void __kunit_fail_str(struct kunit *test, int type,
	const char *file, int line, const char *ltext, const char *op,
	const char *rtext, const char *lval, const char *rval,
	const char *fmt, ...);
__printf(11, 12) void __kunit_fail_mem(struct kunit *test, int type,
	const char *file, int line, const char *ltext, const char *op,
	const char *rtext, const void *lval, const void *rval, size_t size,
	const char *fmt, ...);
__printf(7, 8) void __kunit_fail_bool(struct kunit *test, int type,
	const char *file, int line, const char *text, bool expected,
	const char *fmt, ...);
__printf(7, 8) void __kunit_fail_err_or_null(struct kunit *test, int type,
	const char *file, int line, const char *text, const void *val,
	const char *fmt, ...);
__printf(5, 6) void __kunit_fail_msg(struct kunit *test, int type,
	const char *file, int line, const char *fmt, ...);

#define __KUNIT_IS_SIGNED(x)	((typeof(x))-1LL < (typeof(x))1LL)

#define __KUNIT_ABORT_IF(test, type) do {				\
	if ((type) == KUNIT_ASSERTION)					\
		__kunit_abort(test);					\
} while (0)

#define KUNIT_FAIL(test, fmt, ...) do {					\
	__kunit_fail_msg(test, KUNIT_EXPECTATION, __FILE__, __LINE__,	\
			 fmt, ##__VA_ARGS__);				\
} while (0)
#define KUNIT_SUCCEED(test)	do { (void)(test); } while (0)

/*
 * The checks.  Argument text is stringified by the public macros, before
 * any macro in it is expanded.
 */
#define __KUNIT_INT(T, test, left, ltext, op, right, rtext, fmt, ...) \
do {									\
	__auto_type __kl = (left);					\
	__auto_type __kr = (right);					\
	if (!(__kl op __kr)) {						\
		__kunit_fail_int(test, T, __FILE__, __LINE__, ltext,	\
				 #op, rtext,				\
				 (unsigned long long)__kl,		\
				 __KUNIT_IS_SIGNED(__kl),		\
				 (unsigned long long)__kr,		\
				 __KUNIT_IS_SIGNED(__kr),		\
				 fmt, ##__VA_ARGS__);			\
		__KUNIT_ABORT_IF(test, T);				\
	}								\
} while (0)

#define __KUNIT_PTR(T, test, left, ltext, op, right, rtext, fmt, ...) \
do {									\
	const void *__kl = (left);					\
	const void *__kr = (right);					\
	if (!(__kl op __kr)) {						\
		__kunit_fail_ptr(test, T, __FILE__, __LINE__, ltext,	\
				 #op, rtext, __kl, __kr,		\
				 fmt, ##__VA_ARGS__);			\
		__KUNIT_ABORT_IF(test, T);				\
	}								\
} while (0)

/* NULL strings compare equal only to each other. */
#define __kunit_streq(a, b)	((a) && (b) ? !strcmp(a, b) : (a) == (b))
#define __KUNIT_STR(T, test, left, ltext, eq, right, rtext, fmt, ...) \
do {									\
	const char *__kl = (left);					\
	const char *__kr = (right);					\
	if (__kunit_streq(__kl, __kr) != (eq)) {			\
		__kunit_fail_str(test, T, __FILE__, __LINE__, ltext,	\
				 (eq) ? "==" : "!=", rtext, __kl, __kr,	\
				 fmt, ##__VA_ARGS__);			\
		__KUNIT_ABORT_IF(test, T);				\
	}								\
} while (0)

#define __KUNIT_MEM(T, test, left, ltext, eq, right, rtext, size, fmt, ...) \
do {									\
	const void *__kl = (left);					\
	const void *__kr = (right);					\
	size_t __ks = (size);						\
	if ((memcmp(__kl, __kr, __ks) == 0) != (eq)) {			\
		__kunit_fail_mem(test, T, __FILE__, __LINE__, ltext,	\
				 (eq) ? "==" : "!=", rtext, __kl, __kr,	\
				 __ks, fmt, ##__VA_ARGS__);		\
		__KUNIT_ABORT_IF(test, T);				\
	}								\
} while (0)

#define __KUNIT_BOOL(T, test, cond, text, expected, fmt, ...)		\
do {									\
	bool __kc = (cond);						\
	if (__kc != (expected)) {					\
		__kunit_fail_bool(test, T, __FILE__, __LINE__, text,	\
				  expected, fmt, ##__VA_ARGS__);	\
		__KUNIT_ABORT_IF(test, T);				\
	}								\
} while (0)

#define __KUNIT_ERR_OR_NULL(T, test, ptr, text, fmt, ...)		\
do {									\
	const void *__kp = (ptr);					\
	if (IS_ERR_OR_NULL(__kp)) {					\
		__kunit_fail_err_or_null(test, T, __FILE__, __LINE__,	\
					 text, __kp, fmt, ##__VA_ARGS__); \
		__KUNIT_ABORT_IF(test, T);				\
	}								\
} while (0)

/* KUNIT_EXPECT_* */
#define KUNIT_EXPECT_EQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, ==, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ(test, l, r) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, ==, r, #r, NULL)
#define KUNIT_EXPECT_NE_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, !=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE(test, l, r) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, !=, r, #r, NULL)
#define KUNIT_EXPECT_LT_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, <, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT(test, l, r) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, <, r, #r, NULL)
#define KUNIT_EXPECT_LE_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, <=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE(test, l, r) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, <=, r, #r, NULL)
#define KUNIT_EXPECT_GT_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, >, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT(test, l, r) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, >, r, #r, NULL)
#define KUNIT_EXPECT_GE_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, >=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE(test, l, r) \
	__KUNIT_INT(KUNIT_EXPECTATION, test, l, #l, >=, r, #r, NULL)
#define KUNIT_EXPECT_PTR_EQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, l, #l, ==, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_EQ(test, l, r) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, l, #l, ==, r, #r, NULL)
#define KUNIT_EXPECT_PTR_NE_MSG(test, l, r, fmt, ...) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, l, #l, !=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE(test, l, r) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, l, #l, !=, r, #r, NULL)
#define KUNIT_EXPECT_NULL_MSG(test, p, fmt, ...) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, p, #p, ==, NULL, "NULL", fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NULL(test, p) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, p, #p, ==, NULL, "NULL", NULL)
#define KUNIT_EXPECT_NOT_NULL_MSG(test, p, fmt, ...) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, p, #p, !=, NULL, "NULL", fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_NULL(test, p) \
	__KUNIT_PTR(KUNIT_EXPECTATION, test, p, #p, !=, NULL, "NULL", NULL)
#define KUNIT_EXPECT_TRUE_MSG(test, c, fmt, ...) \
	__KUNIT_BOOL(KUNIT_EXPECTATION, test, c, #c, true, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_TRUE(test, c) \
	__KUNIT_BOOL(KUNIT_EXPECTATION, test, c, #c, true, NULL)
#define KUNIT_EXPECT_FALSE_MSG(test, c, fmt, ...) \
	__KUNIT_BOOL(KUNIT_EXPECTATION, test, c, #c, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE(test, c) \
	__KUNIT_BOOL(KUNIT_EXPECTATION, test, c, #c, false, NULL)
#define KUNIT_EXPECT_STREQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_STR(KUNIT_EXPECTATION, test, l, #l, true, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STREQ(test, l, r) \
	__KUNIT_STR(KUNIT_EXPECTATION, test, l, #l, true, r, #r, NULL)
#define KUNIT_EXPECT_STRNEQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_STR(KUNIT_EXPECTATION, test, l, #l, false, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ(test, l, r) \
	__KUNIT_STR(KUNIT_EXPECTATION, test, l, #l, false, r, #r, NULL)
#define KUNIT_EXPECT_MEMEQ_MSG(test, l, r, size, fmt, ...) \
	__KUNIT_MEM(KUNIT_EXPECTATION, test, l, #l, true, r, #r, size, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMEQ(test, l, r, size) \
	__KUNIT_MEM(KUNIT_EXPECTATION, test, l, #l, true, r, #r, size, NULL)
#define KUNIT_EXPECT_MEMNEQ_MSG(test, l, r, size, fmt, ...) \
	__KUNIT_MEM(KUNIT_EXPECTATION, test, l, #l, false, r, #r, size, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_MEMNEQ(test, l, r, size) \
	__KUNIT_MEM(KUNIT_EXPECTATION, test, l, #l, false, r, #r, size, NULL)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, p, fmt, ...) \
	__KUNIT_ERR_OR_NULL(KUNIT_EXPECTATION, test, p, #p, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(test, p) \
	__KUNIT_ERR_OR_NULL(KUNIT_EXPECTATION, test, p, #p, NULL)

/* KUNIT_ASSERT_* */
#define KUNIT_ASSERT_EQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, ==, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ(test, l, r) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, ==, r, #r, NULL)
#define KUNIT_ASSERT_NE_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, !=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE(test, l, r) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, !=, r, #r, NULL)
#define KUNIT_ASSERT_LT_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, <, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT(test, l, r) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, <, r, #r, NULL)
#define KUNIT_ASSERT_LE_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, <=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE(test, l, r) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, <=, r, #r, NULL)
#define KUNIT_ASSERT_GT_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, >, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT(test, l, r) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, >, r, #r, NULL)
#define KUNIT_ASSERT_GE_MSG(test, l, r, fmt, ...) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, >=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE(test, l, r) \
	__KUNIT_INT(KUNIT_ASSERTION, test, l, #l, >=, r, #r, NULL)
#define KUNIT_ASSERT_PTR_EQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, l, #l, ==, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_EQ(test, l, r) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, l, #l, ==, r, #r, NULL)
#define KUNIT_ASSERT_PTR_NE_MSG(test, l, r, fmt, ...) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, l, #l, !=, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE(test, l, r) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, l, #l, !=, r, #r, NULL)
#define KUNIT_ASSERT_NULL_MSG(test, p, fmt, ...) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, p, #p, ==, NULL, "NULL", fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NULL(test, p) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, p, #p, ==, NULL, "NULL", NULL)
#define KUNIT_ASSERT_NOT_NULL_MSG(test, p, fmt, ...) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, p, #p, !=, NULL, "NULL", fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_NULL(test, p) \
	__KUNIT_PTR(KUNIT_ASSERTION, test, p, #p, !=, NULL, "NULL", NULL)
#define KUNIT_ASSERT_TRUE_MSG(test, c, fmt, ...) \
	__KUNIT_BOOL(KUNIT_ASSERTION, test, c, #c, true, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_TRUE(test, c) \
	__KUNIT_BOOL(KUNIT_ASSERTION, test, c, #c, true, NULL)
#define KUNIT_ASSERT_FALSE_MSG(test, c, fmt, ...) \
	__KUNIT_BOOL(KUNIT_ASSERTION, test, c, #c, false, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE(test, c) \
	__KUNIT_BOOL(KUNIT_ASSERTION, test, c, #c, false, NULL)
#define KUNIT_ASSERT_STREQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_STR(KUNIT_ASSERTION, test, l, #l, true, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STREQ(test, l, r) \
	__KUNIT_STR(KUNIT_ASSERTION, test, l, #l, true, r, #r, NULL)
#define KUNIT_ASSERT_STRNEQ_MSG(test, l, r, fmt, ...) \
	__KUNIT_STR(KUNIT_ASSERTION, test, l, #l, false, r, #r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STRNEQ(test, l, r) \
	__KUNIT_STR(KUNIT_ASSERTION, test, l, #l, false, r, #r, NULL)
#define KUNIT_ASSERT_MEMEQ_MSG(test, l, r, size, fmt, ...) \
	__KUNIT_MEM(KUNIT_ASSERTION, test, l, #l, true, r, #r, size, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMEQ(test, l, r, size) \
	__KUNIT_MEM(KUNIT_ASSERTION, test, l, #l, true, r, #r, size, NULL)
#define KUNIT_ASSERT_MEMNEQ_MSG(test, l, r, size, fmt, ...) \
	__KUNIT_MEM(KUNIT_ASSERTION, test, l, #l, false, r, #r, size, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_MEMNEQ(test, l, r, size) \
	__KUNIT_MEM(KUNIT_ASSERTION, test, l, #l, false, r, #r, size, NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, p, fmt, ...) \
	__KUNIT_ERR_OR_NULL(KUNIT_ASSERTION, test, p, #p, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p) \
	__KUNIT_ERR_OR_NULL(KUNIT_ASSERTION, test, p, #p, NULL)

#endif /* _SHIM_KUNIT_TEST_H */
