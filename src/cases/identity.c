/*
 * Identity keys for the blind indexes, and pseudonyms: see identity.h.
 * Every key is built in the caller's buffer and is either complete or ""
 * with -1: a truncated key would index a different person.  Tables are
 * const; nothing here allocates.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/valid.h"
#include "cases/identity.h"
#include "hotline/hotline.h"

#define DOCUMENT_MAX	40	/* longest document number we accept */
#define WORD_MIN	2	/* a one-letter word ("w", "i") finds everything */
#define WORD_MAX	64

static const char *const kind_codes[IDENT__MAX] = {
	[IDENT_NAME_DOB] = "name_dob",
	[IDENT_PHONE] = "phone",
	[IDENT_DOCUMENT] = "document",
	[IDENT_EMAIL] = "email",
};

/*
 * No 0/O and no 1/I, so a pseudonym read out over the phone is not
 * misheard.  32 letters divide 256, so r % 32 favours none of them.
 */
static const char pseudonym_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/*
 * Latin letters with diacritics and their ASCII folding, as ranges of code
 * points that fold alike.  Covers Latin-1 Supplement, Latin Extended-A
 * (Polish, Czech, Slovak, Hungarian, Lithuanian, Latvian, Turkish, ...),
 * the Romanian comma-below letters and the capital sharp s.  German
 * umlauts fold to the bare vowel ("Müller" = "Muller"): one rule for every
 * language, since we cannot know which one a name was typed in.
 */
static const struct fold_range {
	uint32_t	 lo, hi;
	const char	*ascii;
} fold_ranges[] = {
	{ 0x00c0, 0x00c5, "a" },	/* À Á Â Ã Ä Å */
	{ 0x00c6, 0x00c6, "ae" },	/* Æ */
	{ 0x00c7, 0x00c7, "c" },	/* Ç */
	{ 0x00c8, 0x00cb, "e" },	/* È É Ê Ë */
	{ 0x00cc, 0x00cf, "i" },	/* Ì Í Î Ï */
	{ 0x00d0, 0x00d0, "d" },	/* Ð */
	{ 0x00d1, 0x00d1, "n" },	/* Ñ */
	{ 0x00d2, 0x00d6, "o" },	/* Ò Ó Ô Õ Ö */
	{ 0x00d8, 0x00d8, "o" },	/* Ø (U+00D7 × is not a letter) */
	{ 0x00d9, 0x00dc, "u" },	/* Ù Ú Û Ü */
	{ 0x00dd, 0x00dd, "y" },	/* Ý */
	{ 0x00de, 0x00de, "th" },	/* Þ */
	{ 0x00df, 0x00df, "ss" },	/* ß */
	{ 0x00e0, 0x00e5, "a" },	/* à á â ã ä å */
	{ 0x00e6, 0x00e6, "ae" },	/* æ */
	{ 0x00e7, 0x00e7, "c" },	/* ç */
	{ 0x00e8, 0x00eb, "e" },	/* è é ê ë */
	{ 0x00ec, 0x00ef, "i" },	/* ì í î ï */
	{ 0x00f0, 0x00f0, "d" },	/* ð */
	{ 0x00f1, 0x00f1, "n" },	/* ñ */
	{ 0x00f2, 0x00f6, "o" },	/* ò ó ô õ ö */
	{ 0x00f8, 0x00f8, "o" },	/* ø (U+00F7 ÷ is not a letter) */
	{ 0x00f9, 0x00fc, "u" },	/* ù ú û ü */
	{ 0x00fd, 0x00fd, "y" },	/* ý */
	{ 0x00fe, 0x00fe, "th" },	/* þ */
	{ 0x00ff, 0x00ff, "y" },	/* ÿ */
	{ 0x0100, 0x0105, "a" },	/* Ā ā Ă ă Ą ą */
	{ 0x0106, 0x010d, "c" },	/* Ć ć Ĉ ĉ Ċ ċ Č č */
	{ 0x010e, 0x0111, "d" },	/* Ď ď Đ đ */
	{ 0x0112, 0x011b, "e" },	/* Ē ē Ĕ ĕ Ė ė Ę ę Ě ě */
	{ 0x011c, 0x0123, "g" },	/* Ĝ ĝ Ğ ğ Ġ ġ Ģ ģ */
	{ 0x0124, 0x0127, "h" },	/* Ĥ ĥ Ħ ħ */
	{ 0x0128, 0x0131, "i" },	/* Ĩ ĩ Ī ī Ĭ ĭ Į į İ ı */
	{ 0x0132, 0x0133, "ij" },	/* Ĳ ĳ */
	{ 0x0134, 0x0135, "j" },	/* Ĵ ĵ */
	{ 0x0136, 0x0138, "k" },	/* Ķ ķ ĸ */
	{ 0x0139, 0x0142, "l" },	/* Ĺ ĺ Ļ ļ Ľ ľ Ŀ ŀ Ł ł */
	{ 0x0143, 0x014b, "n" },	/* Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ */
	{ 0x014c, 0x0151, "o" },	/* Ō ō Ŏ ŏ Ő ő */
	{ 0x0152, 0x0153, "oe" },	/* Œ œ */
	{ 0x0154, 0x0159, "r" },	/* Ŕ ŕ Ŗ ŗ Ř ř */
	{ 0x015a, 0x0161, "s" },	/* Ś ś Ŝ ŝ Ş ş Š š */
	{ 0x0162, 0x0167, "t" },	/* Ţ ţ Ť ť Ŧ ŧ */
	{ 0x0168, 0x0173, "u" },	/* Ũ ũ Ū ū Ŭ ŭ Ů ů Ű ű Ų ų */
	{ 0x0174, 0x0175, "w" },	/* Ŵ ŵ */
	{ 0x0176, 0x0178, "y" },	/* Ŷ ŷ Ÿ */
	{ 0x0179, 0x017e, "z" },	/* Ź ź Ż ż Ž ž */
	{ 0x017f, 0x017f, "s" },	/* ſ (long s) */
	{ 0x0218, 0x0219, "s" },	/* Ș ș (Romanian comma below) */
	{ 0x021a, 0x021b, "t" },	/* Ț ț */
	{ 0x1e9e, 0x1e9e, "ss" },	/* ẞ (capital sharp s) */
};

/*
 * Code points beyond ASCII that separate words: punctuation, spaces,
 * symbols and emoji.  Anything else beyond ASCII that is not folded above
 * counts as a letter, so that names in other scripts still make keys.
 */
static const struct cp_range {
	uint32_t	 lo, hi;
} sep_ranges[] = {
	{ 0x0080, 0x00bf },	/* C1 controls, NBSP, Latin-1 punctuation */
	{ 0x00d7, 0x00d7 },	/* × */
	{ 0x00f7, 0x00f7 },	/* ÷ */
	{ 0x037e, 0x037e },	/* Greek question mark */
	{ 0x0387, 0x0387 },	/* Greek ano teleia */
	{ 0x055a, 0x055f },	/* Armenian punctuation */
	{ 0x0589, 0x058a },	/* Armenian full stop, hyphen */
	{ 0x05be, 0x05be },	/* Hebrew maqaf */
	{ 0x060c, 0x060d },	/* Arabic comma */
	{ 0x061b, 0x061f },	/* Arabic semicolon, question mark */
	{ 0x066a, 0x066d },	/* Arabic percent, separators */
	{ 0x2000, 0x2bff },	/* spaces, dashes, quotes, symbols, arrows */
	{ 0x2e00, 0x2e7f },	/* supplemental punctuation */
	{ 0x3000, 0x303f },	/* CJK punctuation, ideographic space */
	{ 0xfe10, 0xfe1f },	/* vertical forms */
	{ 0xfe30, 0xfe6f },	/* CJK compatibility and small forms */
	{ 0xfeff, 0xfeff },	/* byte order mark */
	{ 0xff01, 0xff0f },	/* fullwidth punctuation */
	{ 0xff1a, 0xff20 },
	{ 0xff3b, 0xff40 },
	{ 0xff5b, 0xff65 },
	{ 0x1f000, 0x1faff },	/* emoji and pictographs */
};

/* What a code point is to the word splitter. */
enum cp_class {
	CP_SEP,		/* ends a word */
	CP_SKIP,	/* dropped without ending a word */
	CP_DIGIT,
	CP_LETTER,
	CP_CLASS__MAX
};

/*
 * Decode one code point of NUL-terminated s into *cp.  Returns its length
 * in bytes, 0 at the terminating NUL, -1 when s is not well-formed UTF-8
 * there (overlong, surrogate, beyond U+10FFFF, cut short).  Reads stop at
 * the NUL, which is never a continuation byte.
 */
static int
utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t	 k;

	if (s[0] == '\0')
		return 0;
	/* A NUL is never a continuation byte: decoding stops there. */
	k = utf8_decode(s, 4, cp);
	return k == 0 ? -1 : (int)k;
}

/* Encode cp (a valid scalar value) into out; returns its length. */
static size_t
utf8_put(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Lower case for the scripts where it is one offset: Cyrillic and Greek
 * capitals.  Other letters are kept as they are; a name in a script we do
 * not fold still matches when it is typed the same way.
 */
static uint32_t
lower_other(uint32_t cp)
{
	if (cp >= 0x0410 && cp <= 0x042f)	/* А-Я */
		return cp + 0x20;
	if (cp >= 0x0400 && cp <= 0x040f)	/* Ѐ-Џ (Ё, Є, І, Ї, Ў, ...) */
		return cp + 0x50;
	if (cp >= 0x0391 && cp <= 0x03a9 && cp != 0x03a2)	/* Α-Ω */
		return cp + 0x20;
	return cp;
}

/*
 * Classify cp and, for a letter or digit, write its folded bytes to out
 * (at most 4) and their count to *n.
 */
static enum cp_class
cp_fold(uint32_t cp, char out[4], size_t *n)
{
	size_t	 i;

	*n = 0;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z') {
			out[0] = (char)(cp - 'A' + 'a');
			*n = 1;
			return CP_LETTER;
		}
		if (cp >= 'a' && cp <= 'z') {
			out[0] = (char)cp;
			*n = 1;
			return CP_LETTER;
		}
		if (cp >= '0' && cp <= '9') {
			out[0] = (char)cp;
			*n = 1;
			return CP_DIGIT;
		}
		return CP_SEP;
	}
	/*
	 * Combining diacritics: "e" followed by U+0301 is "é" decomposed
	 * (as macOS and some keyboards send it) and must fold to "e" too.
	 */
	if ((cp >= 0x0300 && cp <= 0x036f) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))	/* variation selectors */
		return CP_SKIP;
	for (i = 0; i < sizeof(fold_ranges) / sizeof(fold_ranges[0]); i++)
		if (cp >= fold_ranges[i].lo && cp <= fold_ranges[i].hi) {
			*n = strlen(fold_ranges[i].ascii);
			memcpy(out, fold_ranges[i].ascii, *n);
			return CP_LETTER;
		}
	for (i = 0; i < sizeof(sep_ranges) / sizeof(sep_ranges[0]); i++)
		if (cp >= sep_ranges[i].lo && cp <= sep_ranges[i].hi)
			return CP_SEP;
	*n = utf8_put(lower_other(cp), out);
	return CP_LETTER;
}

/* A folded text being written to a caller's buffer. */
struct fold {
	char	*out;
	size_t	 sz;		/* of out, NUL included */
	size_t	 len;
	bool	 sep;		/* a space is due before the next word */
	bool	 letter;	/* a letter (not only digits) was seen */
};

/*
 * Append the words of s to f, lower case and folded, one space between
 * words.  -1 on invalid UTF-8 or when f->out is full.
 */
static int
fold_add(struct fold *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 b[4];
	size_t			 n;
	uint32_t		 cp;
	int			 k;
	enum cp_class		 c;

	while ((k = utf8_next(p, &cp)) > 0) {
		p += k;
		c = cp_fold(cp, b, &n);
		if (c == CP_SEP) {
			f->sep = true;
			continue;
		}
		if (c == CP_SKIP)
			continue;
		if (c == CP_LETTER)
			f->letter = true;
		if (f->sep && f->len > 0) {
			if (f->len + 1 >= f->sz)
				return -1;
			f->out[f->len++] = ' ';
		}
		f->sep = false;
		if (f->len + n >= f->sz)
			return -1;
		memcpy(f->out + f->len, b, n);
		f->len += n;
	}
	f->out[f->len] = '\0';
	f->sep = true;	/* the next input starts a new word */
	return k == 0 ? 0 : -1;
}

/* Length of the word starting at s (up to a space or the end). */
static size_t
word_len(const char *s, size_t left)
{
	size_t	 n = 0;

	while (n < left && s[n] != ' ')
		n++;
	return n;
}

/* Byte-wise order of two words, as strcmp() orders them. */
static int
word_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int	 c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static void
reverse(char *s, size_t n)
{
	size_t	 i;
	char	 t;

	for (i = 0; i < n / 2; i++) {
		t = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
}

/*
 * Sort the words of s (len bytes, single spaces between words) in place.
 * A selection sort that brings the least word forward by rotating it past
 * the words before it (reverse all, then each part): no second buffer and
 * no limit on the number of words, and a name has few of them.
 */
static void
words_sort(char *s, size_t len)
{
	size_t	 p = 0, q, min, minlen, wl, lead;

	while (p < len) {
		min = p;
		minlen = word_len(s + p, len - p);
		for (q = p + minlen + 1; q < len; q += wl + 1) {
			wl = word_len(s + q, len - q);
			if (word_cmp(s + q, wl, s + min, minlen) < 0) {
				min = q;
				minlen = wl;
			}
		}
		if (min != p) {
			/* s[p..min+minlen) is "X w": make it "w X". */
			lead = min - 1 - p;		/* X without its space */
			reverse(s + p, min + minlen - p);
			reverse(s + p, minlen);
			reverse(s + p + minlen + 1, lead);
		}
		p += minlen + 1;
	}
}

/* Fold the texts in[0..n) into out as one name with sorted words. */
static int
name_fold(const char *const *in, size_t n, char *out, size_t outsz)
{
	struct fold	 f = { out, outsz, 0, false, false };
	size_t		 i;

	if (outsz == 0)
		return -1;
	out[0] = '\0';
	for (i = 0; i < n; i++)
		if (in[i] != NULL && fold_add(&f, in[i]) == -1) {
			out[0] = '\0';
			return -1;
		}
	if (!f.letter) {
		out[0] = '\0';
		return -1;
	}
	words_sort(out, f.len);
	return 0;
}

const char *
identity_kind_code(enum identity_kind k)
{
	return k < IDENT__MAX ? kind_codes[k] : "?";
}

int
identity_name_normalise(const char *in, char *out, size_t outsz)
{
	return name_fold(&in, 1, out, outsz);
}

/* Is dob shaped "YYYY-MM-DD"?  Its calendar sense is the caller's check. */
static bool
dob_shaped(const char *dob)
{
	size_t	 i;

	if (strlen(dob) != 10)
		return false;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (dob[i] != '-')
				return false;
		} else if (dob[i] < '0' || dob[i] > '9')
			return false;
	}
	return true;
}

int
identity_key_name_dob(const char *first, const char *last, const char *dob,
    char out[IDENTITY_KEY_MAX])
{
	const char	*parts[2] = { first, last };
	char		 name[IDENTITY_KEY_MAX];
	int		 n;

	out[0] = '\0';
	if (dob == NULL || !dob_shaped(dob))
		return -1;
	if (name_fold(parts, 2, name, sizeof(name)) == -1)
		return -1;
	n = snprintf(out, IDENTITY_KEY_MAX, "%s:%s|%s",
	    kind_codes[IDENT_NAME_DOB], name, dob);
	if (n < 0 || (size_t)n >= IDENTITY_KEY_MAX) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int
identity_key_phone(const char *number, char out[IDENTITY_KEY_MAX])
{
	char	 phone[PHONE_MAX + 1];
	int	 n;

	out[0] = '\0';
	if (number == NULL || phone_normalise(number, phone) == -1)
		return -1;
	n = snprintf(out, IDENTITY_KEY_MAX, "%s:%s",
	    kind_codes[IDENT_PHONE], phone);
	if (n < 0 || (size_t)n >= IDENTITY_KEY_MAX) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int
identity_key_document(const char *number, char out[IDENTITY_KEY_MAX])
{
	char	 doc[DOCUMENT_MAX + 1];
	size_t	 i, n = 0;
	int	 rc;
	char	 c;

	out[0] = '\0';
	if (number == NULL)
		return -1;
	/*
	 * Series and number are typed with spaces, dashes or slashes as the
	 * clerk likes; only letters and digits identify the document.
	 */
	for (i = 0; number[i] != '\0'; i++) {
		c = number[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'))
			continue;
		if (n == DOCUMENT_MAX)
			return -1;
		doc[n++] = c;
	}
	if (n == 0)
		return -1;
	doc[n] = '\0';
	rc = snprintf(out, IDENTITY_KEY_MAX, "%s:%s",
	    kind_codes[IDENT_DOCUMENT], doc);
	if (rc < 0 || (size_t)rc >= IDENTITY_KEY_MAX) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

static bool
ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

int
identity_key_email(const char *addr, char out[IDENTITY_KEY_MAX])
{
	const char	*s, *e;
	const char	*prefix = kind_codes[IDENT_EMAIL];
	size_t		 plen = strlen(prefix), len, i, at = 0, nat = 0;
	uint32_t	 cp;
	int		 k;
	unsigned char	 c;

	out[0] = '\0';
	if (addr == NULL)
		return -1;
	for (s = addr; ascii_space(*s); s++)
		continue;
	for (e = s + strlen(s); e > s && ascii_space(e[-1]); e--)
		continue;
	len = (size_t)(e - s);
	if (plen + 1 + len >= IDENTITY_KEY_MAX)
		return -1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == ' ')
			return -1;	/* also catches inner whitespace */
		if (c == '@') {
			at = i;
			nat++;
		}
	}
	if (nat != 1 || at == 0 || at == len - 1)
		return -1;
	memcpy(out, prefix, plen);
	out[plen] = ':';
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		/* Only ASCII is lower-cased: the domain part is ASCII or
		 * IDNA already, and a mailbox's own case is its server's. */
		out[plen + 1 + i] = (char)(c >= 'A' && c <= 'Z' ?
		    c - 'A' + 'a' : c);
	}
	out[plen + 1 + len] = '\0';
	/* Non-ASCII local parts are allowed (RFC 6531), broken bytes not. */
	for (i = plen + 1; (k = utf8_next((const unsigned char *)out + i,
	    &cp)) > 0; i += (size_t)k)
		continue;
	if (k == -1) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

void
pseudonym_make(const unsigned char r[6], char out[PSEUDONYM_LEN + 1])
{
	size_t	 i;

	out[0] = 'P';
	out[1] = '-';
	for (i = 0; i < 6; i++)
		out[2 + i] = pseudonym_alphabet[r[i] % 32];
	out[PSEUDONYM_LEN] = '\0';
}

int
pseudonym_valid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != PSEUDONYM_LEN || s[0] != 'P' ||
	    s[1] != '-')
		return 0;
	/* Length checked first: strchr() would find the alphabet's NUL. */
	for (i = 2; i < PSEUDONYM_LEN; i++)
		if (strchr(pseudonym_alphabet, s[i]) == NULL)
			return 0;
	return 1;
}

/*
 * The text is checked whole before fn sees a word: a note either indexes
 * completely or not at all, never up to a broken byte.
 */
int
identity_words(const char *text, int (*fn)(const char *word, size_t len,
    void *), void *arg)
{
	const unsigned char	*p;
	char			 word[WORD_MAX + 1], b[4];
	size_t			 len = 0, n;
	uint32_t		 cp;
	int			 k, rc = 0;
	bool			 end;
	enum cp_class		 c;

	if (text == NULL)
		return -1;
	for (p = (const unsigned char *)text; (k = utf8_next(p, &cp)) > 0;
	    p += k)
		continue;
	if (k == -1)
		return -1;

	/*
	 * len counts the word's bytes past WORD_MAX too, without storing
	 * them, so that an overlong word is dropped rather than cut.
	 */
	p = (const unsigned char *)text;
	do {
		k = utf8_next(p, &cp);
		p += k;
		end = k == 0;
		c = end ? CP_SEP : cp_fold(cp, b, &n);
		if (c == CP_SKIP)
			continue;
		if (c != CP_SEP) {
			if (len + n <= WORD_MAX)
				memcpy(word + len, b, n);
			len += n;
			continue;
		}
		if (len >= WORD_MIN && len <= WORD_MAX) {
			word[len] = '\0';
			if ((rc = fn(word, len, arg)) == -1)
				return -1;
		}
		len = 0;
	} while (!end);
	return rc;
}
