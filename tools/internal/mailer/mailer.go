// Package mailer is the mailer worker's handler: it renders the job's
// template (plain text and HTML, UTF-8 names and subjects) and sends it over
// SMTP with go-mail (STARTTLS where the server offers it, or implicit TLS
// for smtps://; AUTH when the URL carries credentials; timeouts). The
// Message-ID is derived from the job's id, so a mail sent again after a
// crash is recognisable as the same message. A 4xx reply or a connection
// failure before the server accepted the message is retried by the queue; a
// 5xx reply fails the job for good. Once the server has accepted the
// message (its 2xx reply to the end of DATA), the job is done: a failure of
// the RSET or QUIT that follow, or of the connection's close, is only
// logged as a warning, since sending again would deliver a second copy.
package mailer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"thick/tools/internal/payload"
	"thick/tools/internal/secret"
	"thick/tools/internal/worker"
)

// Config is where and as whom mail is sent.
type Config struct {
	// SMTP is smtp://[user:password@]host[:port] (STARTTLS when offered,
	// port 587 by default) or smtps://... (implicit TLS, port 465).
	SMTP *url.URL
	// From is the sender, "Name <address>" or an address.
	From string
	// Timeout of the connection and of each SMTP command (default 30 s).
	Timeout time.Duration
	// Logger receives the warnings of mails sent whose session then failed;
	// nil for the worker's logger (Register) or none.
	Logger *slog.Logger
	// TLS overrides go-mail's TLS settings (tests' own CA); nil for the
	// system's roots.
	ClientOptions []gomail.Option
}

// ConfigFromEnv reads SMTP_URL and MAIL_FROM.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var c Config
	raw := getenv("SMTP_URL")
	if raw == "" {
		return c, errors.New("SMTP_URL is not set (smtp://user:password@host:port or smtps://...)")
	}
	// The value is shown only through secret.URL: it may hold a password,
	// also when it is malformed ("user:password@host" parses as the scheme
	// "user").
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return c, fmt.Errorf("SMTP_URL: want smtp://user:password@host:port or smtps://..., got %s", secret.URL(raw))
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return c, fmt.Errorf("SMTP_URL: want smtp://user:password@host:port or smtps://... with nothing after the port "+
			"(percent-encode a '/', '?' or '#' of the password), got %s", secret.URL(raw))
	}
	c.SMTP = u
	c.From = getenv("MAIL_FROM")
	if _, err := mail.ParseAddress(c.From); err != nil {
		return c, fmt.Errorf("MAIL_FROM=%q: %v", c.From, err)
	}
	return c, nil
}

// Mailer sends the mails of mailer jobs.
type Mailer struct {
	cfg    Config
	from   *mail.Address
	domain string // of the Message-IDs
	opts   []gomail.Option
	host   string
	log    *slog.Logger
}

// New checks the configuration.
func New(cfg Config) (*Mailer, error) {
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("sender %q: %w", cfg.From, err)
	}
	if cfg.SMTP == nil {
		return nil, errors.New("no SMTP URL")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	m := &Mailer{cfg: cfg, from: from, host: cfg.SMTP.Hostname(), log: cfg.Logger}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	m.domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout), gomail.WithoutNoop()}
	port := 587
	if cfg.SMTP.Scheme == "smtps" {
		port = 465
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if p := cfg.SMTP.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("SMTP port %q: %w", p, err)
		}
		port = n
	}
	opts = append(opts, gomail.WithPort(port))
	if u := cfg.SMTP.User; u != nil && u.Username() != "" {
		pw, _ := u.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.Username()), gomail.WithPassword(pw))
	}
	m.opts = append(opts, cfg.ClientOptions...)
	return m, nil
}

// Register adds a handler per template to w.
func (m *Mailer) Register(w *worker.Worker) {
	if m.cfg.Logger == nil {
		m.log = w.Logger()
	}
	for kind := range Templates {
		w.Handle(kind, m.Handle)
	}
}

// MessageID is the Message-ID of a job's mail (without angle brackets).
func (m *Mailer) MessageID(jobID int64) string {
	return fmt.Sprintf("job-%d@%s", jobID, m.domain)
}

// Build renders job's mail.
func (m *Mailer) Build(job worker.Job) (*gomail.Msg, error) {
	tmpl, ok := Templates[job.Kind]
	if !ok {
		return nil, worker.Permanent(fmt.Errorf("no mail template for job kind %q", job.Kind))
	}
	p, err := payload.Parse(job.Payload)
	if err != nil {
		return nil, worker.Permanent(err)
	}
	to, toName := p.Str("to"), p.Str("to_name")
	content := tmpl(p)
	if err := p.Err(); err != nil {
		return nil, worker.Permanent(fmt.Errorf("%s: %w", job.Kind, err))
	}
	if _, err := mail.ParseAddress(to); err != nil {
		return nil, worker.Permanent(fmt.Errorf("%s: recipient %q: %v", job.Kind, to, err))
	}
	text, html, err := Render(content)
	if err != nil {
		return nil, worker.Permanent(fmt.Errorf("%s: render: %w", job.Kind, err))
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.FromFormat(m.from.Name, m.from.Address); err != nil {
		return nil, worker.Permanent(err)
	}
	if err := msg.AddToFormat(toName, to); err != nil {
		return nil, worker.Permanent(fmt.Errorf("%s: recipient: %w", job.Kind, err))
	}
	msg.Subject(content.Subject)
	msg.SetMessageIDWithValue(m.MessageID(job.ID))
	msg.SetDate()
	msg.SetGenHeader("X-Thick-Job", strconv.FormatInt(job.ID, 10))
	msg.SetGenHeader("X-Thick-Job-Kind", job.Kind)
	msg.SetBodyString(gomail.TypeTextPlain, text)
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	return msg, nil
}

// Handle sends job's mail.
func (m *Mailer) Handle(ctx context.Context, job worker.Job) error {
	msg, err := m.Build(job)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(m.host, m.opts...)
	if err != nil {
		return worker.Permanent(fmt.Errorf("smtp client: %w", err))
	}
	// Not DialAndSendWithContext: it joins the QUIT's error to the result,
	// so a mail the server accepted would be sent again.
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return failure(fmt.Errorf("smtp: dial failed: %w", err))
	}
	sendErr := client.SendWithSMTPClient(sc, msg)
	closeErr := client.CloseWithSMTPClient(sc)
	if sendErr != nil && !acceptedThenReset(sendErr) {
		return failure(fmt.Errorf("smtp: send failed: %w", sendErr))
	}
	if sendErr != nil || closeErr != nil {
		m.log.Warn("mail accepted by the server, then its session failed; the job is done",
			"job_id", job.ID, "kind", job.Kind, "message_id", m.MessageID(job.ID), "err", errors.Join(sendErr, closeErr))
	}
	return nil
}

// acceptedThenReset reports whether err is only the failure of the RSET
// that go-mail sends after the server accepted the message.
func acceptedThenReset(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) || se.Reason != gomail.ErrSMTPReset {
		return false
	}
	// one message per session: a joined error holds just this one
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) != 1 {
		return false
	}
	return true
}

// failure is err as the queue should see it: a 5xx reply is permanent,
// anything else (4xx, connection failures, timeouts) is retried.
func failure(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600 {
		return worker.Permanent(err)
	}
	return err
}
