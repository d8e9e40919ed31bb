// Command mailer sends the e-mails of the mailer queue's jobs over SMTP.
// Configuration: DATABASE_URL, SMTP_URL, MAIL_FROM and the WORKER_*
// variables (see README, "Running the workers").
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"thick/tools/internal/mailer"
	"thick/tools/internal/worker"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := worker.Command(ctx, "mailer", os.Getenv, os.Stderr, func(getenv func(string) string, w *worker.Worker) error {
		cfg, err := mailer.ConfigFromEnv(getenv)
		if err != nil {
			return err
		}
		m, err := mailer.New(cfg)
		if err != nil {
			return err
		}
		m.Register(w)
		return nil
	})
	stop()
	os.Exit(code)
}
