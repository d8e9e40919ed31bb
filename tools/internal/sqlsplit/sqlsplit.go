// Package sqlsplit splits a PostgreSQL script into its top-level statements
// the way psql does, without talking to a server.
//
// It understands, as psql does:
//
//	'standard strings' with doubled '' quotes
//	E'escape strings' with \' backslash escapes
//	"quoted identifiers" with doubled "" quotes
//	-- line comments and nested /* /* block */ comments */
//	$$dollar quotes$$ and $tag$dollar quotes$tag$
//	parentheses, and the SQL-standard function bodies
//	(create function ... begin atomic ...; ...; end) whose inner
//	semicolons do not end the statement.
package sqlsplit

import (
	"strings"
	"unicode/utf8"
)

// Statement is one top-level statement of a script.
type Statement struct {
	// SQL is the statement text from its first token to its last token (the
	// terminating semicolon excluded). Comments between tokens are kept;
	// comments before the first or after the last token are not.
	SQL string
	// Offset is the byte offset of SQL in the source.
	Offset int
	// Line and Col are the 1-based position of the statement's first token
	// (Col counted in runes).
	Line, Col int
}

// Kind classifies a Span.
type Kind int

// The kinds of Span.
const (
	String       Kind = iota + 1 // 'standard' (also B'', X'', N'', U&'')
	EscapeString                 // E'with \' escapes'
	QuotedIdent                  // "Quoted"
	LineComment                  // -- to end of line
	BlockComment                 // /* nested */
	DollarQuote                  // $tag$ ... $tag$
)

// Span is a stretch of the source that is not plain SQL tokens: a literal, a
// quoted identifier or a comment. Start and End are byte offsets (End
// exclusive, covering the delimiters). An unterminated span ends at the end of
// the source.
type Span struct {
	Kind       Kind
	Start, End int
	// Tag is the dollar-quote delimiter including both dollars ("$$", "$fn$");
	// empty for other kinds.
	Tag string
}

// Split returns the top-level statements of src, in order. Statements made
// only of blanks and comments are dropped.
func Split(src string) []Statement {
	var out []Statement
	sc := scanner{src: src}
	start := -1 // offset of the current statement's first token
	last := -1  // end offset of its last token
	paren, begin := 0, 0
	var words []string // first words of the statement, lowercased
	flush := func() {
		if start >= 0 {
			line, col := LineCol(src, start)
			out = append(out, Statement{SQL: src[start:last], Offset: start, Line: line, Col: col})
		}
		start, last, paren, begin, words = -1, -1, 0, 0, words[:0]
	}
	for sc.i < len(src) {
		c := src[sc.i]
		if isSpace(c) {
			sc.i++
			continue
		}
		if sp, ok := sc.span(); ok {
			if sp.Kind != LineComment && sp.Kind != BlockComment {
				if start < 0 {
					start = sp.Start
				}
				last = sp.End
			}
			continue
		}
		tokStart := sc.i
		switch {
		case c == ';' && paren == 0 && begin == 0:
			sc.i++
			flush()
			continue
		case c == '(':
			paren++
			sc.i++
		case c == ')':
			if paren > 0 {
				paren--
			}
			sc.i++
		case isIdentStart(c):
			for sc.i < len(src) && isIdentChar(src[sc.i]) {
				sc.i++
			}
			w := strings.ToLower(src[tokStart:sc.i])
			if len(words) < 4 {
				words = append(words, w)
			}
			if isRoutineDef(words) {
				switch {
				case w == "begin":
					begin++
				case begin > 0 && w == "case":
					begin++
				case begin > 0 && w == "end":
					begin--
				}
			}
		case c >= '0' && c <= '9':
			for sc.i < len(src) && isIdentChar(src[sc.i]) {
				sc.i++
			}
		default:
			sc.i++
		}
		if start < 0 {
			start = tokStart
		}
		last = sc.i
	}
	flush()
	return out
}

// isRoutineDef reports whether the first words of a statement start a
// CREATE [OR REPLACE] FUNCTION/PROCEDURE, the only statements whose body may
// be BEGIN ATOMIC ... END (psql tracks the same thing).
func isRoutineDef(w []string) bool {
	if len(w) < 2 || w[0] != "create" {
		return false
	}
	if w[1] == "function" || w[1] == "procedure" {
		return true
	}
	return len(w) >= 4 && w[1] == "or" && w[2] == "replace" && (w[3] == "function" || w[3] == "procedure")
}

// Spans returns every string, escape string, quoted identifier, comment and
// dollar quote of src, in order.
func Spans(src string) []Span {
	var out []Span
	sc := scanner{src: src}
	for sc.i < len(src) {
		if sp, ok := sc.span(); ok {
			out = append(out, sp)
			continue
		}
		c := src[sc.i]
		if isIdentStart(c) || (c >= '0' && c <= '9') {
			for sc.i < len(src) && isIdentChar(src[sc.i]) {
				sc.i++
			}
			continue
		}
		sc.i++
	}
	return out
}

// Normalize returns the statements of src without what the server never
// sees: comments, and the blanks and comments between two tokens, which are
// one space where the two would otherwise read as one (two words, two
// operators, two quoted tokens, a word and a quoted token) and nothing
// elsewhere (beside parentheses, commas, semicolons, brackets; between a word
// and an operator). Literals, quoted identifiers and dollar quotes
// (function bodies, with the comments inside them) are kept as they are.
// Two scripts that differ only in comments and layout normalize alike; a
// space kept where one was not needed only makes a layout change count as a
// change.
func Normalize(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	sc := scanner{src: src}
	gap := false // blanks or comments since the last token
	emit := func(tok string) {
		if gap && b.Len() > 0 && needsSpace(b.String()[b.Len()-1], tok[0]) {
			b.WriteByte(' ')
		}
		gap = false
		b.WriteString(tok)
	}
	for sc.i < len(src) {
		start := sc.i
		if sp, ok := sc.span(); ok {
			if sp.Kind == LineComment || sp.Kind == BlockComment {
				gap = true
			} else {
				emit(src[start:sc.i])
			}
			continue
		}
		c := src[sc.i]
		switch {
		case isSpace(c):
			gap = true
			sc.i++
			continue
		case isIdentStart(c) || (c >= '0' && c <= '9'):
			for sc.i < len(src) && isIdentChar(src[sc.i]) {
				sc.i++
			}
		default:
			sc.i++
		}
		emit(src[start:sc.i])
	}
	return b.String()
}

// needsSpace reports whether blanks between a token ending in prev and one
// starting with next must stay: without them the two could read as one.
func needsSpace(prev, next byte) bool {
	punct := func(c byte) bool { return strings.IndexByte("(),;[]{}", c) >= 0 }
	word := func(c byte) bool { return isIdentChar(c) || c == '.' }
	if punct(prev) || punct(next) {
		return false
	}
	return word(prev) == word(next) || !word(prev) && !isOperatorChar(prev) || !word(next) && !isOperatorChar(next)
}

// isOperatorChar reports whether c may be part of an operator.
func isOperatorChar(c byte) bool {
	return strings.IndexByte("+-*/<>=~!@#%^&|`?:", c) >= 0
}

// Words returns the first n words (keywords or identifiers, lowercased) of
// sql, skipping comments, literals and punctuation. It is meant for
// recognising statements: Words("/* x */ CREATE index", 2) is [create index].
func Words(sql string, n int) []string {
	var out []string
	sc := scanner{src: sql}
	for sc.i < len(sql) && len(out) < n {
		if _, ok := sc.span(); ok {
			continue
		}
		c := sql[sc.i]
		switch {
		case isIdentStart(c):
			s := sc.i
			for sc.i < len(sql) && isIdentChar(sql[sc.i]) {
				sc.i++
			}
			out = append(out, strings.ToLower(sql[s:sc.i]))
		case c >= '0' && c <= '9':
			for sc.i < len(sql) && isIdentChar(sql[sc.i]) {
				sc.i++
			}
		default:
			sc.i++
		}
	}
	return out
}

// LineCol converts a byte offset of src into a 1-based line and a 1-based
// column counted in runes. An offset past the end is clamped to the end.
func LineCol(src string, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	before := src[:offset]
	line = strings.Count(before, "\n") + 1
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCountInString(before[lineStart:]) + 1
}

type scanner struct {
	src string
	i   int
}

// span consumes a literal, quoted identifier or comment starting at sc.i, if
// there is one.
func (sc *scanner) span() (Span, bool) {
	src, i := sc.src, sc.i
	c := src[i]
	prevIdent := i > 0 && isIdentChar(src[i-1])
	switch {
	case c == '\'':
		sc.i = scanQuoted(src, i+1, '\'', false)
		return Span{Kind: String, Start: i, End: sc.i}, true
	case (c == 'e' || c == 'E') && !prevIdent && i+1 < len(src) && src[i+1] == '\'':
		sc.i = scanQuoted(src, i+2, '\'', true)
		return Span{Kind: EscapeString, Start: i, End: sc.i}, true
	case c == '"':
		sc.i = scanQuoted(src, i+1, '"', false)
		return Span{Kind: QuotedIdent, Start: i, End: sc.i}, true
	case c == '-' && i+1 < len(src) && src[i+1] == '-':
		end := strings.IndexByte(src[i:], '\n')
		if end < 0 {
			sc.i = len(src)
		} else {
			sc.i = i + end
		}
		return Span{Kind: LineComment, Start: i, End: sc.i}, true
	case c == '/' && i+1 < len(src) && src[i+1] == '*':
		sc.i = scanBlockComment(src, i)
		return Span{Kind: BlockComment, Start: i, End: sc.i}, true
	case c == '$' && !prevIdent:
		tag, ok := dollarTag(src, i)
		if !ok {
			return Span{}, false
		}
		body := i + len(tag)
		end := strings.Index(src[body:], tag)
		if end < 0 {
			sc.i = len(src)
		} else {
			sc.i = body + end + len(tag)
		}
		return Span{Kind: DollarQuote, Start: i, End: sc.i, Tag: tag}, true
	}
	return Span{}, false
}

// scanQuoted returns the offset just past the closing quote q of a literal
// whose content starts at i. A doubled quote is an escaped quote; with
// backslash set, a backslash escapes the next byte.
func scanQuoted(src string, i int, q byte, backslash bool) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			if backslash {
				i += 2
				continue
			}
		case q:
			if i+1 < len(src) && src[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(src)
}

func scanBlockComment(src string, i int) int {
	depth := 0
	for i < len(src) {
		switch {
		case src[i] == '/' && i+1 < len(src) && src[i+1] == '*':
			depth++
			i += 2
		case src[i] == '*' && i+1 < len(src) && src[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return len(src)
}

// dollarTag returns the delimiter ($$ or $tag$) starting at src[i] == '$'.
// "$1" (a parameter) is not a delimiter.
func dollarTag(src string, i int) (string, bool) {
	j := i + 1
	if j < len(src) && src[j] == '$' {
		return "$$", true
	}
	if j >= len(src) || !isIdentStart(src[j]) {
		return "", false
	}
	for j < len(src) && isIdentChar(src[j]) && src[j] != '$' {
		j++
	}
	if j < len(src) && src[j] == '$' {
		return src[i : j+1], true
	}
	return "", false
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}
