package catalog

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// Change says how an object of a live database differs from the reference.
type Change string

const (
	// Missing: in the reference (the fresh build of the files), not in the database.
	Missing Change = "missing"
	// Extra: in the database, not in the reference.
	Extra Change = "extra"
	// Changed: in both, defined differently.
	Changed Change = "changed"
)

// Difference is one object that differs.
type Difference struct {
	Key
	Change Change
	// Want is the reference's definition ("" when Extra), Got the
	// database's ("" when Missing).
	Want, Got string
	// Files define the object: the reference's files, else the database's.
	Files []string
}

// DiffOptions tune Diff.
type DiffOptions struct {
	// IgnoreWhitespace compares definitions with runs of white space
	// collapsed and lines trimmed (function bodies are stored verbatim).
	IgnoreWhitespace bool
}

// Diff compares got (a live database) with want (a fresh build of the
// files) and returns the differences in key order.
func Diff(want, got *Catalog, opts DiffOptions) []Difference {
	var out []Difference
	keys := map[Key]bool{}
	for k := range want.Objects {
		keys[k] = true
	}
	for k := range got.Objects {
		keys[k] = true
	}
	all := &Catalog{Objects: map[Key]*Object{}}
	for k := range keys {
		all.Objects[k] = nil
	}
	for _, k := range all.Keys() {
		w, g := want.Objects[k], got.Objects[k]
		d := Difference{Key: k}
		switch {
		case g == nil:
			d.Change, d.Want, d.Files = Missing, w.Def, w.Files
		case w == nil:
			d.Change, d.Got, d.Files = Extra, g.Def, g.Files
		default:
			if normalize(w.Def, opts) == normalize(g.Def, opts) {
				continue
			}
			d.Change, d.Want, d.Got, d.Files = Changed, w.Def, g.Def, w.Files
			if len(d.Files) == 0 {
				d.Files = g.Files
			}
		}
		out = append(out, d)
	}
	return out
}

var spaces = regexp.MustCompile(`[ \t\r\n]+`)

func normalize(s string, opts DiffOptions) string {
	if !opts.IgnoreWhitespace {
		return s
	}
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// Print writes each difference: a header line naming the object, the change
// and the files behind it, then the definition (missing, extra) or a unified
// diff from the reference to the database (changed).
func Print(w io.Writer, diffs []Difference) {
	for _, d := range diffs {
		files := "no file of the build"
		if len(d.Files) > 0 {
			files = strings.Join(d.Files, ", ")
		}
		fmt.Fprintf(w, "%s %s (%s)  [%s]\n", d.Change, d.Key, d.Key.Path(), files)
		switch d.Change {
		case Missing:
			writePrefixed(w, "- ", d.Want)
		case Extra:
			writePrefixed(w, "+ ", d.Got)
		default:
			fmt.Fprintf(w, "--- files/%s\n+++ database/%s\n", d.Key.Path(), d.Key.Path())
			fmt.Fprint(w, Unified(d.Want, d.Got, 2))
			if d.Kind == "table" && ColumnOrderOnly(d.Want, d.Got) {
				fmt.Fprintln(w, "note: the same columns in another order. A column a migration adds (alter table ... add column) "+
					"comes last in the table; write it last in the table's create table too (a row type, select * and "+
					"insert without a column list depend on the order), or rebuild the table in the migration.")
			}
		}
		fmt.Fprintln(w)
	}
}

func writePrefixed(w io.Writer, prefix, s string) {
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		fmt.Fprintf(w, "%s%s\n", prefix, l)
	}
}

// Unified returns a unified diff (hunks only, no file header) of a and b
// with ctx lines of context.
func Unified(a, b string, ctx int) string {
	al := strings.Split(strings.TrimSuffix(a, "\n"), "\n")
	bl := strings.Split(strings.TrimSuffix(b, "\n"), "\n")
	ops := lcsOps(al, bl)
	var sb strings.Builder
	// Group the operations into hunks around the changes.
	n := len(ops)
	i := 0
	for i < n {
		for i < n && ops[i].kind == ' ' {
			i++
		}
		if i >= n {
			break
		}
		start := max(0, i-ctx)
		end := i
		for end < n {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			// a run of context: does another change follow within 2*ctx?
			j := end
			for j < n && ops[j].kind == ' ' {
				j++
			}
			if j < n && j-end <= 2*ctx {
				end = j
				continue
			}
			end = min(n, end+ctx)
			break
		}
		as, bs, ac, bc := ops[start].a, ops[start].b, 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				ac++
			}
			if o.kind != '-' {
				bc++
			}
		}
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", as+1, ac, bs+1, bc)
		for _, o := range ops[start:end] {
			sb.WriteByte(o.kind)
			sb.WriteString(o.line)
			sb.WriteByte('\n')
		}
		i = end
	}
	return sb.String()
}

type op struct {
	kind byte // ' ', '-', '+'
	line string
	a, b int // line indexes in a and b where the op starts
}

func lcsOps(a, b []string) []op {
	n, m := len(a), len(b)
	// lengths of the longest common subsequence of a[i:], b[j:]
	l := make([][]int, n+1)
	for i := range l {
		l[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, op{' ', a[i], i, j})
			i++
			j++
		case i < n && (j == m || l[i+1][j] >= l[i][j+1]):
			ops = append(ops, op{'-', a[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', b[j], i, j})
			j++
		}
	}
	return ops
}

// ColumnOrderOnly reports whether two definitions of a table differ only in
// the order of their columns (the lines of the create table statement).
func ColumnOrderOnly(want, got string) bool {
	wc, wrest, ok1 := splitColumns(want)
	gc, grest, ok2 := splitColumns(got)
	if !ok1 || !ok2 || wrest != grest || slices.Equal(wc, gc) {
		return false
	}
	ws, gs := slices.Clone(wc), slices.Clone(gc)
	slices.Sort(ws)
	slices.Sort(gs)
	return slices.Equal(ws, gs)
}

// splitColumns returns the column lines of a table definition's create
// table statement (without their commas) and the rest of the definition.
func splitColumns(def string) (cols []string, rest string, ok bool) {
	lines := strings.Split(def, "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "create ") || !strings.HasSuffix(lines[0], "(") {
		return nil, "", false
	}
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], ")") {
			return cols, lines[0] + "\n" + strings.Join(lines[i:], "\n"), true
		}
		cols = append(cols, strings.TrimSuffix(lines[i], ","))
	}
	return nil, "", false
}
