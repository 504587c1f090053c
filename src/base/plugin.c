/*
 * Loading the optional parts (plugin.h).  The search path is fixed, derived
 * from the running executable and never from the environment: whoever can
 * choose the file loaded runs code inside the server, with its keys.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/plugin.h"

#define PLUGIN_MAX	4

static pthread_mutex_t	 plugin_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char	 name[16];
	void	*handle;
} plugins[PLUGIN_MAX];

/*
 * A file we may load: a regular file that only its owner can write, owned
 * by root or by us, in a folder that only its owner can write.
 */
static bool
plugin_safe(const char *path, const struct stat *st, const char *dir,
    struct err *e)
{
	struct stat	 dst;

	if (stat(dir, &dst) == -1) {
		err_set(e, ERR_IO, "%s: %s", dir, strerror(errno));
		return false;
	}
	if (!S_ISREG(st->st_mode) || (st->st_mode & (S_IWGRP | S_IWOTH)) ||
	    (dst.st_mode & (S_IWGRP | S_IWOTH)) ||
	    (st->st_uid != 0 && st->st_uid != geteuid())) {
		err_set(e, ERR_INVALID, "%s: refused: not a regular file owned "
		    "by root or by this user, or writable by others", path);
		return false;
	}
	return true;
}

/* The folder of the running executable, resolved. */
static bool
exe_dir(char *dir, size_t size, struct err *e)
{
	char		 path[PATH_MAX];
	ssize_t		 n;
	char		*slash;

	n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0) {
		err_set(e, ERR_IO, "/proc/self/exe: %s", strerror(errno));
		return false;
	}
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash == NULL || (size_t)(slash - path) >= size) {
		err_set(e, ERR_IO, "executable path too long");
		return false;
	}
	*slash = '\0';
	snprintf(dir, size, "%s", path);
	return true;
}

static void *
plugin_load(const char *name, struct err *e)
{
	static const char *const where[] = { "", "/../lib/haven" };
	char		 exe[PATH_MAX], dir[PATH_MAX], path[PATH_MAX];
	struct stat	 st;
	void		*h;
	size_t		 i;

	if (!exe_dir(exe, sizeof(exe), e))
		return NULL;
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if ((size_t)snprintf(dir, sizeof(dir), "%s%s", exe,
		    where[i]) >= sizeof(dir) ||
		    (size_t)snprintf(path, sizeof(path), "%s/haven-%s.so",
		    dir, name) >= sizeof(path)) {
			err_set(e, ERR_IO, "plugin path too long");
			return NULL;
		}
		if (stat(path, &st) == 0)
			break;
	}
	if (i == sizeof(where) / sizeof(where[0])) {
		err_set(e, ERR_IO, "haven-%s.so is neither in %s nor in "
		    "%s/../lib/haven", name, exe, exe);
		return NULL;
	}
	if (!plugin_safe(path, &st, dir, e))
		return NULL;
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		err_set(e, ERR_IO, "%s", dlerror());
		return NULL;
	}
	log_debug("loaded %s", path);
	return h;
}

void *
plugin_symbol(const char *name, const char *symbol, struct err *e)
{
	void	*h = NULL, *self, *sym;
	size_t	 i;

	/* Linked in (tests, fuzzers): nothing to load. */
	if ((self = dlopen(NULL, RTLD_NOW)) != NULL) {
		sym = dlsym(self, symbol);
		dlclose(self);
		if (sym != NULL)
			return sym;
	}
	if (strlen(name) >= sizeof(plugins[0].name)) {
		err_set(e, ERR_INVALID, "plugin name too long");
		return NULL;
	}
	pthread_mutex_lock(&plugin_lock);
	for (i = 0; i < PLUGIN_MAX && plugins[i].handle != NULL; i++)
		if (strcmp(plugins[i].name, name) == 0) {
			h = plugins[i].handle;
			break;
		}
	if (h == NULL && i < PLUGIN_MAX) {
		h = plugin_load(name, e);
		if (h != NULL) {
			snprintf(plugins[i].name, sizeof(plugins[i].name),
			    "%s", name);
			plugins[i].handle = h;
		}
	} else if (h == NULL)
		err_set(e, ERR_INVALID, "too many plugins");
	pthread_mutex_unlock(&plugin_lock);
	if (h == NULL)
		return NULL;
	if ((sym = dlsym(h, symbol)) == NULL)
		err_set(e, ERR_INVALID, "haven-%s.so has no %s", name, symbol);
	return sym;
}
