// SPDX-License-Identifier: GPL-2.0
/*
 * Module update images for the simulated TDX module: the blob a host feeds
 * to tdx_update_image_alloc() (header, sigstruct page, module pages), and
 * the digest SEAMLDR.INSTALL checks it against.
 */
#include <linux/err.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/page.h>

#include <tdx/sim.h>
#include <tdx/update.h>

#include "sim.h"

#define SIM_FNV_OFFSET	0xcbf29ce484222325ULL
#define SIM_FNV_PRIME	0x100000001b3ULL

static u64 sim_fnv(u64 hash, const u8 *p, size_t len)
{
	while (len--) {
		hash ^= *p++;
		hash *= SIM_FNV_PRIME;
	}
	return hash;
}

/**
 * sim_image_digest() - Digest of a module's pages, as its sigstruct has it.
 * @module_pa: physical address of each page.
 * @nr_pages: number of pages.
 *
 * Return: FNV-1a over the pages' bytes, in order.
 */
u64 sim_image_digest(const u64 *module_pa, unsigned int nr_pages)
{
	u64 hash = SIM_FNV_OFFSET;
	unsigned int i;

	for (i = 0; i < nr_pages; i++)
		hash = sim_fnv(hash, __va(module_pa[i]), PAGE_SIZE);
	return hash;
}

/**
 * tdx_sim_image_alloc() - Build an update image of a simulated module.
 * @module: the module it installs.
 * @module_nr_pages: module pages (1..TDX_SEAMLDR_MAX_MODULE_PAGES); their
 *	bytes are a pattern of the version, so two versions differ.
 * @size: receives the image's size in bytes.
 *
 * Return: the image (vmalloc memory, for tdx_sim_image_free()), or NULL
 * for a bad page count or without memory.
 */
void *tdx_sim_image_alloc(const struct tdx_sim_module *module,
			  unsigned int module_nr_pages, size_t *size)
{
	struct tdx_image_header *hdr;
	struct sim_sigstruct *sig;
	u64 hash = SIM_FNV_OFFSET;
	unsigned int i, j;
	u8 *blob, *page;

	if (!module_nr_pages || module_nr_pages > TDX_SEAMLDR_MAX_MODULE_PAGES)
		return NULL;
	*size = (2 + (size_t)module_nr_pages) * PAGE_SIZE;
	blob = vzalloc(*size);
	if (!blob)
		return NULL;

	hdr = (struct tdx_image_header *)blob;
	hdr->version = TDX_IMAGE_VERSION;
	memcpy(hdr->signature, TDX_IMAGE_SIGNATURE, sizeof(hdr->signature));
	hdr->sigstruct_nr_pages = 1;
	hdr->module_nr_pages = module_nr_pages;

	for (i = 0; i < module_nr_pages; i++) {
		page = blob + (2 + i) * PAGE_SIZE;
		for (j = 0; j < PAGE_SIZE; j++)
			page[j] = i * 131 + j + module->version.major * 7 +
				  module->version.minor * 3 +
				  module->version.update;
		hash = sim_fnv(hash, page, PAGE_SIZE);
	}

	sig = (struct sim_sigstruct *)(blob + PAGE_SIZE);
	memcpy(sig->magic, SIM_SIGSTRUCT_MAGIC, sizeof(sig->magic));
	sig->module = *module;
	sig->module_nr_pages = module_nr_pages;
	sig->digest = hash;
	return blob;
}

/**
 * tdx_sim_image_free() - Free an image from tdx_sim_image_alloc().
 * @image: the image, or NULL.
 */
void tdx_sim_image_free(void *image)
{
	vfree(image);
}
