package build

import (
	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
)

// FunctionSite is a place in the body of a function defined in the project.
type FunctionSite struct {
	Path string // the file defining the function
	Src  string // its text
	Off  int    // byte offset of the place
}

// LocateInFunction finds line lineno (PL/pgSQL's numbering: line 1 holds
// the body's opening quote) of the body of function schema.name, whose
// identity arguments are args ("a int, b text"), in the project's files;
// with a query (PL/pgSQL's text of the statement on that line) and a
// 1-based character position in it, the character at that position.
// Without one, the line's first non-blank character.
func LocateInFunction(p *project.Project, schema, name, args string, lineno int, query string, position int) (FunctionSite, bool) {
	qualified := name
	if schema != "" {
		qualified = schema + "." + name
	}
	loc, body, ok := findFunction(p, "", "", qualified, args)
	if !ok || lineno < 1 {
		return FunctionSite{}, false
	}
	off := lineOffset(loc.src, body.Start, lineno)
	if query != "" && position > 0 {
		off = placeInternal(loc.src, off, body.End, query, position)
	} else {
		off = firstNonBlank(loc.src, off)
	}
	return FunctionSite{Path: loc.path, Src: loc.src, Off: off}, true
}

// BodyLines returns the file and the 1-based range of lines (from the line
// of the opening quote to that of the closing one) of the body of function
// schema.name with identity arguments args.
func BodyLines(p *project.Project, schema, name, args string) (path, src string, first, last int, ok bool) {
	qualified := name
	if schema != "" {
		qualified = schema + "." + name
	}
	loc, body, found := findFunction(p, "", "", qualified, args)
	if !found {
		return "", "", 0, 0, false
	}
	first, _ = sqlsplit.LineCol(loc.src, body.Start)
	last, _ = sqlsplit.LineCol(loc.src, max(body.End-1, body.Start))
	return loc.path, loc.src, first, last, true
}

// At places the error at byte offset off of src (line, column, source line).
func (e *SQLError) At(src string, off int) { e.setLocation(src, off) }
