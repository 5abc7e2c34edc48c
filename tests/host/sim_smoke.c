// SPDX-License-Identifier: GPL-2.0
/*
 * Smoke test of the simulated TDX module: raw tdx_seamcall() through a
 * whole module bring-up and one TD's life, checking exact statuses,
 * including wrong-order calls, lock contention and interruption.
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>

#include <tdx/arch.h>
#include <tdx/errno.h>
#include <tdx/hpa_list.h>
#include <tdx/sim.h>
#include <tdx/sys.h>

#include "seamcall.h"

#define HKID_GLOBAL	32
#define HKID_TD		33
#define TDMR_BASE	0x100000000ULL
#define TDMR_SIZE	SZ_1G
/* Not in <tdx/errno.h>: TDMR 0, 4K PAMT too small. */
#define TDX_INVALID_PAMT	0xC0000A1000000000ULL
#define TDX_X2APIC_ID_NOT_UNIQUE	0xC000062100000000ULL

struct on_cpu_call {
	u64 fn;
	struct tdx_module_args *args;
	u64 ret;
};

static int on_cpu_fn(void *p)
{
	struct on_cpu_call *oc = p;

	oc->ret = tdx_seamcall(oc->fn, oc->args);
	return 0;
}

/* One SEAMCALL on @cpu; @args in and out. */
static u64 sc_on(unsigned int cpu, u64 fn, struct tdx_module_args *args)
{
	struct on_cpu_call oc = { .fn = fn, .args = args };

	smp_call_on_cpu(cpu, on_cpu_fn, &oc, false);
	return oc.ret;
}

/* One SEAMCALL on CPU 0 with RCX, RDX, R8, R9. */
static u64 sc4(u64 fn, u64 rcx, u64 rdx, u64 r8, u64 r9,
	       struct tdx_module_args *out)
{
	struct tdx_module_args a = { .rcx = rcx, .rdx = rdx, .r8 = r8,
				     .r9 = r9 };
	u64 ret = sc_on(0, fn, &a);

	if (out)
		*out = a;
	return ret;
}

#define SC(leaf, rcx, rdx)	sc4(tdx_leaf(leaf, 0), rcx, rdx, 0, 0, NULL)

static unsigned int cpu_of_pkg(unsigned int pkg)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (topology_physical_package_id(cpu) == pkg)
			return cpu;
	return 0;
}

static u64 new_page(struct kunit *test)
{
	struct page *p = alloc_page(GFP_KERNEL | __GFP_ZERO);

	KUNIT_ASSERT_NOT_NULL(test, p);
	clflush_cache_range(page_address(p), PAGE_SIZE);
	return page_to_phys(p);
}

static void free_pa(u64 pa)
{
	__free_page(phys_to_page(pa));
}

struct sim_env {
	u64 tdmr_info_pa;
	u64 list_pa;
	struct page *pamt;
	unsigned long pamt_pages;
};

static struct sim_env env;

/* SYS.CONFIG inputs: one TDMR covering the 256 MiB CMR, PAMT from it. */
static void make_tdmr(struct kunit *test)
{
	struct tdx_tdmr_info *ti;
	u64 base, *list;

	env.pamt_pages = 1024 + 2 + 1;
	env.pamt = alloc_contig_pages(env.pamt_pages, GFP_KERNEL, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, env.pamt);
	clflush_cache_range(page_address(env.pamt),
			    env.pamt_pages * PAGE_SIZE);
	base = page_to_phys(env.pamt);

	env.tdmr_info_pa = new_page(test);
	ti = phys_to_virt(env.tdmr_info_pa);
	ti->base = TDMR_BASE;
	ti->size = TDMR_SIZE;
	ti->pamt_4k_base = base;
	ti->pamt_4k_size = 1024 * PAGE_SIZE;
	ti->pamt_2m_base = base + 1024 * PAGE_SIZE;
	ti->pamt_2m_size = 2 * PAGE_SIZE;
	ti->pamt_1g_base = base + 1026 * PAGE_SIZE;
	ti->pamt_1g_size = PAGE_SIZE;

	env.list_pa = new_page(test);
	list = phys_to_virt(env.list_pa);
	list[0] = env.tdmr_info_pa;
}

static int lp_init_fn(void *p)
{
	u64 *ret = p;
	struct tdx_module_args a = { };

	ret[smp_processor_id()] = tdx_seamcall(tdx_leaf(TDH_SYS_LP_INIT, 0),
					       &a);
	return 0;
}

/* Bring the module to SYS_READY with every TDMR initialised. */
static void bringup(struct kunit *test)
{
	struct tdx_module_args a = { };
	unsigned int cpu, pkg;
	u64 ret[NR_CPUS] = { };
	u64 next;
	int n = 0;
	struct tdx_sim_config cfg;

	tdx_sim_default_config(&cfg);
	cfg.page_flushed = shim_page_flushed;
	KUNIT_ASSERT_EQ(test, tdx_sim_start(&cfg), 0);
	make_tdmr(test);
	KUNIT_ASSERT_EQ(test, SC(TDH_SYS_INIT, 0, 0), TDX_SUCCESS);
	for_each_online_cpu(cpu) {
		smp_call_on_cpu(cpu, lp_init_fn, ret, false);
		KUNIT_EXPECT_EQ(test, ret[cpu], TDX_SUCCESS);
	}
	KUNIT_ASSERT_EQ(test, sc4(tdx_leaf(TDH_SYS_CONFIG, 0), env.list_pa, 1,
				  HKID_GLOBAL, 0, NULL), TDX_SUCCESS);
	for (pkg = 0; pkg < topology_max_packages(); pkg++)
		KUNIT_ASSERT_EQ(test, sc_on(cpu_of_pkg(pkg),
					    tdx_leaf(TDH_SYS_KEY_CONFIG, 0), &a),
				TDX_SUCCESS);
	do {
		KUNIT_ASSERT_EQ(test, sc4(tdx_leaf(TDH_SYS_TDMR_INIT, 0),
					  TDMR_BASE, 0, 0, 0, &a), TDX_SUCCESS);
		next = a.rdx;
		/* 4 MiB of PAMT coverage per call, as module 1.5 does. */
		KUNIT_ASSERT_LT(test, ++n, 1024);
	} while (next < TDMR_BASE + TDMR_SIZE);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_TDMR_INIT, TDMR_BASE, 0),
			TDX_TDMR_ALREADY_INITIALIZED);
}

static void teardown_env(void)
{
	tdx_sim_stop();
	if (env.pamt)
		free_contig_range(page_to_pfn(env.pamt), env.pamt_pages);
	if (env.tdmr_info_pa)
		free_pa(env.tdmr_info_pa);
	if (env.list_pa)
		free_pa(env.list_pa);
	memset(&env, 0, sizeof(env));
}

static void sim_smoke_bringup_order(struct kunit *test)
{
	struct tdx_module_args a = { };
	u64 ret[NR_CPUS] = { };
	unsigned int cpu, pkg;
	struct tdx_sim_census cs;
	struct tdx_tdmr_info *tdmr;
	u64 next, page;

	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_INIT, 0, 0),
			TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_ASSERT_EQ(test, tdx_sim_start(NULL), 0);
	make_tdmr(test);

	/* RAX validation. */
	KUNIT_EXPECT_EQ(test, sc4(BIT_ULL(24) | TDH_SYS_INIT, 0, 0, 0, 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_INIT, 1), 0, 0, 0, 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
	KUNIT_EXPECT_EQ(test, SC(99, 0, 0),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
	/* 1.5 no-ops: LP.SHUTDOWN in any state, RECLAIMID once ready. */
	KUNIT_EXPECT_EQ(test, SC(TDX_SIM_SYS_LP_SHUTDOWN, 0, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDX_SIM_MNG_KEY_RECLAIMID, 0, 0),
			TDX_SYS_NOT_READY);

	/* Wrong order before SYS.INIT. */
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_RD, 0, TDX_MD_MAJOR_VERSION),
			TDX_SYS_LP_INIT_NOT_DONE);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, 0, HKID_TD),
			TDX_SYS_NOT_READY);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_LP_INIT, 0, 0),
			TDX_SYS_LP_INIT_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_CONFIG, 0), env.list_pa, 1,
				  HKID_GLOBAL, 0, NULL),
			TDX_SYS_CONFIG_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_INIT, 1, 0),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);

	/* The global lock held by "another LP". */
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_SYS, 0, true), 0);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_INIT, 0, 0), TDX_SYS_BUSY);
	tdx_sim_release_lock(TDX_SIM_LOCK_SYS, 0);

	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_INIT, 0, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_INIT, 0, 0), TDX_SYS_INIT_NOT_PENDING);

	/* SYS.CONFIG needs every LP. */
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_LP_INIT, 0, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_LP_INIT, 0, 0), TDX_SYS_LP_INIT_DONE);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_CONFIG, 0), env.list_pa, 1,
				  HKID_GLOBAL, 0, NULL),
			TDX_SYS_CONFIG_NOT_PENDING);
	for_each_online_cpu(cpu)
		if (cpu)
			smp_call_on_cpu(cpu, lp_init_fn, ret, false);
	for_each_online_cpu(cpu)
		if (cpu)
			KUNIT_EXPECT_EQ(test, ret[cpu], TDX_SUCCESS);

	/* Metadata. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_RD, 0), 0,
				  TDX_MD_TDCS_BASE_SIZE, 0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 6 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, a.rdx, TDX_MD_TDVPS_BASE_SIZE);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_RD, 0), 0, 0, 0, 0, &a),
			TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	KUNIT_EXPECT_EQ(test, a.rdx, TDX_MD_MINOR_VERSION);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_RD, 0, 0x1234),
			TDX_METADATA_FIELD_ID_INCORRECT | TDX_OPERAND_ID_RDX);

	/* Bad inputs to SYS.CONFIG: no side effects, then the real one. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_CONFIG, 0), env.list_pa, 1,
				  HKID_GLOBAL + 32, 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8);
	tdmr = phys_to_virt(env.tdmr_info_pa);
	tdmr->pamt_4k_size = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_CONFIG, 0), env.list_pa, 1,
				  HKID_GLOBAL, 0, NULL),
			TDX_INVALID_PAMT);
	tdmr->pamt_4k_size = 1024 * PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_CONFIG, 0), env.list_pa, 1,
				  HKID_GLOBAL, 0, NULL), TDX_SUCCESS);
	tdx_sim_census(&cs);
	KUNIT_EXPECT_EQ(test, cs.pamt_pages, env.pamt_pages);
	KUNIT_EXPECT_EQ(test, cs.by_type[1],
			env.pamt_pages);

	/* Not ready until every package ran SYS.KEY.CONFIG. */
	KUNIT_EXPECT_EQ(test, sc_on(cpu_of_pkg(0),
				    tdx_leaf(TDH_SYS_KEY_CONFIG, 0), &a),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc_on(cpu_of_pkg(0),
				    tdx_leaf(TDH_SYS_KEY_CONFIG, 0), &a),
			TDX_KEY_CONFIGURED);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_TDMR_INIT, TDMR_BASE, 0),
			TDX_SYS_NOT_READY);
	for (pkg = 1; pkg < topology_max_packages(); pkg++)
		KUNIT_EXPECT_EQ(test, sc_on(cpu_of_pkg(pkg),
					    tdx_leaf(TDH_SYS_KEY_CONFIG, 0), &a),
				TDX_SUCCESS);

	/* Pages are unusable until TDMR.INIT covered them. */
	page = new_page(test);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RDMD, page, 0),
			TDX_OPERAND_ADDR_RANGE_ERROR | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_TDMR_INIT, TDMR_BASE + 4096, 0),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_TDMR_INIT, TDMR_BASE + SZ_1G, 0),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/*
	 * 4 MiB per call, but a page is usable only once its whole 1 GiB
	 * block is: RDX stays rounded down to 1 GiB until then.
	 */
	KUNIT_ASSERT_EQ(test, sc4(tdx_leaf(TDH_SYS_TDMR_INIT, 0), TDMR_BASE, 0,
				  0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.rdx, TDMR_BASE);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RDMD, page, 0),
			TDX_OPERAND_ADDR_RANGE_ERROR | TDX_OPERAND_ID_RCX);
	do {
		KUNIT_ASSERT_EQ(test, sc4(tdx_leaf(TDH_SYS_TDMR_INIT, 0),
					  TDMR_BASE, 0, 0, 0, &a), TDX_SUCCESS);
		next = a.rdx;
	} while (next < TDMR_BASE + TDMR_SIZE);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_TDMR_INIT),
			3 + SZ_1G / SZ_4M);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_SYS_TDMR_INIT, 0), TDMR_BASE, 0,
				  0, 0, &a), TDX_TDMR_ALREADY_INITIALIZED);
	KUNIT_EXPECT_EQ(test, a.rdx, 0);
	KUNIT_EXPECT_EQ(test, SC(TDX_SIM_MNG_KEY_RECLAIMID, 0x1234, 0),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_PHYMEM_PAGE_RDMD, 0), page, 0,
				  0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.rcx, 0);
	/* PAMT pages are reserved and cannot be reclaimed. */
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM,
				 page_to_phys(env.pamt), 0),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0);
	free_pa(page);
	teardown_env();
}

/* The pages of one TD and one vCPU. */
struct td_pages {
	u64 tdr;
	u64 tdcs[6];
	u64 tdvpr;
	u64 tdcx[5];
	u64 sept[3];
	u64 reg;
	u64 src;
	u64 params;
};

static void sim_smoke_td_life(struct kunit *test)
{
	struct tdx_module_args a = { };
	struct tdx_sim_census cs;
	struct td_pages p;
	unsigned int pkg, i;
	unsigned int cpu_b = cpu_of_pkg(topology_max_packages() - 1);
	unsigned int pt;
	phys_addr_t owner;
	u64 *params, next, extra;
	u64 gpa = 0x1000;

	bringup(test);
	p.tdr = new_page(test);
	for (i = 0; i < 6; i++)
		p.tdcs[i] = new_page(test);
	p.tdvpr = new_page(test);
	for (i = 0; i < 5; i++)
		p.tdcx[i] = new_page(test);
	for (i = 0; i < 3; i++)
		p.sept[i] = new_page(test);
	p.reg = new_page(test);
	p.src = new_page(test);
	p.params = new_page(test);

	/* MNG.CREATE: key checks. */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, p.tdr, HKID_GLOBAL),
			TDX_HKID_NOT_FREE);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, p.tdr, 99),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, p.tdr + 8, HKID_TD),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, p.tdr, HKID_TD), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, p.tdr, HKID_TD + 1),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);

	/* Keys on every package first. */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_ADDCX, p.tdcs[0], p.tdr),
			TDX_TD_KEYS_NOT_CONFIGURED);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_CONFIG, p.tdr, 0), TDX_SUCCESS);
	if (topology_max_packages() > 1)
		KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_CONFIG, p.tdr, 0),
				TDX_KEY_CONFIGURED);
	for (pkg = 1; pkg < topology_max_packages(); pkg++) {
		a = (struct tdx_module_args){ .rcx = p.tdr };
		KUNIT_EXPECT_EQ(test, sc_on(cpu_of_pkg(pkg),
					    tdx_leaf(TDH_MNG_KEY_CONFIG, 0), &a),
				TDX_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_CONFIG, p.tdr, 0),
			TDX_LIFECYCLE_STATE_INCORRECT);

	/* TDCS. */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_INIT, p.tdr, p.params),
			TDX_TDCS_NOT_ALLOCATED);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_MNG_ADDCX, p.tdcs[i], p.tdr),
				TDX_SUCCESS);
	/*
	 * A 7th page is allowed (up to 9, one per L2 VM) while the op-state
	 * is UNINITIALIZED; a page the TD holds already is refused for its
	 * type, after the count and before the op-state check.
	 */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_ADDCX, p.tdcs[0], p.tdr),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_RD, p.tdr, 0x1110000100000001ULL),
			TDX_OP_STATE_INCORRECT);

	/* MNG.INIT with TD_PARAMS. */
	params = phys_to_virt(p.params);
	params[0] = 1;		/* DEBUG */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_INIT, p.tdr, p.params),
			TDX_OPERAND_INVALID | 68);
	params[2] = 4;		/* max_vcpus */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_INIT, p.tdr, p.params + 512),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_INIT, p.tdr, p.params), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_INIT, p.tdr, p.params),
			TDX_OP_STATE_INCORRECT);
	/* Past the base count, ADDCX needs op-state UNINITIALIZED. */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_ADDCX, p.src, p.tdr),
			TDX_OP_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_RD, 0), p.tdr,
				  0x1110000100000001ULL, 0, 0, &a),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 4);
	/* Version 0 has no "next field" and no null field id. */
	KUNIT_EXPECT_EQ(test, a.rdx, 0);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_RD, p.tdr, 0),
			TDX_METADATA_FIELD_ID_INCORRECT | TDX_OPERAND_ID_RDX);
	/* Version 1: RDX = the next field id, -1 after the last. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_RD, 1), p.tdr, 0, 0, 0,
				  &a), TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	next = a.rdx;
	KUNIT_EXPECT_NE(test, next, 0);
	for (i = 0; i < 16 && next != ~0ULL; i++) {
		KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_RD, 1), p.tdr, next,
					  0, 0, &a), TDX_SUCCESS);
		if (next == 0x1110000100000001ULL)
			KUNIT_EXPECT_EQ(test, a.r8, 4);
		next = a.rdx;
	}
	KUNIT_EXPECT_EQ(test, next, ~0ULL);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_RD, 1), p.tdr, 0x1234, 0, 0,
				  &a),
			TDX_METADATA_FIELD_ID_INCORRECT | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, a.rdx, ~0ULL);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_RD, 2), p.tdr, 0, 0, 0,
				  NULL), TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
	/* Version 1 of leaves that have none in 1.5.01. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_WR, 1), p.tdr,
				  0x1110000100000001ULL, 0, 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_ADDCX, 1), p.src, p.tdr,
				  0, 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_WR, 0), p.tdr,
				  0x1110000100000001ULL, 1, ~0ULL, NULL),
			TDX_METADATA_FIELD_NOT_WRITABLE | TDX_OPERAND_ID_RDX);

	/* Contention: no side effects, then success. */
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_PAGE, p.tdr, true),
			0);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_RD, p.tdr, 0x1110000100000001ULL),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_RCX);
	tdx_sim_release_lock(TDX_SIM_LOCK_PAGE, p.tdr);
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_OP_STATE, p.tdr,
						true), 0);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_CREATE, p.tdvpr, p.tdr),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_OP_STATE);
	tdx_sim_release_lock(TDX_SIM_LOCK_OP_STATE, p.tdr);

	/* vCPU. */
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_CREATE, p.tdvpr, p.tdr), TDX_SUCCESS);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_VP_ADDCX, p.tdcx[i], p.tdvpr),
				TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_INIT, 1), p.tdvpr, 0, 0, 0,
				  NULL), TDX_TDCX_NUM_INCORRECT);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ADDCX, p.tdcx[4], p.tdvpr), TDX_SUCCESS);
	/* Up to 15 TDVPS pages are allowed; a page in use is refused. */
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ADDCX, p.tdcx[0], p.tdvpr),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_INIT, 2), p.tdvpr, 0, 0, 0,
				  NULL), TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
	KUNIT_EXPECT_EQ(test, SC(TDH_MR_FINALIZE, p.tdr, 0), TDX_NO_VCPUS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_INIT, 1), p.tdvpr, 0, 0, 0,
				  NULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_INIT, 1), p.tdvpr, 0, 0, 0,
				  NULL), TDX_VCPU_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_WR, 0), p.tdvpr, 0x4002,
				  0xff, 0x0f, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_RD, 0), p.tdvpr, 0x4002,
				  0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 0x0f);
	KUNIT_EXPECT_EQ(test, a.rdx, 0);
	/* VP.RD v1: fields written, in id order, then -1. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_WR, 0), p.tdvpr, 0x2000,
				  0x5, ~0ULL, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_RD, 1), p.tdvpr, 0, 0, 0,
				  &a), TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	KUNIT_EXPECT_EQ(test, a.rdx, 0x2000);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_RD, 1), p.tdvpr, 0x2000, 0,
				  0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 0x5);
	KUNIT_EXPECT_EQ(test, a.rdx, 0x4002);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_RD, 1), p.tdvpr, 0x4002, 0,
				  0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 0x0f);
	KUNIT_EXPECT_EQ(test, a.rdx, ~0ULL);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_WR, 1), p.tdvpr, 0x4002, 0,
				  0, NULL), TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);

	/* Secure EPT and an initial page. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_ADD, 0), gpa, p.tdr,
				  p.reg, p.src, &a),
			TDX_EPT_WALK_FAILED | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, a.rdx, 3);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_SEPT_ADD, 0), 3, p.tdr,
				  p.sept[0], 0, NULL), TDX_SUCCESS);
	/* M15: an entry that links a table already is in the wrong state. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_SEPT_ADD, 0), 3, p.tdr,
				  p.sept[1], 0, &a),
			TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, a.rdx, 3 | (0x84 << 8));	/* NL_MAPPED */
	/* allow_existing: success, the page is not used (v1: bit 63). */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_SEPT_ADD, 0), 3, p.tdr | 1,
				  p.sept[1], 0, NULL), TDX_SUCCESS);
	a = (struct tdx_module_args){ .rcx = 3, .rdx = p.tdr | 1,
				      .r8 = p.sept[1], .r9 = ~0ULL,
				      .r10 = ~0ULL, .r11 = ~0ULL };
	KUNIT_EXPECT_EQ(test, tdx_seamcall(tdx_leaf(TDH_MEM_SEPT_ADD, 1), &a),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, p.sept[1] | BIT_ULL(63));
	KUNIT_EXPECT_EQ(test, a.r9, ~0ULL);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_SEPT_ADD, 0), 3, p.tdr | 2,
				  p.sept[1], 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, tdx_sim_page_owner(p.sept[1], &pt, &owner), 0);
	KUNIT_EXPECT_EQ(test, pt, 0);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_SEPT_ADD, 0), 2, p.tdr,
				  p.sept[1], 0, NULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_SEPT_ADD, 0), 1, p.tdr,
				  p.sept[2], 0, NULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_ADD, 0), gpa, p.tdr,
				  p.reg, p.src, NULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MR_EXTEND, gpa + 256, p.tdr), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MR_EXTEND, gpa + 8, p.tdr),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	/*
	 * Before MR.FINALIZE the TD never ran: no TLB tracking is required
	 * and PAGE.REMOVE needs no block or track.
	 */
	extra = new_page(test);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_ADD, 0), gpa + PAGE_SIZE,
				  p.tdr, extra, p.src, NULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_REMOVE, 0),
				  gpa + PAGE_SIZE, p.tdr, 0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.rcx, extra);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_REMOVE, 0),
				  gpa + PAGE_SIZE, p.tdr, 0, 0, &a),
			TDX_EPT_ENTRY_STATE_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, a.rdx, 0);	/* level 0, FREE */
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_WBINVD,
				 extra | ((u64)HKID_TD << 46), 0), TDX_SUCCESS);
	free_pa(extra);

	/* Run. */
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ENTER, p.tdvpr, 0),
			TDX_OP_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, SC(TDH_MR_FINALIZE, p.tdr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MEM_PAGE_ADD, gpa, p.tdr),
			TDX_OP_STATE_INCORRECT);
	if (cpu_b) {
		a = (struct tdx_module_args){ .rcx = p.tdvpr };
		KUNIT_EXPECT_EQ(test, sc_on(cpu_b, tdx_leaf(TDH_VP_ENTER, 0),
					    &a), TDX_VCPU_ASSOCIATED);
	}
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ENTER, p.tdvpr, 0x77),
			TDX_SUCCESS | 77);

	/* Remove the page: block, track, remove, write back. */
	KUNIT_EXPECT_EQ(test, SC(TDH_MEM_PAGE_REMOVE, gpa, p.tdr),
			TDX_GPA_RANGE_NOT_BLOCKED | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_MEM_RANGE_BLOCK, gpa, p.tdr), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MEM_RANGE_BLOCK, gpa, p.tdr),
			TDX_GPA_RANGE_ALREADY_BLOCKED | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_MEM_PAGE_REMOVE, gpa, p.tdr),
			TDX_TLB_TRACKING_NOT_DONE | TDX_OPERAND_ID_RCX);
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_EPOCH, p.tdr,
						false), 0);
	KUNIT_EXPECT_EQ(test, SC(TDH_MEM_TRACK, p.tdr, 0),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_TD_EPOCH);
	tdx_sim_release_lock(TDX_SIM_LOCK_EPOCH, p.tdr);
	KUNIT_EXPECT_EQ(test, SC(TDH_MEM_TRACK, p.tdr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_WBINVD,
				 p.reg | ((u64)HKID_TD << 46), 0),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_REMOVE, 0), gpa, p.tdr,
				  0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.rcx, p.reg);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_WBINVD,
				 p.reg | ((u64)HKID_TD << 46), 0), TDX_SUCCESS);

	/* Teardown: flush, VPFLUSHDONE, CACHE.WB per package, FREEID. */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_VPFLUSHDONE, p.tdr, 0),
			TDX_FLUSHVP_NOT_DONE);
	if (cpu_b) {
		a = (struct tdx_module_args){ .rcx = p.tdvpr };
		KUNIT_EXPECT_EQ(test, sc_on(cpu_b, tdx_leaf(TDH_VP_FLUSH, 0),
					    &a), TDX_VCPU_NOT_ASSOCIATED);
	}
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_FLUSH, p.tdvpr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_FREEID, p.tdr, 0),
			TDX_LIFECYCLE_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 0, 0),
			TDX_NO_HKID_READY_TO_WBCACHE);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_VPFLUSHDONE, p.tdr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ENTER, p.tdvpr, 0),
			TDX_TD_KEYS_NOT_CONFIGURED);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_FREEID, p.tdr, 0),
			TDX_WBCACHE_NOT_COMPLETE);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 2, 0),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 1, 0),
			TDX_WBCACHE_RESUME_ERROR);
	tdx_sim_interrupt_every(TDX_SIM_PHYMEM_CACHE_WB, 1);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 0, 0),
			TDX_INTERRUPTED_RESUMABLE);
	KUNIT_ASSERT_EQ(test, tdx_sim_hold_lock(TDX_SIM_LOCK_WBCACHE,
						topology_physical_package_id(0),
						true), 0);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 1, 0),
			TDX_OPERAND_BUSY | TDX_OPERAND_ID_WBCACHE);
	tdx_sim_release_lock(TDX_SIM_LOCK_WBCACHE,
			     topology_physical_package_id(0));
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 1, 0),
			TDX_INTERRUPTED_RESUMABLE);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 1, 0),
			TDX_INTERRUPTED_RESUMABLE);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 1, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_CACHE_WB, 1, 0),
			TDX_WBCACHE_RESUME_ERROR);
	tdx_sim_clear_faults();
	for (pkg = 1; pkg < topology_max_packages(); pkg++) {
		KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_FREEID, p.tdr, 0),
				TDX_WBCACHE_NOT_COMPLETE);
		a = (struct tdx_module_args){ };
		KUNIT_EXPECT_EQ(test, sc_on(cpu_of_pkg(pkg),
					    tdx_leaf(TDH_PHYMEM_CACHE_WB, 0),
					    &a), TDX_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdcs[0], 0),
			TDX_LIFECYCLE_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_FREEID, p.tdr, 0), TDX_SUCCESS);

	/* Reclaim: the TDR last. */
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_PHYMEM_PAGE_RECLAIM, 0), p.tdr,
				  0, 0, 0, &a), TDX_TD_ASSOCIATED_PAGES_EXIST);
	KUNIT_EXPECT_EQ(test, a.rcx, 4);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 1 + 6 + 1 + 5 + 3);
	tdx_sim_host_freed(p.tdcs[0], 1);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 1);
	for (i = 0; i < 6; i++) {
		KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_PHYMEM_PAGE_RECLAIM, 0),
					  p.tdcs[i], 0, 0, 0, &a), TDX_SUCCESS);
		KUNIT_EXPECT_EQ(test, a.rcx, 5);
		KUNIT_EXPECT_EQ(test, a.rdx, p.tdr);
	}
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdcx[i], 0),
				TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdvpr, 0),
			TDX_SUCCESS);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.sept[i], 0),
				TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.sept[0], 0),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdr, 0),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_WBINVD,
				 p.tdr | ((u64)HKID_GLOBAL << 46), 0),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 0);
	tdx_sim_census(&cs);
	KUNIT_EXPECT_EQ(test, cs.by_type[4], 0);
	/* The HKID is free again. */
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, p.tdr, HKID_TD), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 1);

	teardown_env();
	free_pa(p.tdr);
	for (i = 0; i < 6; i++)
		free_pa(p.tdcs[i]);
	free_pa(p.tdvpr);
	for (i = 0; i < 5; i++)
		free_pa(p.tdcx[i]);
	for (i = 0; i < 3; i++)
		free_pa(p.sept[i]);
	free_pa(p.reg);
	free_pa(p.src);
	free_pa(p.params);
}

/* Build a TD with one vCPU (x2APIC id 5) on CPU 0; p->reg etc. unused. */
static void build_td(struct kunit *test, struct td_pages *p, u16 hkid,
		     bool finalize)
{
	struct tdx_module_args a;
	unsigned int i, pkg;
	u64 *params;

	p->tdr = new_page(test);
	for (i = 0; i < 6; i++)
		p->tdcs[i] = new_page(test);
	p->tdvpr = new_page(test);
	for (i = 0; i < 5; i++)
		p->tdcx[i] = new_page(test);
	for (i = 0; i < 3; i++)
		p->sept[i] = new_page(test);
	p->params = new_page(test);
	params = phys_to_virt(p->params);
	params[2] = 2;

	KUNIT_ASSERT_EQ(test, SC(TDH_MNG_CREATE, p->tdr, hkid), TDX_SUCCESS);
	for (pkg = 0; pkg < topology_max_packages(); pkg++) {
		a = (struct tdx_module_args){ .rcx = p->tdr };
		KUNIT_ASSERT_EQ(test, sc_on(cpu_of_pkg(pkg),
					    tdx_leaf(TDH_MNG_KEY_CONFIG, 0), &a),
				TDX_SUCCESS);
	}
	for (i = 0; i < 6; i++)
		KUNIT_ASSERT_EQ(test, SC(TDH_MNG_ADDCX, p->tdcs[i], p->tdr),
				TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, SC(TDH_MNG_INIT, p->tdr, p->params), TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, SC(TDH_VP_CREATE, p->tdvpr, p->tdr), TDX_SUCCESS);
	for (i = 0; i < 5; i++)
		KUNIT_ASSERT_EQ(test, SC(TDH_VP_ADDCX, p->tdcx[i], p->tdvpr),
				TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, sc4(tdx_leaf(TDH_VP_INIT, 1), p->tdvpr, 0, 5, 0,
				  NULL), TDX_SUCCESS);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, sc4(tdx_leaf(TDH_MEM_SEPT_ADD, 0), 3 - i,
					  p->tdr, p->sept[i], 0, NULL),
				TDX_SUCCESS);
	if (finalize)
		KUNIT_ASSERT_EQ(test, SC(TDH_MR_FINALIZE, p->tdr, 0),
				TDX_SUCCESS);
}

static void free_td_pages(struct td_pages *p)
{
	unsigned int i;

	free_pa(p->tdr);
	for (i = 0; i < 6; i++)
		free_pa(p->tdcs[i]);
	free_pa(p->tdvpr);
	for (i = 0; i < 5; i++)
		free_pa(p->tdcx[i]);
	for (i = 0; i < 3; i++)
		free_pa(p->sept[i]);
	free_pa(p->params);
}

static void sim_smoke_aug_2m(struct kunit *test)
{
	struct tdx_module_args a = { };
	struct tdx_sim_census cs;
	struct td_pages p;
	struct page *big;
	u64 hpa, gpa2m = 0x200000;
	unsigned int i, pkg;

	bringup(test);
	build_td(test, &p, HKID_TD, true);
	big = alloc_contig_pages(1024, GFP_KERNEL, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	clflush_cache_range(page_address(big), 1024 * PAGE_SIZE);
	hpa = ALIGN(page_to_phys(big), 1ULL << 21);

	/* No vCPU can be added once the TD is finalized. */
	a.rcx = new_page(test);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_CREATE, a.rcx, p.tdr),
			TDX_OP_STATE_INCORRECT);
	free_pa(a.rcx);

	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_AUG, 0), gpa2m | 1,
				  p.tdr, hpa + PAGE_SIZE, 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_AUG, 0), gpa2m | 1,
				  p.tdr, hpa, 0, NULL), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MEM_PAGE_AUG, 0), gpa2m, p.tdr,
				  p.params, 0, &a),
			TDX_EPT_WALK_FAILED | TDX_OPERAND_ID_RCX);
	/* Level 1, state PENDING (2: AUG'd, not yet accepted). */
	KUNIT_EXPECT_EQ(test, a.rdx, 0x201);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_PHYMEM_PAGE_RDMD, 0),
				  hpa + 5 * PAGE_SIZE, 0, 0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.rcx, 3);
	KUNIT_EXPECT_EQ(test, a.rdx, p.tdr);
	KUNIT_EXPECT_EQ(test, a.r8, 1);
	KUNIT_EXPECT_EQ(test, SC(TDH_MR_EXTEND, gpa2m, p.tdr),
			TDX_OP_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 1 + 6 + 6 + 3 + 512);

	/* Teardown with the 2M page still mapped: reclaim it whole. */
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_FLUSH, p.tdvpr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_VPFLUSHDONE, p.tdr, 0), TDX_SUCCESS);
	for (pkg = 0; pkg < topology_max_packages(); pkg++) {
		a = (struct tdx_module_args){ };
		KUNIT_EXPECT_EQ(test, sc_on(cpu_of_pkg(pkg),
					    tdx_leaf(TDH_PHYMEM_CACHE_WB, 0),
					    &a), TDX_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_FREEID, p.tdr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_PHYMEM_PAGE_RECLAIM, 0),
				  hpa + PAGE_SIZE, 0, 0, 0, &a),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, a.rcx, 3);
	KUNIT_EXPECT_EQ(test, a.r8, 1);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, hpa, 0), TDX_SUCCESS);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdcs[i], 0),
				TDX_SUCCESS);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdcx[i], 0),
				TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdvpr, 0),
			TDX_SUCCESS);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.sept[i], 0),
				TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_PHYMEM_PAGE_RECLAIM, p.tdr, 0),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 0);
	tdx_sim_census(&cs);
	KUNIT_EXPECT_EQ(test, cs.by_type[3], 0);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0);

	teardown_env();
	free_contig_range(page_to_pfn(big), 1024);
	free_td_pages(&p);
}

static void sim_smoke_vcpus(struct kunit *test)
{
	struct tdx_module_args a;
	struct td_pages p;
	u64 v2[6];
	unsigned int i;

	bringup(test);
	build_td(test, &p, HKID_TD, false);
	for (i = 0; i < 6; i++)
		v2[i] = new_page(test);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_CREATE, v2[0], p.tdr), TDX_SUCCESS);
	for (i = 1; i < 6; i++)
		KUNIT_EXPECT_EQ(test, SC(TDH_VP_ADDCX, v2[i], v2[0]),
				TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_INIT, 1), v2[0], 0, 5, 0,
				  NULL), TDX_X2APIC_ID_NOT_UNIQUE);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_VP_INIT, 1), v2[0], 0,
				  BIT_ULL(32), 0, NULL),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_R8);
	/* Initialised on CPU 1: associated there. */
	a = (struct tdx_module_args){ .rcx = v2[0], .r8 = 6 };
	KUNIT_EXPECT_EQ(test, sc_on(1, tdx_leaf(TDH_VP_INIT, 1), &a),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_RD, 0), p.tdr,
				  0x1110000100000002ULL, 0, 0, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 2);
	KUNIT_EXPECT_EQ(test, SC(TDH_MR_FINALIZE, p.tdr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ENTER, v2[0], 0), TDX_VCPU_ASSOCIATED);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ENTER, p.tdvpr | BIT_ULL(54), 0),
			TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_ENTER, p.tdvpr | BIT_ULL(52), 0),
			TDX_SUCCESS | 77);
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_RD, p.tdvpr, BIT_ULL(56)),
			TDX_METADATA_FIELD_ID_INCORRECT | TDX_OPERAND_ID_RDX);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_MNG_WR, 0), p.tdr,
				  0x9100000000000010ULL, 1, 1, &a), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 0);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_KEY_FREEID, p.tdr, 0),
			TDX_LIFECYCLE_STATE_INCORRECT);
	/* One vCPU flushed, the other still associated. */
	KUNIT_EXPECT_EQ(test, SC(TDH_VP_FLUSH, p.tdvpr, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_VPFLUSHDONE, p.tdr, 0),
			TDX_FLUSHVP_NOT_DONE);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 0);
	teardown_env();
	free_td_pages(&p);
	for (i = 0; i < 6; i++)
		free_pa(v2[i]);
}

static void sim_smoke_faults_and_ext(struct kunit *test)
{
	struct tdx_module_args a = { .rcx = 7, .rdx = TDX_MD_MAJOR_VERSION };
	u64 pages[4], list, info, *l;
	struct tdx_sim_census cs;
	unsigned int i;

	bringup(test);

	/* Injected failures: nth matching call, registers zeroed. */
	tdx_sim_fail_call(TDX_SIM_SYS_RD, 2, TDX_SYS_BUSY);
	tdx_sim_fail_call(TDX_SIM_ANY_LEAF, 3, TDX_OPERAND_BUSY);
	KUNIT_EXPECT_EQ(test, sc_on(0, tdx_leaf(TDH_SYS_RD, 0), &a),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.r8, 1);
	a.rdx = TDX_MD_MAJOR_VERSION;
	KUNIT_EXPECT_EQ(test, sc_on(0, tdx_leaf(TDH_SYS_RD, 0), &a),
			TDX_SYS_BUSY);
	KUNIT_EXPECT_EQ(test, a.r8, 0);
	KUNIT_EXPECT_EQ(test, a.rdx, 0);
	KUNIT_EXPECT_EQ(test, SC(TDH_MNG_CREATE, 0, 0), TDX_OPERAND_BUSY);
	KUNIT_EXPECT_EQ(test, SC(TDH_SYS_RD, 0, TDX_MD_MAJOR_VERSION),
			TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, tdx_sim_calls(TDX_SIM_SYS_RD), 3);

	/* EXT.MEM.ADD interrupted every page; re-issuing the original fails. */
	for (i = 0; i < 4; i++)
		pages[i] = new_page(test);
	list = new_page(test);
	l = phys_to_virt(list);
	for (i = 0; i < 4; i++)
		l[i] = pages[i];
	info = FIELD_PREP(HPA_LIST_INFO_PFN, list >> PAGE_SHIFT) |
	       FIELD_PREP(HPA_LIST_INFO_LAST_ENTRY, 3);
	tdx_sim_interrupt_every(TDX_SIM_EXT_MEM_ADD, 1);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_EXT_MEM_ADD, 0), info, 0, 0, 0,
				  &a), TDX_INTERRUPTED_RESUMABLE);
	KUNIT_EXPECT_EQ(test, FIELD_GET(HPA_LIST_INFO_FIRST_ENTRY, a.rcx), 1);
	KUNIT_EXPECT_EQ(test, sc4(tdx_leaf(TDH_EXT_MEM_ADD, 0), info, 0, 0, 0,
				  NULL),
			TDX_PAGE_METADATA_INCORRECT | TDX_OPERAND_ID_RCX);
	do {
		info = a.rcx;
	} while (sc4(tdx_leaf(TDH_EXT_MEM_ADD, 0), info, 0, 0, 0, &a) ==
		 TDX_INTERRUPTED_RESUMABLE);
	tdx_sim_census(&cs);
	KUNIT_EXPECT_EQ(test, cs.ext_pages, 4);
	/*
	 * EXT_REQUIRED is 0 on this platform: EXT.INIT has nothing to do and
	 * is a successful no-op (inferred), never interrupted.
	 * tdx_resume_test covers an EXT.INIT that is required.
	 */
	tdx_sim_interrupt_every(TDX_SIM_EXT_INIT, 3);
	KUNIT_EXPECT_EQ(test, SC(TDH_EXT_INIT, 0, 0), TDX_SUCCESS);
	KUNIT_EXPECT_EQ(test, SC(TDH_EXT_INIT, 0, 0), TDX_SUCCESS);
	tdx_sim_clear_faults();

	/* Freeing a page the module owns is a violation. */
	tdx_sim_host_freed(pages[0], 1);
	KUNIT_EXPECT_EQ(test, tdx_sim_violations(), 1);
	KUNIT_EXPECT_EQ(test, tdx_sim_module_pages(), 0);

	teardown_env();
	for (i = 0; i < 4; i++)
		free_pa(pages[i]);
	free_pa(list);
}

static struct kunit_case sim_smoke_cases[] = {
	KUNIT_CASE(sim_smoke_bringup_order),
	KUNIT_CASE(sim_smoke_td_life),
	KUNIT_CASE(sim_smoke_aug_2m),
	KUNIT_CASE(sim_smoke_vcpus),
	KUNIT_CASE(sim_smoke_faults_and_ext),
	{}
};

static struct kunit_suite sim_smoke_suite = {
	.name = "tdx_sim_smoke",
	.test_cases = sim_smoke_cases,
};

kunit_test_suite(sim_smoke_suite);
