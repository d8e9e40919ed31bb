package mutate

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"thick/tools/internal/project"
	"thick/tools/internal/sqlsplit"
)

// Operator names a kind of mutant.
type Operator string

// The operators, each on by default.
const (
	Guard      Operator = "guard"      // raise exception -> raise notice
	Policy     Operator = "policy"     // create policy -> drop policy
	Grant      Operator = "grant"      // one grant of execute or select to a client role revoked
	Boundary   Operator = "boundary"   // < <-> <=, > <-> >= anywhere in a plpgsql or sql function or a view
	Volatility Operator = "volatility" // a volatile function declared stable
	Check      Operator = "check"      // < <-> <=, > <-> >= in a table's check constraint
	Loosen     Operator = "loosen"     // a policy's using or with check made true
)

// Operators lists every operator in the order of the report.
var Operators = []Operator{Guard, Policy, Grant, Boundary, Volatility, Check, Loosen}

// CodeFolders are the folders whose objects are mutated: the code, not the
// data (0_tables, 1_junctions) nor the seed.
var CodeFolders = project.CodeFolders

// TableFolders are the folders whose tables' check constraints the check
// operator mutates (the constraint is replaced, the rows stay).
var TableFolders = []string{"0_tables", "1_junctions"}

// Mutant is one change to one code object.
type Mutant struct {
	ID     int
	Op     Operator
	Path   string // the source file, relative to the project root
	Line   int    // 1-based line of the mutated token
	Source string // that line, trimmed
	Change string // what the mutant does ("raise notice", "<= instead of <", "drop policy x on t", ...)
	// SQL applies the mutant to a built database: the one object recreated
	// with `create or replace`, a policy dropped, a privilege revoked.
	SQL string
	// Object is the unqualified name of the object changed (a function, the
	// table of a policy, the object of a grant); suites naming it run first.
	Object string
	// App is the application of the file (the folder below the build
	// folder): its suites and core's judge the mutant.
	App string
	// Unreachable is the reason given by `-- thick: unreachable, <why>` on
	// the mutated line ("" when the line has no such mark).
	Unreachable string
	// Role is the role a grant mutant revokes from ("" for other operators).
	Role string
	// Target is the qualified, lowercased name of what the mutant changes:
	// the function (guard, boundary, volatility, a grant of execute) or the
	// table or view (policy, a grant of select).
	Target string
	// Function reports whether Target is a function.
	Function bool
}

// Where is path:line.
func (m *Mutant) Where() string { return fmt.Sprintf("%s:%d", m.Path, m.Line) }

// unreachableRE is the mark of a guard no test can reach.
var unreachableRE = regexp.MustCompile(`--\s*thick:\s*unreachable\b[\s,:;-]*(.*)$`)

// Find returns the mutants of file f for the given operators. clientRoles
// are the roles whose grants are mutated (lowercase names).
func Find(f *project.File, ops map[Operator]bool, clientRoles map[string]bool) []*Mutant {
	var out []*Mutant
	app := appOf(f.Path)
	lines := strings.Split(f.Content, "\n")
	add := func(m *Mutant, off int) {
		m.Path, m.App = f.Path, app
		m.Line, _ = sqlsplit.LineCol(f.Content, off)
		if m.Line-1 < len(lines) {
			l := lines[m.Line-1]
			if mm := unreachableRE.FindStringSubmatch(l); mm != nil {
				m.Unreachable = strings.TrimSpace(mm[1])
				if m.Unreachable == "" {
					m.Unreachable = "no reason given"
				}
			}
			m.Source = strings.TrimSpace(l)
		}
		out = append(out, m)
	}
	for _, st := range f.Statements() {
		toks := code(lex(st.SQL))
		if len(toks) < 2 {
			continue
		}
		if isTable(f.Path) {
			// the tables' folders: their check constraints only
			if ops[Check] && (toks[0].isWord("create") || toks[0].isWord("alter")) && toks[1].isWord("table") {
				for _, fm := range checkMutants(st.SQL, toks, tableName(toks, 2)) {
					add(fm.m, st.Offset+fm.off)
				}
			}
			continue
		}
		switch {
		case isRoutine(toks):
			for _, fm := range routineMutants(st, toks, ops) {
				add(fm.m, st.Offset+fm.off)
			}
		case isView(toks) && ops[Boundary]:
			for _, fm := range viewMutants(st, toks) {
				add(fm.m, st.Offset+fm.off)
			}
		case toks[0].isWord("create") && toks[1].isWord("policy"):
			if m := policyMutant(st.SQL, toks); m != nil && ops[Policy] {
				add(m, st.Offset)
			}
			if ops[Loosen] {
				for _, fm := range loosenMutants(st.SQL, toks) {
					add(fm.m, st.Offset+fm.off)
				}
			}
		case toks[0].isWord("grant") && ops[Grant]:
			for _, fm := range grantMutants(st.SQL, toks, clientRoles) {
				add(fm.m, st.Offset+fm.off)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// appOf is the application folder of a project file: "3_functions/crm/x.sql"
// belongs to crm.
func appOf(rel string) string {
	parts := strings.Split(rel, "/")
	if len(parts) >= 3 {
		return parts[1]
	}
	return ""
}

// isCode reports whether rel is in one of the code folders.
func isCode(rel string) bool { return inFolders(rel, CodeFolders) }

// isTable reports whether rel is in one of the table folders.
func isTable(rel string) bool { return inFolders(rel, TableFolders) }

func inFolders(rel string, folders []string) bool {
	top, _, _ := strings.Cut(rel, "/")
	for _, f := range folders {
		if top == f {
			return true
		}
	}
	return false
}

// tableName is the (possibly qualified) name of the table a create table or
// alter table statement names, from toks[i] on, past `if [not] exists` and
// `only`, unquoted and lowercased.
func tableName(toks []token, i int) string {
	for i < len(toks) && (toks[i].isWord("if") || toks[i].isWord("not") || toks[i].isWord("exists") || toks[i].isWord("only")) {
		i++
	}
	name := ""
	for ; i < len(toks) && (toks[i].Kind == word || toks[i].Kind == span || toks[i].is(".")); i++ {
		if name != "" && !toks[i].is(".") && !toks[i-1].is(".") {
			break
		}
		name += toks[i].Text
	}
	return unquoteName(name)
}

// checkMutants moves the boundary of each comparison in the named check
// constraints of a create table or alter table ... add constraint
// statement: the constraint is dropped and added again, changed, as not
// valid (the rows already there are not checked against it; new rows are).
func checkMutants(sql string, toks []token, table string) []found {
	if table == "" {
		return nil
	}
	obj := unqualified(table)
	var out []found
	for i := 0; i+3 < len(toks); i++ {
		if !toks[i].isWord("constraint") || !toks[i+2].isWord("check") || !toks[i+3].is("(") {
			continue
		}
		name := toks[i+1].Text
		// the expression: from the parenthesis after check to its match
		open, depth, end := i+3, 0, -1
		for j := open; j < len(toks); j++ {
			if toks[j].is("(") {
				depth++
			} else if toks[j].is(")") {
				depth--
				if depth == 0 {
					end = j
					break
				}
			}
		}
		if end < 0 {
			continue
		}
		for j := open + 1; j < end; j++ {
			flipped, ok := flip[toks[j].Text]
			if toks[j].Kind != op || !ok {
				continue
			}
			expr := sql[toks[open].Start:toks[j].Start] + flipped + sql[toks[j].End:toks[end].End]
			change := fmt.Sprintf("%s instead of %s", flipped, toks[j].Text)
			out = append(out, found{&Mutant{Op: Check, Change: change,
				SQL:    fmt.Sprintf("alter table %s drop constraint %s, add constraint %s check %s not valid", table, name, name, expr),
				Object: obj, Target: table}, toks[j].Start})
		}
		i = end
	}
	return out
}

type found struct {
	m   *Mutant
	off int // byte offset of the mutated token in the statement
}

func isRoutine(toks []token) bool {
	if !toks[0].isWord("create") {
		return false
	}
	i := 1
	if len(toks) > 3 && toks[1].isWord("or") && toks[2].isWord("replace") {
		i = 3
	}
	return i < len(toks) && (toks[i].isWord("function") || toks[i].isWord("procedure"))
}

// routine is what the mutants need of a create function statement.
type routine struct {
	name       string // unqualified
	qualified  string // schema.name, lowercased
	language   string
	volatility string // volatile, stable, immutable, or "" (the default, volatile)
	volTok     *token
	langTok    *token // the language's name
	trigger    bool   // returns trigger or event_trigger
	procedure  bool
	// inlinable: a SQL function without a SET clause nor security definer,
	// which the planner may inline (it then never shows in pg_stat)
	inlinable bool
	body      *token // the dollar-quoted body
}

func parseRoutine(toks []token) (r routine) {
	i := 1
	if toks[1].isWord("or") {
		i = 3
	}
	r.procedure = toks[i].isWord("procedure")
	i++
	// the name: [schema .] name
	for ; i < len(toks) && !toks[i].is("("); i++ {
		if toks[i].Kind == word || toks[i].Kind == span {
			r.name = strings.ToLower(strings.Trim(toks[i].Text, `"`))
			if r.qualified != "" {
				r.qualified += "."
			}
			r.qualified += r.name
		}
	}
	depth := 0
	hasSet, definer := false, false
	defer func() { r.inlinable = r.language == "sql" && !hasSet && !definer }()
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.is("(") {
			depth++
		} else if t.is(")") {
			depth--
		}
		if depth > 0 {
			continue
		}
		switch {
		case t.isWord("set") && r.body == nil:
			hasSet = true
		case t.isWord("definer") && r.body == nil:
			definer = true
		case t.isWord("returns") && i+1 < len(toks):
			if toks[i+1].isWord("trigger") || toks[i+1].isWord("event_trigger") {
				r.trigger = true
			}
		case t.isWord("language") && i+1 < len(toks):
			r.langTok = &toks[i+1]
			r.language = strings.ToLower(strings.Trim(toks[i+1].Text, `"'`))
		case t.isWord("volatile") || t.isWord("stable") || t.isWord("immutable"):
			r.volatility = t.Lower
			r.volTok = &toks[i]
		case t.Kind == span && t.Span.Kind == sqlsplit.DollarQuote && r.body == nil && i > 0 && toks[i-1].isWord("as"):
			r.body = &toks[i]
		}
	}
	return r
}

// orReplace turns the statement's `create function` into `create or replace
// function`, with the text between from and to (offsets in sql) replaced by
// with.
func orReplace(sql string, toks []token, from, to int, with string) string {
	out := sql[:from] + with + sql[to:]
	if toks[1].isWord("or") {
		return out
	}
	return out[:toks[0].End] + " or replace" + out[toks[0].End:]
}

func routineMutants(st sqlsplit.Statement, toks []token, ops map[Operator]bool) []found {
	r := parseRoutine(toks)
	var out []found
	defer func() {
		for _, f := range out {
			f.m.Target, f.m.Function = r.qualified, true
		}
	}()
	if r.body != nil && (r.language == "plpgsql" || r.language == "sql") {
		inner := r.body.Start + len(r.body.Span.Tag)
		body := st.SQL[inner : r.body.End-len(r.body.Span.Tag)]
		btoks := code(lex(body))
		if ops[Guard] && r.language == "plpgsql" {
			for _, g := range guards(btoks) {
				at := inner + g.Start
				change, sql := "raise notice", ""
				if g.isWord("exception") {
					sql = orReplace(st.SQL, toks, at, inner+g.End, "notice")
				} else {
					// raise 'message' / raise sqlstate ... / raise using ...:
					// the level defaults to exception
					sql = orReplace(st.SQL, toks, at, at, "notice ")
				}
				out = append(out, found{&Mutant{Op: Guard, Change: change, SQL: sql, Object: r.name}, at})
			}
		}
		if ops[Boundary] {
			out = append(out, boundaryMutants(st.SQL, toks, btoks, inner, r.name)...)
		}
	}
	if ops[Volatility] && !r.procedure && !r.trigger && (r.volatility == "" || r.volatility == "volatile") &&
		(r.language == "plpgsql" || r.language == "sql") {
		var sql string
		at := toks[0].Start
		switch {
		case r.volTok != nil:
			at = r.volTok.Start
			sql = orReplace(st.SQL, toks, r.volTok.Start, r.volTok.End, "stable")
		case r.langTok != nil:
			at = r.langTok.Start
			sql = orReplace(st.SQL, toks, r.langTok.End, r.langTok.End, " stable")
		}
		if sql != "" {
			out = append(out, found{&Mutant{Op: Volatility, Change: "stable instead of volatile", SQL: sql, Object: r.name}, at})
		}
	}
	return out
}

// isView reports whether toks create a view (not a materialized one, which
// cannot be replaced in place): create [or replace] [temp] [recursive] view.
func isView(toks []token) bool {
	if !toks[0].isWord("create") {
		return false
	}
	i := 1
	if len(toks) > 3 && toks[1].isWord("or") && toks[2].isWord("replace") {
		i = 3
	}
	for i < len(toks) && (toks[i].isWord("temp") || toks[i].isWord("temporary") || toks[i].isWord("recursive")) {
		i++
	}
	return i < len(toks) && toks[i].isWord("view")
}

// viewMutants moves the boundary of each comparison of a view's query (the
// rows a view shows are rules too: a deadline, an expiry, a window), the
// view recreated with `create or replace view`.
func viewMutants(st sqlsplit.Statement, toks []token) []found {
	i := 0
	for i < len(toks) && !toks[i].isWord("view") {
		i++
	}
	name := ""
	for i++; i < len(toks) && (toks[i].Kind == word || toks[i].Kind == span || toks[i].is(".")); i++ {
		if toks[i].isWord("as") || toks[i].isWord("with") {
			break
		}
		name += toks[i].Text
	}
	// the query follows the first top-level `as` (the column list and
	// the with (options) come before it)
	depth := 0
	for ; i < len(toks); i++ {
		if toks[i].is("(") {
			depth++
		} else if toks[i].is(")") {
			depth--
		} else if depth == 0 && toks[i].isWord("as") {
			break
		}
	}
	if i >= len(toks) || name == "" {
		return nil
	}
	target := unquoteName(name)
	out := boundaryMutants(st.SQL, toks, toks[i+1:], 0, unqualified(target))
	for _, f := range out {
		f.m.Target = target
	}
	return out
}

// boundaryMutants swaps each comparison of btoks, tokens of the statement
// sql (toks) that start at offset inner in it, the object recreated with
// `create or replace`.
func boundaryMutants(sql string, toks, btoks []token, inner int, object string) []found {
	var out []found
	for _, b := range boundaries(btoks) {
		at := inner + b.Start
		flipped := flip[b.Text]
		out = append(out, found{&Mutant{Op: Boundary, Change: fmt.Sprintf("%s instead of %s", flipped, b.Text),
			SQL: orReplace(sql, toks, at, inner+b.End, flipped), Object: object}, at})
	}
	return out
}

// unqualified is the last part of a qualified name.
func unqualified(name string) string {
	if j := strings.LastIndexByte(name, '.'); j >= 0 {
		return name[j+1:]
	}
	return name
}

// raiseLevels are the levels that do not abort.
var raiseLevels = map[string]bool{"debug": true, "log": true, "info": true, "notice": true, "warning": true}

// guards returns, for each raise that aborts (level exception, written or
// by default) in plpgsql body tokens, the token to change: the word
// `exception`, or the token after `raise` when the level is left out.
func guards(toks []token) []token {
	var out []token
	for i := 0; i+1 < len(toks); i++ {
		if !toks[i].isWord("raise") || (i > 0 && !toks[i-1].is(";") && !isBlockStart(toks[i-1])) {
			continue
		}
		next := toks[i+1]
		switch {
		case next.is(";"): // re-raise in a handler
		case next.Kind == word && raiseLevels[next.Lower]:
		default:
			out = append(out, next)
		}
	}
	return out
}

// isBlockStart reports whether t may precede a statement: begin, then,
// else, loop, or the `=>`-less end of a when clause of an exception block.
func isBlockStart(t token) bool {
	if t.Kind != word {
		return false
	}
	switch t.Lower {
	case "begin", "then", "else", "loop", "exception":
		return true
	}
	return false
}

var flip = map[string]string{"<": "<=", "<=": "<", ">": ">=", ">=": ">"}

// boundaries returns the comparison operators <, <=, > and >= of plpgsql or
// sql body tokens or of a view's query: every one, wherever it sits (the
// condition of an if, a when, a where, an on or a having, a value assigned
// or selected, a sort key), since each may carry a rule: an expiry shown as
// is_expired, a having that keeps an empty batch from being sent. Operators
// that merely begin with one of them (<>, <@, ->, <-) are other tokens.
func boundaries(toks []token) []token {
	var out []token
	for _, t := range toks {
		if _, ok := flip[t.Text]; ok && t.Kind == op {
			out = append(out, t)
		}
	}
	return out
}

// policyOn parses `create policy <name> on <table>`: the policy's name
// and its table as written.
func policyOn(sql string, toks []token) (name, table string, ok bool) {
	if len(toks) < 5 || !toks[3].isWord("on") {
		return "", "", false
	}
	i := 4
	start, end := toks[i].Start, toks[i].End
	for i++; i < len(toks) && (toks[i].is(".") || toks[i-1].is(".")); i++ {
		end = toks[i].End
	}
	return toks[2].Text, sql[start:end], true
}

// policyMutant drops the policy a create policy statement makes.
func policyMutant(sql string, toks []token) *Mutant {
	name, table, ok := policyOn(sql, toks)
	if !ok {
		return nil
	}
	drop := fmt.Sprintf("drop policy %s on %s", name, table)
	return &Mutant{Op: Policy, Change: drop, SQL: drop, Object: strings.Trim(unqualified(table), `"`), Target: unquoteName(table)}
}

// loosenMutants make a policy's using expression, then its with check
// expression, true (alter policy): the rows the policy lets a role read or
// write are then every row of the table, which only a suite that tests the
// role seeing nothing, or refused, beyond what it may notices. Dropping the
// policy (the policy operator) is the other side: it needs a positive
// control.
func loosenMutants(sql string, toks []token) []found {
	name, table, ok := policyOn(sql, toks)
	if !ok {
		return nil
	}
	var out []found
	for i := 0; i+1 < len(toks); i++ {
		clause := ""
		switch {
		case toks[i].isWord("using") && toks[i+1].is("("):
			clause = "using"
		case toks[i].isWord("with") && i+2 < len(toks) && toks[i+1].isWord("check") && toks[i+2].is("("):
			clause = "with check"
		default:
			continue
		}
		// the expression must not already be true
		open := i + 1
		if clause == "with check" {
			open = i + 2
		}
		if open+2 < len(toks) && toks[open+1].isWord("true") && toks[open+2].is(")") {
			continue
		}
		change := fmt.Sprintf("alter policy %s on %s %s (true)", name, table, clause)
		out = append(out, found{&Mutant{Op: Loosen, Change: change, SQL: change,
			Object: strings.Trim(unqualified(table), `"`), Target: unquoteName(table)}, toks[i].Start})
	}
	return out
}

// objectKinds are the object types a grant of select or execute may name;
// `all ... in schema`, schemas, types and the like are not mutated.
var objectKinds = map[string]bool{"function": true, "table": true, "procedure": true, "routine": true}

// grantMutants revokes each select or execute privilege of a grant, object
// by object and client role by client role.
func grantMutants(sql string, toks []token, clientRoles map[string]bool) []found {
	// grant <privileges> on [kind] <objects> to <roles> [with grant option]
	on, to := -1, -1
	depth := 0
	for i, t := range toks {
		switch {
		case t.is("("):
			depth++
		case t.is(")"):
			depth--
		case depth == 0 && t.isWord("on") && on < 0:
			on = i
		case depth == 0 && t.isWord("to") && on >= 0 && to < 0:
			to = i
		}
	}
	if on < 0 || to < 0 || on+1 >= to {
		return nil
	}
	var privs []string
	for _, p := range splitTop(sql, toks[1:on]) {
		first := strings.ToLower(strings.Fields(p)[0])
		if first == "select" || first == "execute" || strings.HasPrefix(first, "select(") {
			privs = append(privs, p)
		}
	}
	if len(privs) == 0 {
		return nil
	}
	objToks := toks[on+1 : to]
	kind := ""
	if objToks[0].Kind == word && (objToks[0].Lower == "all" || objToks[0].Lower == "schema" || objToks[0].Lower == "sequence" ||
		objToks[0].Lower == "database" || objToks[0].Lower == "type" || objToks[0].Lower == "domain" ||
		objToks[0].Lower == "language" || objToks[0].Lower == "foreign" || objToks[0].Lower == "large" ||
		objToks[0].Lower == "tablespace" || objToks[0].Lower == "parameter") {
		return nil
	}
	if objToks[0].Kind == word && objectKinds[objToks[0].Lower] && len(objToks) > 1 && !objToks[1].is(".") {
		kind = objToks[0].Lower + " "
		objToks = objToks[1:]
	}
	var roleToks []token
	for _, t := range toks[to+1:] {
		if t.isWord("with") || t.isWord("granted") {
			break
		}
		roleToks = append(roleToks, t)
	}
	var out []found
	for _, obj := range splitTopTokens(objToks) {
		objText := sql[obj[0].Start:obj[len(obj)-1].End]
		name := objText
		if j := strings.IndexByte(name, '('); j >= 0 {
			name = name[:j]
		}
		name = strings.Trim(strings.TrimSpace(unqualified(name)), `"`)
		target, _, isFunc := strings.Cut(objText, "(")
		isFunc = isFunc || kind == "function " || kind == "procedure " || kind == "routine "
		for _, role := range splitTop(sql, roleToks) {
			r := strings.ToLower(strings.TrimSpace(role))
			if !clientRoles[r] {
				continue
			}
			for _, p := range privs {
				revoke := fmt.Sprintf("revoke %s on %s%s from %s", p, kind, objText, role)
				out = append(out, found{&Mutant{Op: Grant, Change: revoke, SQL: revoke, Object: name, Role: r,
					Target: unquoteName(target), Function: isFunc}, obj[0].Start})
			}
		}
	}
	return out
}

// unquoteName lowercases a qualified name and drops its double quotes.
func unquoteName(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), `"`, ""))
}

// splitTop splits the text of toks at top-level commas.
func splitTop(sql string, toks []token) []string {
	var out []string
	for _, part := range splitTopTokens(toks) {
		out = append(out, sql[part[0].Start:part[len(part)-1].End])
	}
	return out
}

func splitTopTokens(toks []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case t.is("("):
			depth++
		case t.is(")"):
			depth--
		case t.is(",") && depth == 0:
			if i > start {
				out = append(out, toks[start:i])
			}
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// suiteDir is the tests folder of an application.
func suiteDir(app string) string { return path.Join("tests", app) }
