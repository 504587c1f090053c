/*
 * The identification rule of the ILO / European Commission operational
 * indicators (2009), as pure code: which dimensions of a screening are
 * positive, and what the combination of dimensions says.  No JSON, no SQL:
 * the catalogue (catalogue.h) turns answers into the arrays read here.
 *
 * Step 1 (exact): a dimension is positive when the indicators answered yes
 * reach 2 strong, or 1 strong + 1 medium or weak, or 3 medium, or 2 medium
 * + 1 weak.  Step 2 is what the reference could not verify, so its choices
 * are parameters (struct rule_config), set by the instance's settings.
 */
#ifndef HAVEN_RULE_H
#define HAVEN_RULE_H

#include <stdbool.h>
#include <stddef.h>

enum grade {
	GRADE_NONE,		/* not on this list */
	GRADE_WEAK,
	GRADE_MEDIUM,
	GRADE_STRONG,
	GRADE__MAX
};

enum dimension {
	DIM_DECEPTIVE,		/* deceptive recruitment */
	DIM_COERCIVE,		/* coercive recruitment */
	DIM_VULN_RECRUIT,	/* recruitment by abuse of vulnerability */
	DIM_EXPLOITATION,	/* exploitative conditions */
	DIM_COERCION_DEST,	/* coercion at destination */
	DIM_VULN_DEST,		/* abuse of vulnerability at destination */
	DIM__MAX
};

enum dim_group {
	GROUP_RECRUITMENT,
	GROUP_EXPLOITATION,
	GROUP_DESTINATION,
	GROUP__MAX
};

enum answer {
	ANSWER_NONE,		/* not asked yet */
	ANSWER_YES,
	ANSWER_NO,
	ANSWER_UNKNOWN,
	ANSWER_REFUSED,
	ANSWER__MAX
};

enum verdict {
	VERDICT_NOT_ENOUGH,
	VERDICT_POSSIBLE,
	VERDICT_VICTIM,
	VERDICT__MAX
};

/* Step 2's choices; rule_config_default() gives the working rule. */
struct rule_config {
	/* An adult needs a destination means as well as a recruitment one. */
	bool	 adult_needs_destination;
	/* A child needs no means: exploitation and the act suffice. */
	bool	 child_means_optional;
	/* Two of the three groups, exploitation one of them: possible. */
	bool	 possible_two_of_three;
};

/* One indicator of a screening: where it counts, how much, the answer. */
struct rule_item {
	enum dimension	 dim;
	enum grade	 grade;
	enum answer	 answer;
};

struct rule_dim {
	bool		 positive;
	int		 strong, medium, weak;	/* yes answers counted */
};

struct rule_result {
	enum verdict	 verdict;
	struct rule_dim	 dims[DIM__MAX];
	bool		 groups[GROUP__MAX];	/* a positive dimension in it */
	size_t		 unanswered;		/* none, unknown or refused */
	/* possible because open answers could complete it (else: two of
	 * the three groups) */
	bool		 possible_open;
};

void		 rule_config_default(struct rule_config *);
enum dim_group	 dimension_group(enum dimension);
/* Step 1 on counts of yes answers. */
bool		 dimension_positive(int strong, int medium, int weak);
/*
 * The whole rule.  child: a child list (the means are optional when the
 * config says so); act: the answer to "was the child recruited, moved,
 * harboured or received" (read for children only).
 */
void		 rule_evaluate(const struct rule_config *,
		    const struct rule_item *, size_t n, bool child,
		    enum answer act, struct rule_result *);

const char	*verdict_code(enum verdict);
int		 verdict_parse(const char *, enum verdict *)
		    __attribute__((warn_unused_result));
const char	*answer_code(enum answer);
int		 answer_parse(const char *, enum answer *)
		    __attribute__((warn_unused_result));
const char	*grade_code(enum grade);
int		 grade_parse(const char *, enum grade *)
		    __attribute__((warn_unused_result));
const char	*dimension_code(enum dimension);
int		 dimension_parse(const char *, enum dimension *)
		    __attribute__((warn_unused_result));

#endif
