/* The identification rule: see rule.h. */
#include <string.h>

#include "base/valid.h"
#include "screening/rule.h"

static const char *const verdict_codes[VERDICT__MAX] = {
	[VERDICT_NOT_ENOUGH] = "not_enough",
	[VERDICT_POSSIBLE] = "possible",
	[VERDICT_VICTIM] = "victim",
};

static const char *const answer_codes[ANSWER__MAX] = {
	[ANSWER_NONE] = "none",
	[ANSWER_YES] = "yes",
	[ANSWER_NO] = "no",
	[ANSWER_UNKNOWN] = "unknown",
	[ANSWER_REFUSED] = "refused",
};

static const char *const grade_codes[GRADE__MAX] = {
	[GRADE_NONE] = "none",
	[GRADE_WEAK] = "weak",
	[GRADE_MEDIUM] = "medium",
	[GRADE_STRONG] = "strong",
};

static const char *const dimension_codes[DIM__MAX] = {
	[DIM_DECEPTIVE] = "deceptive_recruitment",
	[DIM_COERCIVE] = "coercive_recruitment",
	[DIM_VULN_RECRUIT] = "recruitment_vulnerability",
	[DIM_EXPLOITATION] = "exploitation",
	[DIM_COERCION_DEST] = "coercion_destination",
	[DIM_VULN_DEST] = "vulnerability_destination",
};

const char *
verdict_code(enum verdict v)
{
	return v < VERDICT__MAX ? verdict_codes[v] : "?";
}

int
verdict_parse(const char *s, enum verdict *out)
{
	int	 i = valid_code(verdict_codes, VERDICT__MAX, s);

	if (i < 0)
		return -1;
	*out = (enum verdict)i;
	return 0;
}

const char *
answer_code(enum answer a)
{
	return a < ANSWER__MAX ? answer_codes[a] : "?";
}

int
answer_parse(const char *s, enum answer *out)
{
	/* "none" is the absence of an answer, never one given. */
	int	 i = valid_code(answer_codes, ANSWER__MAX, s);

	if (i <= ANSWER_NONE)
		return -1;
	*out = (enum answer)i;
	return 0;
}

const char *
grade_code(enum grade g)
{
	return g < GRADE__MAX ? grade_codes[g] : "?";
}

int
grade_parse(const char *s, enum grade *out)
{
	int	 i = valid_code(grade_codes, GRADE__MAX, s);

	if (i <= GRADE_NONE)
		return -1;
	*out = (enum grade)i;
	return 0;
}

const char *
dimension_code(enum dimension d)
{
	return d < DIM__MAX ? dimension_codes[d] : "?";
}

int
dimension_parse(const char *s, enum dimension *out)
{
	int	 i = valid_code(dimension_codes, DIM__MAX, s);

	if (i < 0)
		return -1;
	*out = (enum dimension)i;
	return 0;
}

void
rule_config_default(struct rule_config *c)
{
	c->adult_needs_destination = true;
	c->child_means_optional = true;
	c->possible_two_of_three = true;
}

enum dim_group
dimension_group(enum dimension d)
{
	switch (d) {
	case DIM_DECEPTIVE:
	case DIM_COERCIVE:
	case DIM_VULN_RECRUIT:
		return GROUP_RECRUITMENT;
	case DIM_EXPLOITATION:
		return GROUP_EXPLOITATION;
	default:
		return GROUP_DESTINATION;
	}
}

bool
dimension_positive(int strong, int medium, int weak)
{
	return strong >= 2 ||
	    (strong >= 1 && medium + weak >= 1) ||
	    medium >= 3 ||
	    (medium >= 2 && weak >= 1);
}

/* Count the yes answers (and, with hopeful, the open ones too). */
static void
rule_count(const struct rule_item *it, size_t n, bool hopeful,
    struct rule_result *r)
{
	size_t	 i;
	int	 d;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++) {
		bool	 yes = it[i].answer == ANSWER_YES || (hopeful &&
		    (it[i].answer == ANSWER_UNKNOWN ||
		    it[i].answer == ANSWER_REFUSED));

		if (it[i].answer != ANSWER_YES && it[i].answer != ANSWER_NO)
			r->unanswered++;
		if (!yes || it[i].dim >= DIM__MAX)
			continue;
		switch (it[i].grade) {
		case GRADE_STRONG:
			r->dims[it[i].dim].strong++;
			break;
		case GRADE_MEDIUM:
			r->dims[it[i].dim].medium++;
			break;
		case GRADE_WEAK:
			r->dims[it[i].dim].weak++;
			break;
		default:
			break;
		}
	}
	for (d = 0; d < DIM__MAX; d++) {
		struct rule_dim	*x = &r->dims[d];

		x->positive = dimension_positive(x->strong, x->medium, x->weak);
		if (x->positive)
			r->groups[dimension_group((enum dimension)d)] = true;
	}
}

/* Are these groups a victim of trafficking under c? */
static bool
rule_victim(const struct rule_config *c, const bool g[GROUP__MAX], bool child,
    bool act)
{
	bool	 adult = g[GROUP_RECRUITMENT] && g[GROUP_EXPLOITATION] &&
		    (!c->adult_needs_destination || g[GROUP_DESTINATION]);

	if (child && c->child_means_optional)
		return adult || (g[GROUP_EXPLOITATION] && act);
	return adult;
}

void
rule_evaluate(const struct rule_config *c, const struct rule_item *it,
    size_t n, bool child, enum answer act, struct rule_result *r)
{
	struct rule_result	 hope;
	bool			 act_open = act == ANSWER_UNKNOWN ||
				    act == ANSWER_REFUSED;

	rule_count(it, n, false, r);
	if (rule_victim(c, r->groups, child, act == ANSWER_YES)) {
		r->verdict = VERDICT_VICTIM;
		return;
	}
	/*
	 * Possible: what is unknown or refused could make it a victim; or,
	 * when so configured, an adult's two of the three groups are there and
	 * exploitation is one of them (a child's rule has its own question,
	 * the act, which an open answer already covers).
	 */
	rule_count(it, n, true, &hope);
	if (rule_victim(c, hope.groups, child, act == ANSWER_YES ||
	    act_open)) {
		r->verdict = VERDICT_POSSIBLE;
		r->possible_open = true;
	}
	else if (c->possible_two_of_three && !(child &&
	    c->child_means_optional) && r->groups[GROUP_EXPLOITATION] &&
	    (r->groups[GROUP_RECRUITMENT] || r->groups[GROUP_DESTINATION]))
		r->verdict = VERDICT_POSSIBLE;
	else
		r->verdict = VERDICT_NOT_ENOUGH;
}
