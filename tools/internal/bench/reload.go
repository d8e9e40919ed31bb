package bench

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/build"
	"thick/tools/internal/codeobj"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/project"
)

// ReloadTarget is the time a saved function may take to be ready.
const ReloadTarget = 500 * time.Millisecond

// runReload measures the development loop's in-place code reload on the
// project's own tree against the full rebuild of the same folders (without
// the seed, which would only make the rebuild look worse), samples
// interleaved: each sample saves a function file (a new comment in it), then
// times the decision and the reload, then a full rebuild.
func runReload(ctx context.Context, root string, runs int, out, log io.Writer) error {
	all, err := project.Load(root)
	if err != nil {
		return err
	}
	src := &project.Project{Root: all.Root}
	for _, f := range all.Files {
		if f.Folder != "8_seed" {
			src.Files = append(src.Files, f)
		}
	}
	// The function file to "save": the first file of 3_functions.
	i := slices.IndexFunc(src.Files, func(f *project.File) bool { return f.Folder == "3_functions" })
	if i < 0 {
		return fmt.Errorf("no file in %s/3_functions", root)
	}
	fn := src.Files[i].Path
	fmt.Fprintln(log, "bench: reload: starting a temporary local cluster")
	c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true})
	if err != nil {
		return fmt.Errorf("start local cluster: %w", err)
	}
	defer func() { _ = c.Stop(context.WithoutCancel(ctx)) }()
	const db = "bench_reload"
	if err := c.CreateDatabase(ctx, db); err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, c.URL(db))
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	folders := project.Folders[:len(project.Folders)-1] // without 8_seed
	full := func(p *project.Project) (time.Duration, error) {
		t0 := time.Now()
		_, err := build.Rebuild(ctx, conn, p, build.Options{Folders: folders, Record: true})
		return time.Since(t0), err
	}
	if _, err := full(src); err != nil {
		return fmt.Errorf("first build: %w", err)
	}
	var reloads, rebuilds []time.Duration
	partial := 0
	for n := range max(runs, 1) {
		p := withSaved(src, fn, n)
		t0 := time.Now()
		plan, err := codeobj.Decide(ctx, conn, p)
		if err != nil {
			return err
		}
		if plan.Full {
			return fmt.Errorf("reload: a full rebuild was decided (%s)", plan.Why)
		}
		res, err := codeobj.Reload(ctx, conn, p, false)
		if err != nil {
			return fmt.Errorf("reload: %w", err)
		}
		reloads = append(reloads, time.Since(t0))
		if res.Partial {
			partial++
		}
		d, err := full(p)
		if err != nil {
			return fmt.Errorf("full rebuild: %w", err)
		}
		rebuilds = append(rebuilds, d)
		fmt.Fprintf(log, "bench: reload: sample %d: reload %s, full rebuild %s\n", n+1, fmtD(reloads[n]), fmtD(d))
	}
	r, f := median(reloads), median(rebuilds)
	Print(out, []Row{{
		Measurement: "code reload in place (a function saved, project tree)",
		Thick:       r,
		Reference:   f,
		RefName:     "full rebuild 0_tables..7_schedule",
		Ratio:       float64(f) / float64(r),
		Target:      "< " + fmtD(ReloadTarget),
		Met:         map[bool]string{true: "yes", false: "no"}[r < ReloadTarget],
		Note:        fmt.Sprintf("%d samples, %s saved; %d reloaded alone (the rest: every code file)", len(reloads), fn, partial),
	}})
	return nil
}

// withSaved returns a copy of p whose file path has a new comment line, as
// an editor's save would change it.
func withSaved(p *project.Project, path string, n int) *project.Project {
	out := &project.Project{Root: p.Root}
	for _, f := range p.Files {
		content := f.Content
		if f.Path == path {
			content = strings.TrimRight(content, "\n") + fmt.Sprintf("\n-- saved %d\n", n)
		}
		out.Files = append(out.Files, &project.File{Path: f.Path, Folder: f.Folder, Content: content})
	}
	return out
}
