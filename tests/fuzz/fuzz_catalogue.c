/*
 * libFuzzer target: the indicator catalogue (screening/catalogue.c), which
 * a coordinator may load as a new revision (POST
 * /api/v1/screening/catalogues): parsed as the server parses bodies, then
 * checked and indexed in full.  An accepted catalogue finds each of its
 * indicators by id, and each is graded on at least one list.
 */
#include <assert.h>

#include <jansson.h>

#include "fuzz.h"
#include "screening/catalogue.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_process_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalogue	 c;
	struct cat_error	 e;
	json_error_t		 jerr;
	json_t			*doc;
	size_t			 i;
	int			 l, graded;

	if (size > 1024 * 1024)
		return 0;
	doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (doc == NULL)
		return 0;
	if (catalogue_load(doc, &c, &e) == 0) {
		assert(c.n >= 1 && c.n <= CAT_INDICATORS_MAX);
		for (i = 0; i < c.n; i++) {
			assert(catalogue_find(&c, c.ind[i].id) == (int)i);
			for (graded = 0, l = 0; l < LIST__MAX; l++)
				graded |= c.ind[i].grade[l] != GRADE_NONE;
			assert(graded);
		}
		catalogue_free(&c);
	} else
		assert(e.msg[0] != '\0' && c.doc == NULL && c.ind == NULL);
	json_decref(doc);
	return 0;
}
