/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SPDM subset the simulated module and the simulated devices speak.
 *
 * Request and response codes are SPDM 1.2's; a message is the SPDM header
 * (version, code, param1, param2) and a payload.  Session messages carry
 * the session id in the first four payload bytes.  There is no
 * cryptography: a "certificate" is a fixed pattern of the function id.
 */
#ifndef _TDX_SIM_SPDM_H
#define _TDX_SIM_SPDM_H

#include <linux/types.h>

#define SPDM_VERSION_12			0x12

#define SPDM_GET_VERSION		0x84
#define SPDM_GET_CAPABILITIES		0xE1
#define SPDM_NEGOTIATE_ALGORITHMS	0xE3
#define SPDM_GET_CERTIFICATE		0x82
#define SPDM_KEY_EXCHANGE		0xE4
#define SPDM_FINISH			0xE5
#define SPDM_HEARTBEAT			0xE8
#define SPDM_KEY_UPDATE			0xE9
#define SPDM_END_SESSION		0xEC
#define SPDM_VENDOR_DEFINED_REQUEST	0xFE
#define SPDM_ERROR			0x7F

/*
 * IDE key management (IDE_KM) rides in vendor-defined messages: the
 * payload is the session id, the IDE_KM operation and the stream id.
 */
#define IDE_KM_KEY_PROG			1
#define IDE_KM_K_SET_GO			2
#define IDE_KM_K_SET_STOP		3
#define IDE_KM_PAYLOAD_LEN		6

/* A response's code is its request's with bit 7 clear. */
#define SPDM_RESPONSE(code)		((code) & 0x7F)

/* ERROR param1 values. */
#define SPDM_ERR_BUSY			0x03
#define SPDM_ERR_UNEXPECTED_REQUEST	0x04

#define SPDM_HDR_LEN			4
#define SPDM_CERT_LEN			32

/* A step of a module operation: request code, and IDE_KM op if any. */
#define SPDM_STEP(code, km)		((u16)((code) | ((km) << 8)))
#define SPDM_STEP_CODE(step)		((u8)(step))
#define SPDM_STEP_KM(step)		((u8)((step) >> 8))

#endif /* _TDX_SIM_SPDM_H */
