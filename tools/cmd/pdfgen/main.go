// Command pdfgen renders the documents of the pdfgen queue's jobs and stores
// them in the database (core.documents). Configuration: DATABASE_URL and the
// WORKER_* variables (see README, "Running the workers").
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"thick/tools/internal/pdfgen"
	"thick/tools/internal/worker"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := worker.Command(ctx, "pdfgen", os.Getenv, os.Stderr, func(_ func(string) string, w *worker.Worker) error {
		pdfgen.Handler{DB: w.Pool()}.Register(w)
		return nil
	})
	stop()
	os.Exit(code)
}
