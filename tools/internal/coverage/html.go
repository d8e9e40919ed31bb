package coverage

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"thick/tools/internal/project"
)

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>thick coverage</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; }
td, th { padding: 2px 12px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.fn td { color: #555; font-size: 90%; }
</style></head><body>
<h1>{{.Summary}}</h1>
<table>
<tr><th>file / function</th><th>statements</th><th>covered</th></tr>
{{range .Files}}<tr><td><a href="{{.Page}}">{{.Path}}</a></td><td class="n">{{.Covered}}/{{.Total}}</td><td class="n">{{.Percent}}</td></tr>
{{range .Functions}}<tr class="fn"><td>&nbsp;&nbsp;{{.Proc}}</td><td class="n">{{.Covered}}/{{.Total}}</td><td class="n">{{.Percent}}</td></tr>
{{end}}{{end}}</table>
</body></html>
`))

var fileTmpl = template.Must(template.New("file").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Path}}</title>
<style>
body { font-family: sans-serif; margin: 2em; }
pre { font-family: monospace; margin: 0; }
table { border-collapse: collapse; }
td { padding: 0 8px; vertical-align: top; }
td.n, td.c { text-align: right; color: #888; font-family: monospace; }
tr.hit td.src { background: #d8f5d8; }
tr.miss td.src { background: #f8d0d0; }
</style></head><body>
<p><a href="index.html">index</a></p>
<h1>{{.Path}}: {{.Covered}} of {{.Total}} statements, {{.Percent}}</h1>
<table>
{{range .Lines}}<tr class="{{.Class}}"><td class="n">{{.N}}</td><td class="c">{{.Count}}</td><td class="src"><pre>{{.Text}}</pre></td></tr>
{{end}}</table>
</body></html>
`))

type htmlFn struct {
	Proc           string
	Covered, Total int
	Percent        string
}

type htmlFile struct {
	Path, Page     string
	Covered, Total int
	Percent        string
	Functions      []htmlFn
}

type htmlLine struct {
	N     int
	Count string
	Class string
	Text  string
}

// WriteHTML writes dir/index.html (files and functions with their figures)
// and one page per SQL file with its lines: green where a statement starting
// on the line ran, red where none did, with the number of executions.
func WriteHTML(dir string, r *Result, p *project.Project) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("coverage html: %w", err)
	}
	pct := func(c, t int) string { return fmt.Sprintf("%.1f %%", Percent(c, t)) }
	var files []htmlFile
	for _, f := range r.Files {
		page := strings.NewReplacer("/", "_", ".", "_").Replace(f.Path) + ".html"
		hf := htmlFile{Path: f.Path, Page: page, Covered: f.Covered, Total: f.Total, Percent: pct(f.Covered, f.Total)}
		for _, fn := range f.Functions {
			hf.Functions = append(hf.Functions, htmlFn{Proc: fn.Proc, Covered: fn.Covered, Total: fn.Total, Percent: pct(fn.Covered, fn.Total)})
		}
		files = append(files, hf)
		if err := writeFilePage(filepath.Join(dir, page), f, r, p, pct(f.Covered, f.Total)); err != nil {
			return err
		}
	}
	out, err := os.Create(filepath.Join(dir, "index.html"))
	if err != nil {
		return fmt.Errorf("coverage html: %w", err)
	}
	defer out.Close()
	if err := indexTmpl.Execute(out, map[string]any{"Summary": Summary(r), "Files": files}); err != nil {
		return fmt.Errorf("coverage html: %w", err)
	}
	return out.Close()
}

func writeFilePage(path string, f FileResult, r *Result, p *project.Project, percent string) error {
	src := ""
	if pf := p.File(f.Path); pf != nil {
		src = pf.Content
	}
	type mark struct {
		stmts int
		exec  int64
		hit   bool
	}
	marks := map[int]*mark{}
	for _, l := range r.Lines {
		if l.Path != f.Path {
			continue
		}
		m := marks[l.Line]
		if m == nil {
			m = &mark{}
			marks[l.Line] = m
		}
		m.stmts++
		m.exec += l.Exec
		if l.Exec > 0 {
			m.hit = true
		}
	}
	var lines []htmlLine
	for i, text := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
		hl := htmlLine{N: i + 1, Text: text}
		if m := marks[i+1]; m != nil {
			hl.Count = fmt.Sprintf("%d×", m.exec)
			hl.Class = "miss"
			if m.hit {
				hl.Class = "hit"
			}
		}
		lines = append(lines, hl)
	}
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("coverage html: %w", err)
	}
	defer out.Close()
	if err := fileTmpl.Execute(out, map[string]any{"Path": f.Path, "Covered": f.Covered, "Total": f.Total, "Percent": percent, "Lines": lines}); err != nil {
		return fmt.Errorf("coverage html: %w", err)
	}
	return out.Close()
}
