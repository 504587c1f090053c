/*
 * Functions that make it too easy to overflow a buffer or to miss an error.
 * Included last by every translation unit (through the Makefile's -include),
 * so a call to one of them does not compile.  Use struct buf, snprintf and
 * strtoll with an end-pointer check instead.
 */
#ifndef HAVEN_BANNED_H
#define HAVEN_BANNED_H

#define BANNED(f) sorry_##f##_is_banned_in_haven

#undef strcpy
#define strcpy(x, y)		BANNED(strcpy)
#undef strcat
#define strcat(x, y)		BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n)	BANNED(strncpy)
#undef sprintf
#define sprintf(...)		BANNED(sprintf)
#undef vsprintf
#define vsprintf(...)		BANNED(vsprintf)
#undef strtok
#define strtok(x, y)		BANNED(strtok)
#undef atoi
#define atoi(x)			BANNED(atoi)
#undef atol
#define atol(x)			BANNED(atol)
#undef gets
#define gets(x)			BANNED(gets)

#endif
