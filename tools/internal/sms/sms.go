// Package sms is the sms worker's handler: it renders the job's text and
// posts it to a Twilio-style gateway (a form post of To, From and Body to
// <SMS_GATEWAY_URL>/2010-04-01/Accounts/<sid>/Messages.json with HTTP basic
// auth), with an Idempotency-Key header derived from the job's id so that
// the gateway can recognise a message sent again after a crash. A 4xx reply
// fails the job for good (except 408 and 429, which are retried); a 5xx
// reply, a timeout or a connection failure is retried.
package sms

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"thick/tools/internal/payload"
	"thick/tools/internal/secret"
	"thick/tools/internal/worker"
)

// Config is the gateway and the account.
type Config struct {
	GatewayURL string // e.g. https://api.twilio.com
	AccountSID string
	AuthToken  string
	From       string        // the sender number (E.164)
	Timeout    time.Duration // per request (default 10 s)
}

// ConfigFromEnv reads SMS_GATEWAY_URL, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and
// SMS_FROM.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{GatewayURL: getenv("SMS_GATEWAY_URL"), AccountSID: getenv("SMS_ACCOUNT_SID"),
		AuthToken: getenv("SMS_AUTH_TOKEN"), From: getenv("SMS_FROM")}
	var missing []string
	for _, v := range []struct{ name, value string }{
		{"SMS_GATEWAY_URL", c.GatewayURL}, {"SMS_ACCOUNT_SID", c.AccountSID}, {"SMS_AUTH_TOKEN", c.AuthToken}, {"SMS_FROM", c.From},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("%s not set", strings.Join(missing, ", "))
	}
	if u, err := url.Parse(c.GatewayURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("SMS_GATEWAY_URL=%s: want an http(s) URL", secret.URL(c.GatewayURL))
	}
	if !e164.MatchString(c.From) {
		return c, fmt.Errorf("SMS_FROM=%q: want an E.164 number (+15551234567)", c.From)
	}
	return c, nil
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// Sender posts the messages of sms jobs.
type Sender struct {
	cfg      Config
	client   *http.Client
	endpoint string
}

// New checks the configuration.
func New(cfg Config) (*Sender, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	u, err := url.Parse(cfg.GatewayURL)
	if err != nil {
		return nil, fmt.Errorf("gateway URL: %w", err)
	}
	u = u.JoinPath("2010-04-01", "Accounts", cfg.AccountSID, "Messages.json")
	return &Sender{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}, endpoint: u.String()}, nil
}

// Register adds a handler per template to w.
func (s *Sender) Register(w *worker.Worker) {
	for kind := range Templates {
		w.Handle(kind, s.Handle)
	}
}

// IdempotencyKey is the key sent with job's request.
func IdempotencyKey(jobID int64) string { return fmt.Sprintf("thick-sms-job-%d", jobID) }

// Build renders job's recipient and text.
func Build(job worker.Job) (to, body string, err error) {
	tmpl, ok := Templates[job.Kind]
	if !ok {
		return "", "", fmt.Errorf("no sms template for job kind %q", job.Kind)
	}
	p, err := payload.Parse(job.Payload)
	if err != nil {
		return "", "", err
	}
	to = p.Str("to")
	body = tmpl(p)
	if err := p.Err(); err != nil {
		return "", "", fmt.Errorf("%s: %w", job.Kind, err)
	}
	if !e164.MatchString(to) {
		return "", "", fmt.Errorf("%s: recipient %q is not an E.164 number", job.Kind, to)
	}
	return to, body, nil
}

// Handle posts job's message.
func (s *Sender) Handle(ctx context.Context, job worker.Job) error {
	to, body, err := Build(job)
	if err != nil {
		return worker.Permanent(err)
	}
	form := url.Values{"To": {to}, "From": {s.cfg.From}, "Body": {body}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return worker.Permanent(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Idempotency-Key", IdempotencyKey(job.ID))
	req.SetBasicAuth(s.cfg.AccountSID, s.cfg.AuthToken)
	resp, err := s.client.Do(req)
	if err != nil {
		// net/http masks the URL's password but not its query, which may
		// hold a token: the error goes to the logs and core.jobs.last_error.
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = secret.URL(ue.URL)
		}
		return fmt.Errorf("sms gateway: %w", err) // timeouts and connection failures are retried
	}
	defer resp.Body.Close()
	detail, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests:
		return fmt.Errorf("sms gateway: %s: %s", resp.Status, strings.TrimSpace(string(detail)))
	case code >= 400 && code < 500:
		return worker.Permanent(fmt.Errorf("sms gateway: %s: %s", resp.Status, strings.TrimSpace(string(detail))))
	default:
		return fmt.Errorf("sms gateway: %s: %s", resp.Status, strings.TrimSpace(string(detail)))
	}
}
