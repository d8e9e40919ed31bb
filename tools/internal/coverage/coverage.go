// Package coverage measures which statements of the project's PL/pgSQL
// functions the suites executed, from plpgsql_check's profiler: the server
// runs with plpgsql_check preloaded and plpgsql_check.profiler on, each
// database the suites ran in is read before it is dropped, and the counts
// are summed per statement and mapped to the lines of the SQL files.
package coverage

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/fatih/color"
	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/project"
)

// Schema holds plpgsql_check in the databases read.
const Schema = "thick_coverage"

// Preload and Settings are what a server needs for Collect to see the
// statements every session executed.
var (
	Preload  = "plpgsql_check"
	Settings = map[string]string{"plpgsql_check.profiler": "on"}
)

// Statement is one PL/pgSQL statement and how often it ran.
type Statement struct {
	ID     int
	Lineno int    // PL/pgSQL's line (1 holds the body's opening quote)
	Name   string // IF, assignment, RETURN, statement block, ...
	Exec   int64
}

// Function is the profile of one function.
type Function struct {
	Proc               string // regprocedure
	Schema, Name, Args string
	Statements         []Statement
}

// Profile sums the profiles of several databases, keyed by regprocedure.
type Profile struct {
	fns   map[string]*Function
	order []string
}

// NewProfile returns an empty profile.
func NewProfile() *Profile { return &Profile{fns: map[string]*Function{}} }

// Collect adds what the profiler recorded for every PL/pgSQL function of
// conn's database (those no extension owns). It installs plpgsql_check in
// Schema if needed.
func (pr *Profile) Collect(ctx context.Context, conn *pgx.Conn) error {
	if _, err := conn.Exec(ctx, "create schema if not exists "+Schema+"; create extension if not exists plpgsql_check with schema "+Schema); err != nil {
		return fmt.Errorf("coverage: install plpgsql_check: %w", err)
	}
	rows, err := conn.Query(ctx, `
		select p.oid,
		       p.oid::pg_catalog.regprocedure::text,
		       n.nspname,
		       p.proname,
		       pg_catalog.pg_get_function_identity_arguments(p.oid)
		  from pg_catalog.pg_proc as p
		  join pg_catalog.pg_namespace as n
		    on n.oid = p.pronamespace
		  join pg_catalog.pg_language as l
		    on l.oid = p.prolang
		 where l.lanname = 'plpgsql'
		   and n.nspname not in ('pg_catalog', 'information_schema', $1)
		   and not exists (
		        select
		          from pg_catalog.pg_depend as d
		         where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
		           and d.objid = p.oid
		           and d.deptype = 'e'
		       )
		 order by 2`, Schema)
	if err != nil {
		return fmt.Errorf("coverage: list functions: %w", err)
	}
	type fn struct {
		oid  uint32
		info Function
	}
	var fns []fn
	for rows.Next() {
		var f fn
		if err := rows.Scan(&f.oid, &f.info.Proc, &f.info.Schema, &f.info.Name, &f.info.Args); err != nil {
			return fmt.Errorf("coverage: list functions: %w", err)
		}
		fns = append(fns, f)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("coverage: list functions: %w", err)
	}
	for _, f := range fns {
		rows, err := conn.Query(ctx, `
			select stmtid, coalesce(lineno, 0), coalesce(stmtname, ''), coalesce(exec_stmts, 0)
			  from `+Schema+`.plpgsql_profiler_function_statements_tb($1::pg_catalog.oid::pg_catalog.regprocedure)`, f.oid)
		if err != nil {
			return fmt.Errorf("coverage: %s: %w", f.info.Proc, err)
		}
		var stmts []Statement
		for rows.Next() {
			var s Statement
			if err := rows.Scan(&s.ID, &s.Lineno, &s.Name, &s.Exec); err != nil {
				rows.Close()
				return fmt.Errorf("coverage: %s: %w", f.info.Proc, err)
			}
			stmts = append(stmts, s)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("coverage: %s: %w", f.info.Proc, err)
		}
		pr.add(f.info, stmts)
	}
	return nil
}

func (pr *Profile) add(info Function, stmts []Statement) {
	cur, ok := pr.fns[info.Proc]
	if !ok {
		cp := info
		cp.Statements = append([]Statement(nil), stmts...)
		pr.fns[info.Proc] = &cp
		pr.order = append(pr.order, info.Proc)
		return
	}
	byID := map[int]int{}
	for i, s := range cur.Statements {
		byID[s.ID] = i
	}
	for _, s := range stmts {
		if i, ok := byID[s.ID]; ok {
			cur.Statements[i].Exec += s.Exec
		} else {
			cur.Statements = append(cur.Statements, s)
		}
	}
}

// Line is one statement located in the project.
type Line struct {
	Path string
	Line int
	Name string
	Exec int64
	Proc string
}

// FunctionResult is one function's coverage.
type FunctionResult struct {
	Proc           string
	Path           string
	Line           int // of the definition's body
	Covered, Total int
}

// FileResult is one file's coverage.
type FileResult struct {
	Path           string
	Covered, Total int
	Functions      []FunctionResult
}

// Result is the coverage of the project's functions.
type Result struct {
	Files          []FileResult
	Lines          []Line // every statement, in file and line order
	Covered, Total int
}

// Uncovered returns the statements that never ran.
func (r *Result) Uncovered() []Line {
	var out []Line
	for _, l := range r.Lines {
		if l.Exec == 0 {
			out = append(out, l)
		}
	}
	return out
}

// Map locates the profile in the project's files; functions the project
// does not define (test helpers of tests/setup) are left out.
func (pr *Profile) Map(p *project.Project) *Result {
	res := &Result{}
	files := map[string]*FileResult{}
	for _, proc := range pr.order {
		f := pr.fns[proc]
		path, _, first, _, ok := build.BodyLines(p, f.Schema, f.Name, f.Args)
		if !ok || len(f.Statements) == 0 {
			continue
		}
		fr := FunctionResult{Proc: proc, Path: path, Line: first}
		for _, s := range f.Statements {
			line := first + s.Lineno - 1
			if site, ok := build.LocateInFunction(p, f.Schema, f.Name, f.Args, s.Lineno, "", 0); ok {
				line = lineOf(site.Src, site.Off)
			}
			res.Lines = append(res.Lines, Line{Path: path, Line: line, Name: s.Name, Exec: s.Exec, Proc: proc})
			fr.Total++
			if s.Exec > 0 {
				fr.Covered++
			}
		}
		file := files[path]
		if file == nil {
			file = &FileResult{Path: path}
			files[path] = file
		}
		file.Functions = append(file.Functions, fr)
		file.Covered += fr.Covered
		file.Total += fr.Total
		res.Covered += fr.Covered
		res.Total += fr.Total
	}
	for _, f := range files {
		sort.Slice(f.Functions, func(i, j int) bool { return f.Functions[i].Line < f.Functions[j].Line })
		res.Files = append(res.Files, *f)
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	sort.SliceStable(res.Lines, func(i, j int) bool {
		a, b := res.Lines[i], res.Lines[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	return res
}

func lineOf(src string, off int) int { return strings.Count(src[:off], "\n") + 1 }

// Percent is covered/total as a percentage (100 for nothing to cover).
func Percent(covered, total int) float64 {
	if total == 0 {
		return 100
	}
	return 100 * float64(covered) / float64(total)
}

// Print writes per file and per function the covered statements, the
// uncovered ones as path:line, and the summary line.
func Print(w io.Writer, r *Result, useColor bool) {
	dim := color.New(color.Faint)
	miss := color.New(color.FgRed)
	for _, c := range []*color.Color{dim, miss} {
		if useColor {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	fmt.Fprintln(w, "coverage by file and function (statements executed by the suites):")
	for _, f := range r.Files {
		fmt.Fprintf(w, "  %-60s %4d/%-4d %5.1f %%\n", f.Path, f.Covered, f.Total, Percent(f.Covered, f.Total))
		for _, fn := range f.Functions {
			fmt.Fprintln(w, dim.Sprintf("    %-58s %4d/%-4d %5.1f %%", fn.Proc, fn.Covered, fn.Total, Percent(fn.Covered, fn.Total)))
		}
	}
	if un := r.Uncovered(); len(un) > 0 {
		fmt.Fprintf(w, "statements never executed (%d):\n", len(un))
		for _, l := range un {
			fmt.Fprintf(w, "  %s  %s\n", miss.Sprintf("%s:%d", l.Path, l.Line), dim.Sprintf("%s in %s", strings.ToLower(l.Name), l.Proc))
		}
	}
	fmt.Fprintln(w, Summary(r))
}

// Summary is the one line a reader (or CI) takes the figure from.
func Summary(r *Result) string {
	return fmt.Sprintf("coverage: %d of %d statements, %.1f %%", r.Covered, r.Total, Percent(r.Covered, r.Total))
}
