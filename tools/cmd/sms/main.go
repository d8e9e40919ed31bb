// Command sms posts the text messages of the sms queue's jobs to a
// Twilio-style gateway. Configuration: DATABASE_URL, SMS_GATEWAY_URL,
// SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM and the WORKER_* variables (see
// README, "Running the workers").
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"thick/tools/internal/sms"
	"thick/tools/internal/worker"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := worker.Command(ctx, "sms", os.Getenv, os.Stderr, func(getenv func(string) string, w *worker.Worker) error {
		cfg, err := sms.ConfigFromEnv(getenv)
		if err != nil {
			return err
		}
		s, err := sms.New(cfg)
		if err != nil {
			return err
		}
		s.Register(w)
		return nil
	})
	stop()
	os.Exit(code)
}
