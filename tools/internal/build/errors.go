package build

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/text/width"

	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
)

// SQLError is an error of the server mapped back to the SQL source, printed
// like a compiler's: path:line:col, severity and SQLSTATE, message, detail,
// hint, context and the offending line with a caret under the column.
type SQLError struct {
	// Path is the file holding the location (relative to the project root):
	// the file being run, or the file defining the PL/pgSQL function that
	// failed.
	Path string
	// Line and Col are 1-based (Col in characters); 0 when unknown.
	Line, Col int
	// Source is the text of line Line.
	Source string
	// CalledFrom is "path:line:col" of the statement that called the failing
	// function when that function is defined in another file, else "".
	CalledFrom string
	// File is the file that was being run.
	File string

	Severity string
	Code     string
	Message  string
	Detail   string
	Hint     string
	Where    string
	// Blocker names who held the lock a rebuild gave up waiting for.
	Blocker string

	// Err is the underlying error (a *pgconn.PgError).
	Err error
}

func (e *SQLError) Error() string {
	return e.location() + ": " + e.Severity + " " + e.Code + ": " + e.Message
}

func (e *SQLError) Unwrap() error { return e.Err }

func (e *SQLError) location() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d", e.Path, e.Line, e.Col)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d", e.Path, e.Line)
	default:
		return e.Path
	}
}

// Format renders the error over several lines, in colour when asked:
//
//	3_functions/crm/f.sql:12:3: ERROR P0001: lots must be positive
//	  detail: lots was -1
//	  hint: pass a positive number of lots
//	  context: PL/pgSQL function crm_api.open_position(bigint,numeric) line 5 at RAISE
//	     12 |   raise exception 'lots must be positive'
//	        |   ^
//	  called from 8_seed/crm/010_positions.sql:4:1
func (e *SQLError) Format(useColor bool) string {
	bold := newColor(useColor, color.Bold)
	red := newColor(useColor, color.FgRed, color.Bold)
	label := newColor(useColor, color.FgCyan)
	caret := newColor(useColor, color.FgGreen, color.Bold)
	dim := newColor(useColor, color.Faint)

	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s\n", bold.Sprint(e.location()), red.Sprint(e.Severity+" "+e.Code+":"), bold.Sprint(e.Message))
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %s %s\n", label.Sprint(name+":"), indent(v, strings.Repeat(" ", len(name)+4)))
		}
	}
	field("detail", e.Detail)
	field("hint", e.Hint)
	field("context", e.Where)
	field("lock held by", e.Blocker)
	if e.Line > 0 {
		num := strconv.Itoa(e.Line)
		fmt.Fprintf(&b, "  %s %s %s\n", dim.Sprintf("%5s", num), dim.Sprint("|"), e.Source)
		if e.Col > 0 {
			fmt.Fprintf(&b, "  %5s %s %s%s\n", "", dim.Sprint("|"), caretPad(e.Source, e.Col), caret.Sprint("^"))
		}
	}
	if e.CalledFrom != "" {
		fmt.Fprintf(&b, "  %s %s\n", label.Sprint("called from"), e.CalledFrom)
	}
	return b.String()
}

// caretPad is the blank prefix that puts a caret under character col of
// line, keeping its tabs and counting the display width of what precedes
// it: two columns for a wide character (CJK, emoji), none for a combining
// mark.
func caretPad(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteString(strings.Repeat(" ", runeWidth(r)))
		}
		i++
	}
	for ; i < col; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// runeWidth is the number of terminal columns r takes.
func runeWidth(r rune) int {
	switch {
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0xFEFF,
		unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// MapError maps err, returned by running src (the text of file, a path
// relative to the project root) as one query, to a *SQLError located in the
// project's files. Errors that are not from the server are wrapped with the
// file name. p may be nil (no function lookup across files).
func MapError(p *project.Project, file, src string, err error) error {
	return MapErrorAt(p, file, src, err, -1)
}

// MapErrorAt is MapError knowing how many statements of src completed
// before the error (as ExecScript returns; -1 when unknown), which locates
// runtime errors that carry no position at their statement.
func MapErrorAt(p *project.Project, file, src string, err error, completed int) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", file, err)
	}
	e := &SQLError{
		Path: file, File: file,
		Severity: pe.Severity, Code: pe.Code, Message: pe.Message,
		Detail: pe.Detail, Hint: pe.Hint, Where: pe.Where,
		Err: err,
	}
	if e.Severity == "" {
		e.Severity = "ERROR"
	}
	var stmt *sqlsplit.Statement
	if completed >= 0 {
		if stmts := sqlsplit.Split(src); completed < len(stmts) {
			stmt = &stmts[completed]
		}
	}

	switch {
	case pe.Position > 0:
		// Position counts characters of the query, which is the whole file.
		off := runeOffset(src, int(pe.Position)-1)
		if off >= len(src) { // "at end of input": just after the last token
			off = len(strings.TrimRight(src, " \t\r\n"))
		}
		e.setLocation(src, off)
	default:
		if loc, ok := locateInFunction(p, file, src, stmt, pe); ok {
			e.Path = loc.path
			e.setLocation(loc.src, loc.off)
			if loc.path != file && stmt != nil {
				e.CalledFrom = fmt.Sprintf("%s:%d:%d", file, stmt.Line, stmt.Col)
			}
		} else if stmt != nil {
			e.setLocation(src, stmt.Offset)
		}
	}
	return e
}

func (e *SQLError) setLocation(src string, off int) {
	e.Line, e.Col = sqlsplit.LineCol(src, off)
	start := strings.LastIndexByte(src[:off], '\n') + 1
	end := strings.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += off
	}
	e.Source = strings.TrimRight(src[start:end], "\r")
}

// runeOffset converts a 0-based character index of s to a byte offset.
func runeOffset(s string, chars int) int {
	if chars <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == chars {
			return i
		}
		n++
	}
	return len(s)
}

type location struct {
	path string
	src  string
	off  int
}

// frame matches one PL/pgSQL line of an error context, innermost first.
var frame = regexp.MustCompile(`PL/pgSQL function (.+?)(?:\((.*?)\))? line (\d+) at`)

// sqlFrame matches a LANGUAGE SQL function's line of an error context.
var sqlFrame = regexp.MustCompile(`SQL function "(.+?)" statement (\d+)`)

// locateInFunction maps an error raised inside a PL/pgSQL function (or DO
// block) to the file and line of its definition: plpgsql's line 1 is the line
// of the body's opening quote. An error inside a LANGUAGE SQL function is
// mapped to the failing statement of its body. The innermost frame defined
// in the project wins.
func locateInFunction(p *project.Project, file, src string, stmt *sqlsplit.Statement, pe *pgconn.PgError) (location, bool) {
	for _, ctxLine := range strings.Split(pe.Where, "\n") {
		if m := sqlFrame.FindStringSubmatch(ctxLine); m != nil && !strings.Contains(ctxLine, "PL/pgSQL function") {
			n, _ := strconv.Atoi(m[2])
			if loc, ok := locateInSQLFunction(p, file, src, m[1], n); ok {
				return loc, true
			}
			continue
		}
		m := frame.FindStringSubmatch(ctxLine)
		if m == nil {
			continue
		}
		name, args := m[1], m[2]
		n, _ := strconv.Atoi(m[3])
		var loc location
		var body sqlsplit.Span
		var ok bool
		if name == "inline_code_block" {
			if stmt == nil {
				return location{}, false // the DO block is the failing statement; unknown
			}
			body, ok = firstBody(src, stmt.Offset, stmt.Offset+len(stmt.SQL), false)
			loc = location{path: file, src: src}
		} else {
			loc, body, ok = findFunction(p, file, src, name, args)
		}
		if !ok {
			continue
		}
		loc.off = lineOffset(loc.src, body.Start, n)
		if q := pe.InternalQuery; q != "" && pe.InternalPosition > 0 {
			loc.off = placeInternal(loc.src, loc.off, body.End, q, int(pe.InternalPosition))
		} else {
			loc.off = firstNonBlank(loc.src, loc.off)
		}
		return loc, true
	}
	return location{}, false
}

// locateInSQLFunction finds statement n (1-based) of the body of the
// LANGUAGE SQL function name (the context names it without schema or
// arguments).
func locateInSQLFunction(p *project.Project, file, src, name string, n int) (location, bool) {
	loc, body, ok := findFunction(p, file, src, name, "")
	if !ok || n < 1 {
		return location{}, false
	}
	open := 1
	if body.Kind == sqlsplit.DollarQuote {
		open = len(body.Tag)
	} else if body.Kind == sqlsplit.EscapeString {
		open = 2
	}
	start, end := body.Start+open, body.End-1
	if body.Kind == sqlsplit.DollarQuote {
		end = body.End - len(body.Tag)
	}
	if end < start || end > len(loc.src) {
		return location{}, false
	}
	stmts := sqlsplit.Split(loc.src[start:end])
	if n > len(stmts) {
		return location{}, false
	}
	loc.off = start + stmts[n-1].Offset
	return loc, true
}

// lineOffset returns the byte offset of the start of the n-th line (1-based)
// counted from the line holding offset start.
func lineOffset(src string, start, n int) int {
	off := strings.LastIndexByte(src[:start], '\n') + 1
	for i := 1; i < n; i++ {
		j := strings.IndexByte(src[off:], '\n')
		if j < 0 {
			return off
		}
		off += j + 1
	}
	return off
}

func firstNonBlank(src string, off int) int {
	for off < len(src) && (src[off] == ' ' || src[off] == '\t') {
		off++
	}
	return off
}

// placeInternal finds the failing statement's text q (plpgsql's internal
// query) at or after lineStart within the body and returns the offset of
// character pos (1-based) of it. plpgsql blanks out a SELECT's INTO clause
// (keeping the length) and turns "perform" into "SELECT ". Without a match it
// returns the line's first non-blank character.
func placeInternal(src string, lineStart, bodyEnd int, q string, pos int) int {
	if bodyEnd > len(src) || bodyEnd < lineStart {
		bodyEnd = len(src)
	}
	window := src[lineStart:bodyEnd]
	if i := strings.Index(window, q); i >= 0 {
		return lineStart + i + runeOffset(q, pos-1)
	}
	// Anchor on the query's first words (up to a blanked-out INTO clause,
	// which plpgsql replaces with blanks, line breaks included), then check
	// that every non-blank character up to the position matches the source.
	first, _, _ := strings.Cut(q, "\n")
	if i := strings.Index(first, "  "); i > 0 {
		first = first[:i]
	}
	if first = strings.TrimRight(first, " \t"); first != "" {
		for from := 0; from < len(window); {
			i := strings.Index(window[from:], first)
			if i < 0 {
				break
			}
			i += from
			if sameShape(window[i:], q, pos-1) {
				return lineStart + i + runeOffset(window[i:], pos-1)
			}
			from = i + 1
		}
	}
	if rest, ok := strings.CutPrefix(q, "SELECT "); ok && pos > len("SELECT ") {
		if i := strings.Index(window, rest); i >= 0 {
			return lineStart + i + runeOffset(rest, pos-1-len("SELECT "))
		}
	}
	return firstNonBlank(src, lineStart)
}

// sameShape reports whether the first n characters of q match src, where a
// blank in q may stand for any character (a blanked-out INTO clause).
func sameShape(src, q string, n int) bool {
	sr, qr := []rune(src), []rune(q)
	if n > len(qr) {
		n = len(qr)
	}
	if n > len(sr) {
		return false
	}
	for k := 0; k < n; k++ {
		if c := qr[k]; c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != sr[k] {
			return false
		}
	}
	return true
}

// createRoutine matches the head of a function or procedure definition.
var createRoutine = regexp.MustCompile(`(?is)^create\s+(?:or\s+replace\s+)?(?:function|procedure)\s+((?:"(?:[^"]|"")+"|[\pL_][\pL\pN_$]*)\s*\.\s*)?("(?:[^"]|"")+"|[\pL_][\pL\pN_$]*)\s*\(`)

// findFunction finds the definition of the PL/pgSQL function name (as the
// error context prints it: "schema.name" or "name") with argument types args,
// looking first in the file being run, then in the whole project, and
// returns its location and body.
func findFunction(p *project.Project, file, src, name, args string) (location, sqlsplit.Span, bool) {
	schema, fn := splitQualified(name)
	want := countArgs(args)
	type cand struct {
		loc  location
		body sqlsplit.Span
		args int
	}
	var cands []cand
	scan := func(path, text string, stmts []sqlsplit.Statement) {
		for _, s := range stmts {
			m := createRoutine.FindStringSubmatchIndex(s.SQL)
			if m == nil {
				continue
			}
			var sch string
			if m[2] >= 0 {
				sch = unquote(strings.TrimSuffix(strings.TrimSpace(s.SQL[m[2]:m[3]]), "."))
			}
			if unquote(s.SQL[m[4]:m[5]]) != fn || (schema != "" && sch != schema) {
				continue
			}
			paramsEnd := closingParen(s.SQL, m[1]-1)
			body, ok := firstBody(text, s.Offset+paramsEnd, s.Offset+len(s.SQL), true)
			if !ok {
				continue
			}
			cands = append(cands, cand{location{path: path, src: text}, body, countArgs(s.SQL[m[1]:max(m[1], paramsEnd-1)])})
		}
	}
	if p != nil {
		for _, f := range p.Files {
			if f.Path == file {
				scan(f.Path, src, sqlsplit.Split(src))
			} else {
				scan(f.Path, f.Content, f.Statements())
			}
		}
	}
	if p == nil || p.File(file) == nil {
		scan(file, src, sqlsplit.Split(src))
	}
	if len(cands) == 0 {
		return location{}, sqlsplit.Span{}, false
	}
	for _, c := range cands {
		if c.args == want {
			return c.loc, c.body, true
		}
	}
	return cands[0].loc, cands[0].body, true
}

// firstBody returns the first string or dollar-quoted literal in
// src[from:to]; with afterAs, only one that follows the keyword AS (so that
// `set search_path = ”` is not taken for the body).
func firstBody(src string, from, to int, afterAs bool) (sqlsplit.Span, bool) {
	if to > len(src) {
		to = len(src)
	}
	if from > to {
		return sqlsplit.Span{}, false
	}
	for _, sp := range sqlsplit.Spans(src[from:to]) {
		if sp.Kind != sqlsplit.DollarQuote && sp.Kind != sqlsplit.String && sp.Kind != sqlsplit.EscapeString {
			continue
		}
		sp.Start += from
		sp.End += from
		if afterAs {
			before := strings.TrimRight(src[from:sp.Start], " \t\r\n")
			if len(before) < 2 || !strings.EqualFold(before[len(before)-2:], "as") ||
				(len(before) > 2 && isIdent(before[len(before)-3])) {
				continue
			}
		}
		return sp, true
	}
	return sqlsplit.Span{}, false
}

func isIdent(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// closingParen returns the offset just past the parenthesis matching the one
// at s[open], skipping literals.
func closingParen(s string, open int) int {
	spans := sqlsplit.Spans(s[open:])
	depth := 0
	for i := open; i < len(s); i++ {
		for len(spans) > 0 && spans[0].End+open <= i {
			spans = spans[1:]
		}
		if len(spans) > 0 && spans[0].Start+open <= i {
			i = spans[0].End + open - 1
			continue
		}
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// countArgs counts the comma-separated top-level items of an argument list.
func countArgs(s string) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n, depth := 1, 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		}
	}
	return n
}

// splitQualified splits "schema.name" (either part possibly quoted).
func splitQualified(s string) (schema, name string) {
	inQuote := false
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '"':
			inQuote = !inQuote
		case '.':
			if !inQuote {
				return unquote(s[:i]), unquote(s[i+1:])
			}
		}
	}
	return "", unquote(s)
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	if !utf8.ValidString(s) {
		return s
	}
	return strings.ToLower(s)
}
