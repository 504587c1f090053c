/*
 * The parts of Haven that need large libraries are shared objects loaded
 * the first time they are used: "pg" (the PostgreSQL driver: libpq with
 * OpenSSL and Kerberos) and "report" (the PDF and XLSX reports: cairo,
 * pango, glib, fontconfig and libxlsxwriter).  A server on SQLite that is
 * never asked for a report maps none of them: about 7 MB less resident
 * memory, and a faster start, since every symbol is bound at load (-z now).
 *
 * Where the part is linked into the program itself (the unit tests and the
 * fuzzers), its symbol is found there and nothing is loaded.
 */
#ifndef HAVEN_PLUGIN_H
#define HAVEN_PLUGIN_H

#include "base/err.h"

/*
 * The address of symbol in part name, loading haven-NAME.so from beside
 * the executable or from ../lib/haven/ on first use; NULL with e set when
 * the file is missing, unsafe (writable by others than its owner, owned by
 * another user than root or ours) or lacks the symbol.  Thread-safe; a part
 * once loaded stays loaded.
 */
void	*plugin_symbol(const char *name, const char *symbol, struct err *e);

#endif
