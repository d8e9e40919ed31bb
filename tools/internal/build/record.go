package build

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/marker"
	"thick/tools/internal/project"
)

// RunFiles runs files (in the order given, which must be build order) in
// tx, which must run on a connection whose search_path is already set, and
// returns each folder's share. With record, the object map must have been
// started (marker.StartRecording): every file's commands are attributed to
// it, the recording is stopped at the end and the files' checksums are
// stored. An error in a file is a *SQLError mapped to its line.
func RunFiles(ctx context.Context, tx pgx.Tx, p *project.Project, files []*project.File, record bool) ([]FolderResult, error) {
	out, _, err := runFiles(ctx, tx, p, files, record, nil)
	return out, err
}

// runFiles is RunFiles, with the notices of the files going to sink.
func runFiles(ctx context.Context, tx pgx.Tx, p *project.Project, files []*project.File, record bool, sink *noticeSink) ([]FolderResult, []FileTime, error) {
	var out []FolderResult
	var slow []FileTime
	pgc := tx.Conn().PgConn()
	prev, prevCron := "", false
	var sums []marker.FileSum
	var f0 time.Time
	for i, f := range files {
		if i == 0 || files[i-1].Folder != f.Folder {
			if i > 0 {
				out[len(out)-1].Duration = time.Since(f0)
			}
			out = append(out, FolderResult{Folder: f.Folder})
			f0 = time.Now()
		}
		out[len(out)-1].Files++
		if record {
			sums = append(sums, marker.FileSum{Path: f.Path, Folder: f.Folder, SHA256: marker.FileChecksum(f.Path, f.Content)})
		}
		if len(f.Statements()) == 0 {
			continue // only comments: nothing to send
		}
		if record {
			if err := marker.NextFile(ctx, tx, prev, f.Path, prevCron); err != nil {
				return nil, nil, err
			}
			prev, prevCron = f.Path, mayScheduleJobs(f.Content)
		}
		t := time.Now()
		completed, err := execTracked(ctx, pgc, f, sink)
		if err != nil {
			return nil, nil, MapErrorAt(p, f.Path, f.Content, err, completed)
		}
		if d := time.Since(t); d > SlowFile {
			slow = append(slow, FileTime{Path: f.Path, Duration: d})
		}
	}
	if len(out) > 0 {
		out[len(out)-1].Duration = time.Since(f0)
	}
	if record {
		if err := marker.StopRecording(ctx, tx, prev, prevCron); err != nil {
			return nil, nil, err
		}
		if err := marker.RecordFiles(ctx, tx, sums); err != nil {
			return nil, nil, err
		}
	}
	return out, slow, nil
}

// mayScheduleJobs tells whether a file may add pg_cron jobs: it names cron
// or a schedule (core.schedule, cron.schedule, a helper that schedules).
func mayScheduleJobs(content string) bool {
	c := strings.ToLower(content)
	return strings.Contains(c, "cron") || strings.Contains(c, "schedule")
}
