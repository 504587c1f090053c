/*
 * Matching paths against the route table (see router.h).  Tables are small
 * (tens of routes), so a linear scan that compares segment by segment is
 * both the simplest and fast enough: no allocation, no regex.
 */
#include <string.h>

#include "base/valid.h"
#include "http/router.h"

static const char *const method_names[HTTP__MAX] = {
	[HTTP_GET] = "GET",
	[HTTP_POST] = "POST",
	[HTTP_PUT] = "PUT",
	[HTTP_PATCH] = "PATCH",
	[HTTP_DELETE] = "DELETE",
};

const char *
http_method_name(enum http_method m)
{
	return m < HTTP__MAX ? method_names[m] : "?";
}

int
http_method_parse(const char *s, enum http_method *out)
{
	int	 i;

	for (i = 0; i < HTTP__MAX; i++)
		if (strcmp(s, method_names[i]) == 0) {
			*out = (enum http_method)i;
			return 0;
		}
	return -1;
}

static bool
token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/*
 * Does path segment s (n bytes) fit pattern segment pat (pn bytes)?  On a
 * parameter, fill *param.
 */
static bool
segment_match(const char *pat, size_t pn, const char *s, size_t n,
    struct route_param *param, bool *is_param)
{
	const char	*colon;
	size_t		 i;

	*is_param = false;
	if (pn < 2 || pat[0] != '{' || pat[pn - 1] != '}')
		return pn == n && memcmp(pat, s, n) == 0;
	*is_param = true;
	colon = memchr(pat, ':', pn);
	if (colon == NULL)
		return false;
	param->name = pat + 1;
	param->namelen = (size_t)(colon - pat - 1);
	param->s = NULL;
	param->slen = 0;
	param->i = 0;
	if ((size_t)(pat + pn - 1 - colon - 1) == 3 &&
	    memcmp(colon + 1, "int", 3) == 0)
		return n > 0 && s[0] != '-' && s[0] != '0' &&
		    valid_i64(s, n, 1, INT64_MAX, &param->i);
	if (n == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++)
		if (!token_char(s[i]))
			return false;
	param->s = s;
	param->slen = n;
	return true;
}

/* Does path fit pattern?  Fills params on success. */
static bool
pattern_match(const char *pat, const char *path, struct route_params *params)
{
	struct route_param	 spare;
	const char		*pe, *se;
	bool			 is_param;

	params->n = 0;
	for (;;) {
		if (*pat != '/' || *path != '/')
			return false;
		pat++;
		path++;
		pe = strchr(pat, '/');
		se = strchr(path, '/');
		if (pe == NULL)
			pe = pat + strlen(pat);
		if (se == NULL)
			se = path + strlen(path);
		/*
		 * Once the slots are full, a literal segment may still
		 * follow: only a parameter beyond them fails the match.
		 */
		if (!segment_match(pat, (size_t)(pe - pat), path,
		    (size_t)(se - path), params->n < ROUTE_MAXPARAMS ?
		    &params->p[params->n] : &spare, &is_param))
			return false;
		if (is_param) {
			if (params->n >= ROUTE_MAXPARAMS)
				return false;
			params->n++;
		}
		pat = pe;
		path = se;
		if (*pat == '\0' || *path == '\0')
			return *pat == '\0' && *path == '\0';
	}
}

static bool
pattern_valid(const char *pat)
{
	const char	*p, *end, *colon;
	int		 nparams = 0;

	if (pat[0] != '/')
		return false;
	for (p = pat; *p != '\0'; p = end) {
		p++;	/* past '/' */
		end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		if (end == p)
			return pat[1] == '\0';	/* only "/" may end in '/' */
		if (*p != '{')
			continue;
		colon = memchr(p, ':', (size_t)(end - p));
		if (end[-1] != '}' || colon == NULL || colon == p + 1 ||
		    ++nparams > ROUTE_MAXPARAMS)
			return false;
		if (!((end - colon - 2 == 3 && memcmp(colon + 1, "int", 3) == 0) ||
		    (end - colon - 2 == 3 && memcmp(colon + 1, "str", 3) == 0)))
			return false;
	}
	return true;
}

int
router_check(const struct route *t, size_t n, struct err *e)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		if (t[i].pattern == NULL || !pattern_valid(t[i].pattern)) {
			err_set(e, ERR_INVALID, "route %zu: bad pattern", i);
			return -1;
		}
		if (t[i].handler == NULL || t[i].name == NULL ||
		    t[i].method >= HTTP__MAX) {
			err_set(e, ERR_INVALID, "route %s %s: incomplete",
			    http_method_name(t[i].method), t[i].pattern);
			return -1;
		}
		if (t[i].perm == 0) {
			err_set(e, ERR_INVALID, "route %s %s has no entry in "
			    "the permission table",
			    http_method_name(t[i].method), t[i].pattern);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (t[i].method == t[j].method &&
			    strcmp(t[i].pattern, t[j].pattern) == 0) {
				err_set(e, ERR_INVALID, "route %s %s twice",
				    http_method_name(t[i].method),
				    t[i].pattern);
				return -1;
			}
	}
	return 0;
}

enum route_match
router_match(const struct route *t, size_t n, enum http_method m,
    const char *path, const struct route **out, struct route_params *params,
    unsigned *allowed)
{
	struct route_params	 tmp;
	size_t			 i;

	*out = NULL;
	*allowed = 0;
	for (i = 0; i < n; i++) {
		if (!pattern_match(t[i].pattern, path, &tmp))
			continue;
		if (t[i].method == m) {
			*out = &t[i];
			*params = tmp;
			return ROUTE_FOUND;
		}
		*allowed |= 1u << t[i].method;
	}
	return *allowed != 0 ? ROUTE_NOMETHOD : ROUTE_NOPATH;
}

static const struct route_param *
route_param_find(const struct route_params *ps, const char *name)
{
	size_t	 n = strlen(name);
	int	 i;

	for (i = 0; i < ps->n; i++)
		if (ps->p[i].namelen == n &&
		    memcmp(ps->p[i].name, name, n) == 0)
			return &ps->p[i];
	return NULL;
}

bool
route_param_int(const struct route_params *ps, const char *name, int64_t *v)
{
	const struct route_param	*p = route_param_find(ps, name);

	if (p == NULL || p->s != NULL)
		return false;
	*v = p->i;
	return true;
}

bool
route_param_str(const struct route_params *ps, const char *name,
    const char **s, size_t *n)
{
	const struct route_param	*p = route_param_find(ps, name);

	if (p == NULL || p->s == NULL)
		return false;
	*s = p->s;
	*n = p->slen;
	return true;
}
