// Package pdfgen is the pdfgen worker's handler: it renders the job's
// document (package pdf) and stores it with core.store_document under the
// job's lease and current claim. The store is idempotent per job, so a job
// run again after a crash stores nothing twice.
package pdfgen

import (
	"context"
	"fmt"

	"thick/tools/internal/db"
	"thick/tools/internal/payload"
	"thick/tools/internal/pdf"
	"thick/tools/internal/worker"
)

// Handler renders and stores documents through db.
type Handler struct {
	DB db.DBTX
}

// Register adds a handler per document template to w.
func (h Handler) Register(w *worker.Worker) {
	for kind := range pdf.Templates {
		w.Handle(kind, h.Handle)
	}
}

// Handle renders job's document and stores it.
func (h Handler) Handle(ctx context.Context, job worker.Job) error {
	p, err := payload.Parse(job.Payload)
	if err != nil {
		return worker.Permanent(err)
	}
	fileName := p.Str("file_name")
	if err := p.Err(); err != nil {
		return worker.Permanent(fmt.Errorf("%s: %w", job.Kind, err))
	}
	content, err := pdf.Render(job.Kind, job.Payload)
	if err != nil {
		return worker.Permanent(err)
	}
	for {
		// under the job's current claim: a new one when the worker claimed
		// the job again while this handler ran
		claim := job.Claim()
		_, err := db.DocumentsStore(ctx, h.DB, job.ID, job.Worker, claim, fileName, content)
		switch {
		case err == nil:
			return nil
		case db.IsSQLState(err, "PT409") && job.Reclaimed(claim):
			continue
		case db.IsSQLState(err, "22023") || db.IsSQLState(err, "PT404"):
			return worker.Permanent(err) // the job names no subject: no retry helps
		default:
			return err // PT409: the lease is gone; anything else: retried
		}
	}
}
