// Package project loads the SQL files of the thick database: the numbered
// folders 0_tables..8_seed, in build order.
package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"thick/tools/internal/sqlsplit"
)

// Folders are the build folders, in build order.
var Folders = []string{
	"0_tables",
	"1_junctions",
	"2_views",
	"3_functions",
	"4_triggers",
	"5_matviews",
	"6_security",
	"7_schedule",
	"8_seed",
}

// CodeFolders are the folders whose objects are code: dropped and created
// again by a reload, never migrated.
var CodeFolders = []string{"2_views", "3_functions", "4_triggers", "5_matviews", "6_security", "7_schedule"}

// IsCode reports whether a project path sits in a code folder.
func IsCode(path string) bool {
	top, _, _ := strings.Cut(path, "/")
	return slices.Contains(CodeFolders, top)
}

// File is one SQL file of the project.
type File struct {
	// Path is relative to the project root, with forward slashes
	// ("3_functions/crm/open_position.sql").
	Path string
	// Folder is the build folder holding the file ("3_functions").
	Folder string
	// Content is the file's text.
	Content string

	once  sync.Once
	stmts []sqlsplit.Statement // split once, on first use
}

// Statements returns the file's top-level statements (split once, cached).
func (f *File) Statements() []sqlsplit.Statement {
	f.once.Do(func() { f.stmts = sqlsplit.Split(f.Content) })
	return f.stmts
}

// Project is the set of SQL files under a root, in build order.
type Project struct {
	// Root is the directory the files were read from ("" for LoadFS).
	Root string
	// Files are in build order: folder by folder, then by lexical order of
	// the whole relative path.
	Files []*File
}

// Load reads the numbered folders under root. Missing folders are skipped.
func Load(root string) (*Project, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("load project: %w", err)
	}
	p, err := LoadFS(os.DirFS(abs))
	if err != nil {
		return nil, err
	}
	p.Root = abs
	return p, nil
}

// LoadFS reads the numbered folders of fsys. Missing folders are skipped.
// The files are read eight at a time (a watch loads the project on every
// save: one at a time, the tree's 500 files took 13 ms here, most of it
// waiting on the system's calls).
func LoadFS(fsys fs.FS) (*Project, error) {
	p := &Project{}
	for _, folder := range Folders {
		var paths []string
		err := fs.WalkDir(fsys, folder, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				if name == folder && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if !d.IsDir() && strings.HasSuffix(name, ".sql") {
				paths = append(paths, name)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load project: %w", err)
		}
		sort.Strings(paths)
		for _, name := range paths {
			p.Files = append(p.Files, &File{Path: name, Folder: folder})
		}
	}
	errs := make([]error, len(p.Files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(8, len(p.Files)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(p.Files); i = int(next.Add(1)) - 1 {
				b, err := fs.ReadFile(fsys, p.Files[i].Path)
				p.Files[i].Content, errs[i] = StripBOM(string(b)), err
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("load project: %w", err)
		}
	}
	return p, nil
}

// File returns the file with the given relative path, or nil.
func (p *Project) File(rel string) *File {
	rel = path.Clean(filepath.ToSlash(rel))
	for _, f := range p.Files {
		if f.Path == rel {
			return f
		}
	}
	return nil
}

// FolderFiles returns the files of one build folder, in build order.
func (p *Project) FolderFiles(folder string) []*File {
	var out []*File
	for _, f := range p.Files {
		if f.Folder == folder {
			out = append(out, f)
		}
	}
	return out
}

var createSchema = regexp.MustCompile(`(?is)^create\s+schema\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[\pL_][\pL\pN_$]*)`)

// Schemas returns the schemas the files create (`create schema [if not
// exists] name`), in order of first appearance. These are the schemas a
// rebuild drops first.
func (p *Project) Schemas() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range p.Files {
		for _, s := range f.Statements() {
			m := createSchema.FindStringSubmatch(s.SQL)
			if m == nil {
				continue
			}
			name := m[1]
			if strings.HasPrefix(name, `"`) {
				name = strings.ReplaceAll(name[1:len(name)-1], `""`, `"`)
			} else {
				name = strings.ToLower(name)
			}
			if name == "authorization" || seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// Problem is one reason a file cannot be built.
type Problem struct {
	Path    string
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message) }

// PreflightError lists every file that cannot run inside the build's
// transaction.
type PreflightError struct {
	Problems []Problem
}

func (e *PreflightError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Preflight checks, without a database, that every file is plain SQL that
// can run inside one transaction: no psql meta-commands, no transaction
// control, nothing that refuses to run in a transaction block. It returns a
// *PreflightError listing every problem, or nil.
func (p *Project) Preflight() error {
	var probs []Problem
	for _, f := range p.Files {
		probs = append(probs, CheckFile(f.Path, f.Content)...)
	}
	if len(probs) == 0 {
		return nil
	}
	return &PreflightError{Problems: probs}
}

// CheckFile returns the preflight problems of one file's content.
func CheckFile(rel, src string) []Problem {
	probs, cleaned := metaCommands(rel, src)
	for _, s := range sqlsplit.Split(cleaned) {
		if msg := refused(sqlsplit.Words(s.SQL, 6)); msg != "" {
			probs = append(probs, Problem{Path: rel, Line: s.Line, Message: msg})
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return probs
}

// Meta is a psql meta-command: a line starting with a backslash outside
// literals, quoted identifiers and comments.
type Meta struct {
	Line       int    // 1-based
	Start, End int    // byte offsets of the command (backslash to end of line)
	Name       string // the command with its backslash: `\set`
	Args       []string
}

// MetaCommands lists the psql meta-commands of src.
func MetaCommands(src string) []Meta {
	if !strings.Contains(src, `\`) {
		return nil
	}
	spans := sqlsplit.Spans(src)
	var out []Meta
	line, start := 1, 0
	for start <= len(src) {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		text := strings.TrimLeft(src[start:end], " \t\r")
		if at := end - len(text); strings.HasPrefix(text, `\`) && !inSpan(spans, at) {
			f := strings.Fields(strings.TrimRight(text, "\r"))
			out = append(out, Meta{Line: line, Start: at, End: end, Name: f[0], Args: f[1:]})
		}
		line++
		start = end + 1
	}
	return out
}

// Blank returns src with the given meta-commands replaced by spaces
// (offsets and lines kept), so that the statements around them split as
// psql would split them.
func Blank(src string, metas []Meta) string {
	if len(metas) == 0 {
		return src
	}
	b := []byte(src)
	for _, m := range metas {
		for i := m.Start; i < m.End; i++ {
			if b[i] != '\r' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// metaCommands reports every psql meta-command of a build file as a problem
// and returns src with them blanked out.
func metaCommands(rel, src string) ([]Problem, string) {
	metas := MetaCommands(src)
	var probs []Problem
	for _, m := range metas {
		probs = append(probs, Problem{Path: rel, Line: m.Line,
			Message: fmt.Sprintf("psql meta-command %s is not SQL; files must be plain SQL", m.Name)})
	}
	return probs, Blank(src, metas)
}

func inSpan(spans []sqlsplit.Span, off int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].End > off })
	return i < len(spans) && spans[i].Start <= off
}

// refused returns why a statement starting with words w cannot be part of
// the build, or "".
func refused(w []string) string {
	at := func(i int) string {
		if i < len(w) {
			return w[i]
		}
		return ""
	}
	const ctl = "the build runs in one transaction; remove the transaction control"
	const notx = "cannot run inside a transaction block"
	switch at(0) {
	case "begin", "start", "commit", "rollback", "end", "abort":
		if at(0) == "start" && at(1) != "transaction" {
			return ""
		}
		return fmt.Sprintf("%q: %s", strings.Join(w[:min(len(w), 2)], " "), ctl)
	case "prepare":
		if at(1) == "transaction" {
			return `"prepare transaction": ` + ctl
		}
	case "create":
		switch {
		case at(1) == "index" && at(2) == "concurrently",
			at(1) == "unique" && at(2) == "index" && at(3) == "concurrently":
			return `"create index concurrently" ` + notx + "; use plain create index"
		case at(1) == "database", at(1) == "tablespace":
			return fmt.Sprintf(`"create %s" %s`, at(1), notx)
		}
	case "drop":
		switch {
		case at(1) == "index" && at(2) == "concurrently":
			return `"drop index concurrently" ` + notx + "; use plain drop index"
		case at(1) == "database", at(1) == "tablespace":
			return fmt.Sprintf(`"drop %s" %s`, at(1), notx)
		}
	case "reindex":
		for _, x := range w[1:] {
			if x == "concurrently" {
				return `"reindex concurrently" ` + notx
			}
		}
		if at(1) == "database" || at(1) == "system" {
			return fmt.Sprintf(`"reindex %s" %s`, at(1), notx)
		}
	case "vacuum":
		return `"vacuum" ` + notx
	case "alter":
		if at(1) == "system" {
			return `"alter system" ` + notx
		}
	case "discard":
		if at(1) == "all" {
			return `"discard all" ` + notx
		}
	}
	return ""
}

// BOM is the UTF-8 byte order mark some editors write at the start of a file.
const BOM = "\uFEFF"

// StripBOM returns src without a leading UTF-8 byte order mark, which psql
// skips too. Offsets in the rest of the file keep their meaning: the mark is
// not a column a reader counts.
func StripBOM(src string) string { return strings.TrimPrefix(src, BOM) }

// FindRoot returns dir made absolute or, when dir is "", the nearest
// ancestor of the working directory holding a build folder or go.mod (the
// working directory itself when none does).
func FindRoot(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, marker := range append([]string{"go.mod"}, Folders...) {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			return wd, nil
		}
	}
}
