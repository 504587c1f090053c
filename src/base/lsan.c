/*
 * LeakSanitizer's hooks, in the program itself: it reads them once, at
 * start, from the executable, so they cannot live in a part loaded later
 * (plugin.h), though the leak they answer for is the report part's.
 *
 * fontconfig (2.14) loses a few hundred bytes once per process while it
 * parses its configuration, the first time pango asks it for a font.  The
 * sanitizer build must exit clean, so leaks of blocks that fontconfig
 * itself allocated are not reported (its code has no frame pointers: the
 * module is all a report can name).  Haven never calls fontconfig itself;
 * a font map or layout of ours left unreleased is still reported, through
 * glib.  LeakSanitizer calls this hook; other builds never do.
 */
const char	*__lsan_default_suppressions(void);
const char	*__lsan_default_options(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* And no "Suppressions used" table on stderr: the CLI's is one line. */
const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}
