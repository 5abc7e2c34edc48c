/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDX module completion status codes and their classifiers.
 *
 * A SEAMCALL returns a 64-bit status in RAX.  Bits 63:32 are the status
 * proper; bits 31:0 carry details such as the id of the operand that
 * failed.  Values are the TDX module 1.5 values; where module 1.0, module
 * 1.5 and Linux disagree (NON_RECOVERABLE_TD, WRONG_APIC_MODE) the Linux
 * value is defined and tdx_status_is() compares class and sub-code only,
 * so either module's value matches.
 */
#ifndef _TDX_CORE_ERRNO_H
#define _TDX_CORE_ERRNO_H

#include <linux/bits.h>
#include <linux/types.h>

/* Layout of a completion status. */
#define TDX_SEAMCALL_STATUS_MASK	0xFFFFFFFF00000000ULL
#define TDX_STATUS_DETAILS_MASK		GENMASK_ULL(31, 0)
#define TDX_STATUS_CODE_MASK		GENMASK_ULL(47, 32)
#define TDX_STATUS_CLASS_MASK		GENMASK_ULL(47, 40)
#define TDX_ERROR			BIT_ULL(63)
#define TDX_NON_RECOVERABLE		BIT_ULL(62)
#define TDX_FATAL			BIT_ULL(61)
#define TDX_HOST_RECOVERABILITY_HINT	BIT_ULL(60)

/* Status classes (bits 47:40). */
#define TDX_CLASS_GENERAL		0x00
#define TDX_CLASS_OPERAND		0x01
#define TDX_CLASS_BUSY			0x02
#define TDX_CLASS_PAGE_METADATA		0x03
#define TDX_CLASS_TD_PAGES		0x04
#define TDX_CLASS_SYSTEM		0x05
#define TDX_CLASS_TD_STATE		0x06
#define TDX_CLASS_VCPU			0x07
#define TDX_CLASS_KEY			0x08
#define TDX_CLASS_TDMR			0x0A
#define TDX_CLASS_EPT			0x0B
#define TDX_CLASS_METADATA		0x0C
#define TDX_CLASS_SOFTWARE		0xFF

/* Software-defined codes: class 0xFF never comes from the module. */
#define TDX_SW_ERROR			(TDX_ERROR | GENMASK_ULL(47, 40))
#define TDX_SEAMCALL_VMFAILINVALID	(TDX_SW_ERROR | 0xFFFF0000ULL)
#define TDX_SEAMCALL_GP			(TDX_SW_ERROR | 13ULL)
#define TDX_SEAMCALL_UD			(TDX_SW_ERROR | 6ULL)
/*
 * The wrapper refused its inputs (NULL or half-initialised handle, a page
 * that does not belong to the object, an out-of-range value) and issued no
 * SEAMCALL.  Nothing changed hands.
 */
#define TDX_SW_BAD_INPUT		(TDX_SW_ERROR | 0xFFFE0000ULL)

/*
 * P-SEAMLDR status codes (SEAMLDR.INSTALL).  Not in the reference: the
 * values of the TDX KVM prototype's p-seamldr.h.  The loader's codes share
 * RAX with the module's but not their class layout.
 */
#define TDX_SEAMLDR_EBADPARAM		0x8000000000000000ULL
#define TDX_SEAMLDR_EBADCALL		0x8000000000000003ULL

/* Module status codes (TDX module 1.5.01, tdx_error_codes_defs.h). */
#define TDX_SUCCESS				0x0000000000000000ULL
#define TDX_NON_RECOVERABLE_VCPU		0x4000000100000000ULL
#define TDX_NON_RECOVERABLE_TD			0x4000000200000000ULL
#define TDX_INTERRUPTED_RESUMABLE		0x8000000300000000ULL
#define TDX_INTERRUPTED_RESTARTABLE		0x8000000400000000ULL
#define TDX_NON_RECOVERABLE_TD_NON_ACCESSIBLE	0x6000000500000000ULL
#define TDX_INVALID_RESUMPTION			0xC000000600000000ULL
#define TDX_NON_RECOVERABLE_TD_WRONG_APIC_MODE	0x6000000700000000ULL
#define TDX_OPERAND_INVALID			0xC000010000000000ULL
#define TDX_OPERAND_ADDR_RANGE_ERROR		0xC000010100000000ULL
#define TDX_OPERAND_BUSY			0x8000020000000000ULL
#define TDX_PREVIOUS_TLB_EPOCH_BUSY		0x8000020100000000ULL
#define TDX_SYS_BUSY				0x8000020200000000ULL
#define TDX_RND_NO_ENTROPY			0x8000020300000000ULL
#define TDX_OPERAND_BUSY_HOST_PRIORITY		0x8000020400000000ULL
#define TDX_PAGE_METADATA_INCORRECT		0xC000030000000000ULL
#define TDX_PAGE_ALREADY_FREE			0x0000030100000000ULL
#define TDX_PAGE_NOT_OWNED_BY_TD		0xC000030200000000ULL
#define TDX_PAGE_NOT_FREE			0xC000030300000000ULL
#define TDX_TD_ASSOCIATED_PAGES_EXIST		0xC000040000000000ULL
#define TDX_SYS_INIT_NOT_PENDING		0xC000050000000000ULL
#define TDX_SYS_LP_INIT_NOT_DONE		0xC000050200000000ULL
#define TDX_SYS_LP_INIT_DONE			0xC000050300000000ULL
#define TDX_SYS_NOT_READY			0xC000050500000000ULL
#define TDX_SYS_SHUTDOWN			0xC000050600000000ULL
/* TDX Connect (LP-TC v2; no module source confirms them). */
#define TDX_SPDM_SESSION_KEY_REQUIRE_REFRESH	0xC0000F4500000000ULL
#define TDX_SPDM_REQUEST			0xC0000F5700000000ULL
#define TDX_SYS_KEY_CONFIG_NOT_PENDING		0xC000050700000000ULL
#define TDX_SYS_STATE_INCORRECT			0xC000050800000000ULL
#define TDX_SYS_INVALID_HANDOFF			0xC000050900000000ULL
#define TDX_SYS_LP_INIT_NOT_PENDING		0xC000050B00000000ULL
#define TDX_SYS_CONFIG_NOT_PENDING		0xC000050C00000000ULL
/* TDH.SYS.SHUTDOWN with AVOID_COMPAT_SENSITIVE (LP-RU; no module source). */
#define TDX_UPDATE_COMPAT_SENSITIVE		0x8000051200000000ULL
#define TDX_TD_FATAL				0xE000060400000000ULL
#define TDX_TD_NON_DEBUG			0xC000060500000000ULL
#define TDX_TDCS_NOT_ALLOCATED			0xC000060600000000ULL
#define TDX_LIFECYCLE_STATE_INCORRECT		0xC000060700000000ULL
#define TDX_OP_STATE_INCORRECT			0xC000060800000000ULL
#define TDX_NO_VCPUS				0xC000060900000000ULL
#define TDX_TDCX_NUM_INCORRECT			0xC000061000000000ULL
#define TDX_X2APIC_ID_NOT_UNIQUE		0xC000062100000000ULL
#define TDX_VCPU_STATE_INCORRECT		0xC000070000000000ULL
#define TDX_VCPU_ASSOCIATED			0x8000070100000000ULL
#define TDX_VCPU_NOT_ASSOCIATED			0x8000070200000000ULL
#define TDX_MAX_VCPUS_EXCEEDED			0xC000070500000000ULL
#define TDX_KEY_GENERATION_FAILED		0x8000080000000000ULL
#define TDX_TD_KEYS_NOT_CONFIGURED		0x8000081000000000ULL
#define TDX_KEY_STATE_INCORRECT			0xC000081100000000ULL
#define TDX_KEY_CONFIGURED			0x0000081500000000ULL
#define TDX_WBCACHE_NOT_COMPLETE		0x8000081700000000ULL
#define TDX_HKID_NOT_FREE			0xC000082000000000ULL
#define TDX_NO_HKID_READY_TO_WBCACHE		0x0000082100000000ULL
#define TDX_WBCACHE_RESUME_ERROR		0xC000082300000000ULL
#define TDX_FLUSHVP_NOT_DONE			0x8000082400000000ULL
#define TDX_INVALID_TDMR			0xC0000A0000000000ULL
#define TDX_TDMR_ALREADY_INITIALIZED		0x00000A0300000000ULL
#define TDX_EPT_WALK_FAILED			0xC0000B0000000000ULL
#define TDX_EPT_ENTRY_FREE			0xC0000B0100000000ULL
#define TDX_EPT_ENTRY_NOT_FREE			0xC0000B0200000000ULL
#define TDX_EPT_ENTRY_NOT_PRESENT		0xC0000B0300000000ULL
#define TDX_GPA_RANGE_NOT_BLOCKED		0xC0000B0600000000ULL
#define TDX_GPA_RANGE_ALREADY_BLOCKED		0x00000B0700000000ULL
#define TDX_TLB_TRACKING_NOT_DONE		0xC0000B0800000000ULL
#define TDX_EPT_ENTRY_STATE_INCORRECT		0xC0000B0D00000000ULL
#define TDX_EPT_PAGE_NOT_FREE			0xC0000B0E00000000ULL
#define TDX_METADATA_FIELD_ID_INCORRECT		0xC0000C0000000000ULL
#define TDX_METADATA_FIELD_NOT_WRITABLE		0xC0000C0100000000ULL
#define TDX_METADATA_FIELD_NOT_READABLE		0xC0000C0200000000ULL
#define TDX_METADATA_FIELD_VALUE_NOT_VALID	0xC0000C0300000000ULL
#define TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT	0x00000C0B00000000ULL

/* Operand ids (bits 31:0 of an error status). */
#define TDX_OPERAND_ID_RAX		0x00
#define TDX_OPERAND_ID_RCX		0x01
#define TDX_OPERAND_ID_RDX		0x02
#define TDX_OPERAND_ID_R8		0x08
#define TDX_OPERAND_ID_R9		0x09
#define TDX_OPERAND_ID_R10		0x0A
#define TDX_OPERAND_ID_R11		0x0B
#define TDX_OPERAND_ID_TDR		0x80
#define TDX_OPERAND_ID_TDCX		0x81
#define TDX_OPERAND_ID_TDVPR		0x82
#define TDX_OPERAND_ID_TDCS		0x90
#define TDX_OPERAND_ID_TDVPS		0x91
#define TDX_OPERAND_ID_SEPT		0x92
#define TDX_OPERAND_ID_TD_EPOCH		0xA9
#define TDX_OPERAND_ID_OP_STATE		0xAC
#define TDX_OPERAND_ID_SYS		0xB8
#define TDX_OPERAND_ID_TDMR		0xB9
#define TDX_OPERAND_ID_KOT		0xBA
#define TDX_OPERAND_ID_KET		0xBB
#define TDX_OPERAND_ID_WBCACHE		0xBC

/**
 * tdx_status_class() - The class of a completion status (bits 47:40).
 * @err: completion status.
 *
 * Return: the class, one of the TDX_CLASS_* values.
 */
static inline unsigned int tdx_status_class(u64 err)
{
	return (err & TDX_STATUS_CLASS_MASK) >> 40;
}

/**
 * tdx_status_operand() - The detail part of a completion status.
 * @err: completion status.
 *
 * Return: bits 31:0, for an error usually the failing operand's id.
 */
static inline u32 tdx_status_operand(u64 err)
{
	return err & TDX_STATUS_DETAILS_MASK;
}

/**
 * tdx_status_is() - Test whether a status is a given code.
 * @err: completion status as returned by a wrapper.
 * @code: one of the TDX_* status codes above, without an operand id.
 *
 * Module codes are compared by class and sub-code (bits 47:32), so the
 * module 1.0, module 1.5 and Linux spellings of a code all match and
 * operand ids are ignored.  Software codes (class 0xFF) differ only in
 * their low bits and are compared in full.
 *
 * Return: true if @err is @code.
 */
static inline bool tdx_status_is(u64 err, u64 code)
{
	if (tdx_status_class(code) == TDX_CLASS_SOFTWARE)
		return err == code;
	if (tdx_status_class(err) == TDX_CLASS_SOFTWARE)
		return false;
	return (err & TDX_STATUS_CODE_MASK) == (code & TDX_STATUS_CODE_MASK);
}

/**
 * tdx_status_error() - Test the error bit.
 * @err: completion status.
 *
 * Return: true if @err reports a failure; false for success and warnings
 * such as TDX_KEY_CONFIGURED.
 */
static inline bool tdx_status_error(u64 err)
{
	return err & TDX_ERROR;
}

/**
 * tdx_status_non_recoverable() - Test the non-recoverable bit.
 * @err: completion status.
 *
 * Return: true if the TD or vCPU the call operated on cannot be used again.
 */
static inline bool tdx_status_non_recoverable(u64 err)
{
	return err & TDX_NON_RECOVERABLE;
}

/**
 * tdx_status_busy() - Test for contention on a module lock.
 * @err: completion status.
 *
 * OPERAND_BUSY, SYS_BUSY, PREVIOUS_TLB_EPOCH_BUSY and the host-priority
 * variant mean another SEAMCALL holds a lock this one needed; nothing was
 * done.  TDX_RND_NO_ENTROPY shares the class but is not contention.
 *
 * Return: true if @err is a busy status.
 */
static inline bool tdx_status_busy(u64 err)
{
	return tdx_status_error(err) &&
	       tdx_status_class(err) == TDX_CLASS_BUSY &&
	       !tdx_status_is(err, TDX_RND_NO_ENTROPY);
}

/**
 * tdx_status_interrupted() - Test for a resumable interruption.
 * @err: completion status.
 *
 * The module made progress, saved it and stopped for a pending interrupt.
 * The caller resumes under the leaf's protocol (see the wrapper's
 * documentation).  INTERRUPTED_RESTARTABLE is deliberately not included:
 * it guarantees no progress, so looping on it is not bounded.
 *
 * Return: true if @err is TDX_INTERRUPTED_RESUMABLE.
 */
static inline bool tdx_status_interrupted(u64 err)
{
	return tdx_status_is(err, TDX_INTERRUPTED_RESUMABLE);
}

/**
 * tdx_status_name() - Name a completion status for logs.
 * @err: completion status.
 *
 * Return: the code's name without operand id, or "TDX_UNKNOWN_STATUS" for
 * a value this library does not know.  Never NULL.
 */
const char *tdx_status_name(u64 err);

/**
 * tdx_status_known() - Test whether this library knows a status.
 * @err: completion status.
 *
 * Return: true if tdx_status_name() has a name for @err.
 */
bool tdx_status_known(u64 err);

/**
 * tdx_status_to_errno() - Map a completion status to an errno.
 * @err: completion status.
 *
 * Success and warnings map to 0, VMfailInvalid (no module) to -ENODEV, a
 * faulting SEAMCALL to -EOPNOTSUPP (#GP) or -EACCES (#UD), a refused input
 * to -EINVAL, contention to -EBUSY, an entropy shortage to -EAGAIN, and
 * every other failure, known or not, to -EIO.
 *
 * Return: 0 or a negative errno.
 */
int tdx_status_to_errno(u64 err);

#endif /* _TDX_CORE_ERRNO_H */
