package worker

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// DefaultHTTPAddr is each worker's default WORKER_HTTP_ADDR, so that the
// three run side by side on one machine.
var DefaultHTTPAddr = map[string]string{
	"mailer": "127.0.0.1:9101",
	"pdfgen": "127.0.0.1:9102",
	"sms":    "127.0.0.1:9103",
}

// Setup registers a worker's handlers, reading its own variables through
// getenv; an error is a configuration error (exit 2).
type Setup func(getenv func(string) string, w *Worker) error

// Command is a worker's main: configuration from the environment (see
// ConfigFromEnv), the HTTP endpoint, then Run until ctx is cancelled
// (SIGTERM). It returns the exit code: 0 after a clean shutdown, 2 for a
// configuration error, 1 otherwise.
func Command(ctx context.Context, queue string, getenv func(string) string, stderr io.Writer, setup Setup) int {
	logger, err := LoggerFromEnv(getenv, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", queue, err)
		return 2
	}
	cfg, err := ConfigFromEnv(queue, getenv)
	if err != nil {
		logger.Error("configuration", "err", err)
		return 2
	}
	cfg.Logger = logger
	w, err := New(ctx, cfg)
	if err != nil {
		logger.Error("configuration", "err", err)
		return 2
	}
	defer w.Close()
	if err := setup(getenv, w); err != nil {
		logger.Error("configuration", "err", err)
		return 2
	}
	addr := getenv("WORKER_HTTP_ADDR")
	if addr == "" {
		addr = DefaultHTTPAddr[queue]
	}
	httpCtx, stopHTTP := context.WithCancel(context.WithoutCancel(ctx))
	defer stopHTTP()
	bound, errc, err := Serve(httpCtx, addr, HTTPHandler(w.Metrics(), w.Ping))
	if err != nil {
		logger.Error("http endpoint", "err", err)
		return 1
	}
	logger.Info("serving /metrics and /healthz", "addr", bound)
	go func() {
		if err := <-errc; err != nil && httpCtx.Err() == nil {
			logger.Error("http endpoint stopped", "err", err)
		}
	}()
	if err := w.Run(ctx); err != nil {
		logger.Error("worker", "err", err)
		return 1
	}
	return 0
}

// ConfigFromEnv reads DATABASE_URL (required) and the optional
// WORKER_NAME, WORKER_CONCURRENCY, WORKER_LEASE, WORKER_POLL_INTERVAL and
// WORKER_SHUTDOWN_TIMEOUT (durations as Go writes them: 30s, 5m).
func ConfigFromEnv(queue string, getenv func(string) string) (Config, error) {
	cfg := Config{Queue: queue, DatabaseURL: getenv("DATABASE_URL"), Name: getenv("WORKER_NAME")}
	if cfg.DatabaseURL == "" {
		return cfg, fmt.Errorf("DATABASE_URL is not set (a login role that is a member of worker)")
	}
	var err error
	if cfg.Concurrency, err = intEnv(getenv, "WORKER_CONCURRENCY"); err != nil {
		return cfg, err
	}
	for _, d := range []struct {
		name string
		to   *time.Duration
	}{
		{"WORKER_LEASE", &cfg.Lease},
		{"WORKER_POLL_INTERVAL", &cfg.PollInterval},
		{"WORKER_SHUTDOWN_TIMEOUT", &cfg.ShutdownTimeout},
	} {
		if v := getenv(d.name); v != "" {
			t, err := time.ParseDuration(v)
			if err != nil || t <= 0 {
				return cfg, fmt.Errorf("%s=%q: want a positive duration such as 30s", d.name, v)
			}
			*d.to = t
		}
	}
	return cfg, nil
}

func intEnv(getenv func(string) string, name string) (int, error) {
	v := getenv(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return 0, fmt.Errorf("%s=%q: want a number from 1 to 1000", name, v)
	}
	return n, nil
}

// LoggerFromEnv builds the slog logger: WORKER_LOG_FORMAT text (default) or
// json, WORKER_LOG_LEVEL debug, info (default), warn or error.
func LoggerFromEnv(getenv func(string) string, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if v := getenv("WORKER_LOG_LEVEL"); v != "" {
		if err := level.UnmarshalText([]byte(v)); err != nil {
			return nil, fmt.Errorf("WORKER_LOG_LEVEL=%q: want debug, info, warn or error", v)
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f := strings.ToLower(getenv("WORKER_LOG_FORMAT")); f {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("WORKER_LOG_FORMAT=%q: want text or json", f)
	}
}
