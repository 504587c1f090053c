/*
 * k-anonymity of a case-level export, by generalising then suppressing.
 *
 * Each record is a row of quasi-identifiers (sex, age band, citizenship,
 * year, country of exploitation …), each a small integer code at its
 * finest level.  Each quasi-identifier has a hierarchy: level 0 is the
 * code itself, every level above is coarser (age band → child/adult →
 * any), and the top level says nothing ("any").  A generalisation is one
 * level per quasi-identifier; under it, records with equal generalised
 * codes form a group, and a group smaller than k would single people out.
 *
 * The search (kanon_run) walks the lattice of generalisations by total
 * height, lowest first, and takes the first whose small groups hold at
 * most max_suppressed records (among equals, the one suppressing fewest);
 * those records are then dropped.  When no generalisation gets that low,
 * it takes the one that suppresses fewest (the top always works when there
 * are at least k records).  With fewer than k records, every record is
 * suppressed: nothing can be published.
 */
#ifndef HAVEN_KANON_H
#define HAVEN_KANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KANON_QI_MAX		8
#define KANON_K_DEFAULT		11
#define KANON_ANY		(-1)	/* the top of every hierarchy */
#define KANON_CODE_MAX		254	/* codes are 0 .. 254 at every level */

struct kanon_qi {
	const char	*name;
	int		 levels;	/* levels above 0; the last is "any" */
	/* The code at level (1 .. levels - 1) of a level-0 code. */
	int32_t		(*general)(int32_t code, int level);
};

struct kanon_result {
	int		 level[KANON_QI_MAX];	/* chosen per quasi-identifier */
	size_t		 suppressed;		/* records dropped */
	size_t		 groups;		/* groups published */
	bool		 k_too_large;		/* fewer records than k */
};

/* The generalised code of one value (KANON_ANY at the top level). */
int32_t	 kanon_code(const struct kanon_qi *, int32_t code, int level);

/*
 * Anonymise n records of nqi codes each (row-major in codes).  keep[i] is
 * set for each record to publish; out->level says how to print each
 * quasi-identifier.  Returns 0, or -1 on bad arguments or out of memory.
 */
int	 kanon_run(const int32_t *codes, size_t n, const struct kanon_qi *qi,
	    size_t nqi, size_t k, size_t max_suppressed, bool *keep,
	    struct kanon_result *out)
	    __attribute__((warn_unused_result));

#endif
