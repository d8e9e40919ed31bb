package mailer_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"html"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"
	gomail "github.com/wneessen/go-mail"

	"thick/tools/internal/mailer"
	"thick/tools/internal/worker"
	"thick/tools/internal/worktest"
)

func TestMain(m *testing.M) { os.Exit(worktest.Main(m, child)) }

// child is a mailer process that sends each mail and then hangs before
// recording it, as a process killed between the two would.
func child() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	return worker.Command(ctx, "mailer", os.Getenv, os.Stderr, func(getenv func(string) string, w *worker.Worker) error {
		cfg, err := mailer.ConfigFromEnv(getenv)
		if err != nil {
			return err
		}
		m, err := mailer.New(cfg)
		if err != nil {
			return err
		}
		for kind := range mailer.Templates {
			w.Handle(kind, func(ctx context.Context, job worker.Job) error {
				if err := m.Handle(ctx, job); err != nil {
					return err
				}
				select {} // sent; killed before it is recorded
			})
		}
		return nil
	})
}

// received is one mail as the SMTP server got it.
type received struct {
	From     string
	To       []string
	Data     []byte
	TLS      bool
	AuthUser string
}

// smtpServer is an SMTP server in the test process.
type smtpServer struct {
	addr string
	user string // AUTH PLAIN required when set
	pass string
	// reply decides the answer to the n-th DATA (from 1); nil accepts.
	reply func(n int) error

	mu    sync.Mutex
	mails []received
	datas int
}

func startSMTP(t *testing.T, s *smtpServer, tlsConfig *tls.Config) *smtpServer {
	t.Helper()
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, c: c}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.TLSConfig = tlsConfig
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s.addr = l.Addr().String()
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

func (s *smtpServer) URL(user string) string {
	return "smtp://" + user + s.addr
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.mails...)
}

type session struct {
	s    *smtpServer
	c    *smtp.Conn
	user string
	from string
	to   []string
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.user || password != ss.s.pass {
			return errors.New("invalid credentials")
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.user != "" && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	ss.s.datas++
	n := ss.s.datas
	ss.s.mu.Unlock()
	if ss.s.reply != nil {
		if err := ss.s.reply(n); err != nil {
			return err
		}
	}
	_, isTLS := ss.c.TLSConnectionState()
	ss.s.mu.Lock()
	ss.s.mails = append(ss.s.mails, received{From: ss.from, To: ss.to, Data: b, TLS: isTLS, AuthUser: ss.user})
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

// parsed is a received mail read back: headers decoded, both parts.
type parsed struct {
	MessageID, From, To, Subject string
	Text, HTML                   string
	Header                       mail.Header
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	require.NoError(t, err)
	dec := new(mime.WordDecoder)
	var p parsed
	p.Header = msg.Header
	p.MessageID = msg.Header.Get("Message-ID")
	p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject"))
	require.NoError(t, err)
	p.From, err = dec.DecodeHeader(msg.Header.Get("From"))
	require.NoError(t, err)
	to, err := msg.Header.AddressList("To")
	require.NoError(t, err)
	require.Len(t, to, 1)
	p.To = to[0].String()
	if to[0].Name != "" {
		p.To = to[0].Name + " <" + to[0].Address + ">"
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mt, "a plain text and an HTML part")
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		body, err := io.ReadAll(part)
		require.NoError(t, err)
		ct, cp, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		require.NoError(t, err)
		require.Equal(t, "utf-8", strings.ToLower(cp["charset"]), "UTF-8 parts")
		switch ct {
		case "text/plain":
			p.Text = string(body)
		case "text/html":
			p.HTML = string(body)
		default:
			t.Fatalf("unexpected part %s", ct)
		}
	}
	require.NotEmpty(t, p.Text, "a plain text part")
	require.NotEmpty(t, p.HTML, "an HTML part")
	return p
}

const from = "Łukasz Żółć Brokers <noreply@thick.test>"

func start(t *testing.T, d *worktest.DB, smtpURL string, opts ...gomail.Option) *worker.Worker {
	t.Helper()
	u, err := url.Parse(smtpURL)
	require.NoError(t, err)
	m, err := mailer.New(mailer.Config{SMTP: u, From: from, Timeout: 5 * time.Second, ClientOptions: opts})
	require.NoError(t, err)
	return worktest.Start(t, worker.Config{Queue: "mailer", DatabaseURL: d.WorkerURL, PollInterval: 200 * time.Millisecond,
		Concurrency: 4, Lease: 10 * time.Second}, m.Register)
}

// kindCase is one job kind's payload (docs/jobs.md) and what its mail
// must say.
type kindCase struct {
	kind    string
	payload map[string]any
	subject string
	says    []string // in both parts
}

func envelope(app string, fields map[string]any) map[string]any {
	p := map[string]any{"app": app, "to": "zoe@example.test", "to_name": "Zoë Müller",
		"tenant_name": map[string]string{"crm": "Łukasz Żółć Brokers", "med": "Ørsted School District", "hr": "Hôtel Dubois Group"}[app]}
	for k, v := range fields {
		p[k] = v
	}
	return p
}

func kinds() []kindCase {
	return []kindCase{
		{"mailer.welcome", envelope("crm", map[string]any{"template": "welcome", "client_id": "c-123"}),
			"Welcome to Łukasz Żółć Brokers", []string{"Dear Zoë Müller,", "c-123", "Łukasz Żółć Brokers"}},
		{"mailer.kyc_decision", envelope("crm", map[string]any{"template": "kyc_decision", "client_id": "c-123", "approved": false, "reason": "Passport photo unreadable"}),
			"Your identity documents could not be approved", []string{"Passport photo unreadable", "c-123"}},
		{"mailer.kyc_expiring", envelope("crm", map[string]any{"template": "kyc_expiring", "client_id": "c-123", "document_id": "d-9", "expires_on": "2026-12-31"}),
			"Your identity document expires on 31 December 2026", []string{"d-9", "31 December 2026"}},
		{"mailer.deposit_confirmed", envelope("crm", map[string]any{"template": "deposit_confirmed", "deposit_id": "dep-7", "account_id": "acc-1",
			"amount": "1234.50", "currency": "EUR", "method": "card"}),
			"Deposit of 1234.50 EUR confirmed", []string{"1234.50 EUR", "card", "acc-1", "dep-7"}},
		{"mailer.withdrawal_decided", envelope("crm", map[string]any{"template": "withdrawal_decided", "withdrawal_id": "w-5", "account_id": "acc-1",
			"approved": true, "amount": "250.00", "currency": "USD", "reason": nil}),
			"Withdrawal of 250.00 USD approved", []string{"250.00 USD", "w-5", "approved"}},
		{"mailer.margin_call", envelope("crm", map[string]any{"template": "margin_call", "account_id": "acc-1", "margin_level": "87.5",
			"currency": "EUR", "equity": "875.00", "used_margin": "1000.00"}),
			"Margin call on account acc-1: margin level 87.5 %", []string{"87.5 %", "875.00 EUR", "1000.00 EUR"}},
		{"mailer.sent_home", envelope("med", map[string]any{"template": "sent_home", "visit_id": "v-1", "student_name": "Noé Dupré",
			"school_name": "École Jean Jaurès", "picked_up_by": "Zoë Müller", "complaint": "fever 38.9 °C"}),
			"Noé Dupré was sent home from École Jean Jaurès", []string{"fever 38.9 °C", "Zoë Müller", "v-1"}},
		{"mailer.ems_alert", envelope("med", map[string]any{"template": "ems_alert", "visit_id": "v-2", "student_name": "Noé Dupré",
			"school_name": "École Jean Jaurès", "complaint": "anaphylaxis", "at": "2026-11-29T10:15:00+01:00", "reason": "epinephrine"}),
			"Emergency: Noé Dupré at École Jean Jaurès", []string{"Epinephrine was given", "anaphylaxis", "29 November 2026 10:15 +01:00"}},
		{"mailer.leave_decided", envelope("hr", map[string]any{"template": "leave_decided", "leave_id": "l-3", "employee_name": "Jürgen Groß",
			"starts_on": "2026-12-21", "ends_on": "2026-12-24", "kind": "vacation", "approved": true}),
			"Leave (vacation) from 21 December 2026 to 24 December 2026 is approved", []string{"Jürgen Groß", "l-3"}},
		{"mailer.certificate_expiring", envelope("hr", map[string]any{"template": "certificate_expiring", "certification_id": "cert-4",
			"employee_name": "Jürgen Groß", "kind": "food hygiene", "expires_on": "2027-01-15"}),
			"Certificate food hygiene expires on 15 January 2027", []string{"Jürgen Groß", "cert-4", "15 January 2027"}},
	}
}

// Every mail kind of docs/jobs.md is sent, and read back: headers (UTF-8
// names and subject, the job's Message-ID) and both parts.
func TestEveryKindDelivered(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	s := startSMTP(t, &smtpServer{}, nil)
	cases := kinds()
	require.Len(t, cases, len(mailer.Templates), "a case per template")
	ids := map[int64]kindCase{}
	for _, c := range cases {
		ids[d.Enqueue(t, c.kind, c.payload, "")] = c
	}
	start(t, d, s.URL(""))
	for id := range ids {
		d.WaitJob(t, id, "done", 15*time.Second)
	}
	mails := s.received()
	require.Len(t, mails, len(cases), "one mail per job")
	byID := map[string]parsed{}
	for _, m := range mails {
		p := parse(t, m.Data)
		byID[p.MessageID] = p
		require.Equal(t, "noreply@thick.test", m.From, "envelope sender")
		require.Equal(t, []string{"zoe@example.test"}, m.To, "envelope recipient")
	}
	for id, c := range ids {
		t.Run(c.kind, func(t *testing.T) {
			p, ok := byID[fmt.Sprintf("<job-%d@thick.test>", id)]
			require.True(t, ok, "the mail of job %d carries its Message-ID", id)
			require.Equal(t, c.subject, p.Subject)
			require.Equal(t, "Zoë Müller <zoe@example.test>", p.To)
			require.Equal(t, from, p.From)
			require.Equal(t, fmt.Sprint(id), p.Header.Get("X-Thick-Job"))
			require.NotEmpty(t, p.Header.Get("Date"))
			for _, want := range c.says {
				require.Contains(t, p.Text, want, "plain text part")
				require.Contains(t, html.UnescapeString(p.HTML), want, "HTML part")
			}
			require.Contains(t, p.HTML, "<p>", "the HTML part is HTML")
			require.NotContains(t, p.Text, "<p>", "the text part is not")
		})
	}
}

// Text from the payload is escaped in the HTML part.
func TestHTMLEscapesPayload(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	s := startSMTP(t, &smtpServer{}, nil)
	id := d.Enqueue(t, "mailer.welcome", envelope("crm", map[string]any{"client_id": `<script>alert("x")</script>`}), "")
	start(t, d, s.URL(""))
	d.WaitJob(t, id, "done", 10*time.Second)
	p := parse(t, s.received()[0].Data)
	require.NotContains(t, p.HTML, "<script>")
	require.Contains(t, p.HTML, "&lt;script&gt;")
	require.Contains(t, p.Text, `<script>alert("x")</script>`, "the text part keeps it as written")
}

// A 4xx reply is retried (by the database, after its backoff).
func TestTemporaryFailureRetried(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	s := startSMTP(t, &smtpServer{reply: func(n int) error {
		if n == 1 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		}
		return nil
	}}, nil)
	id := d.Enqueue(t, "mailer.welcome", envelope("crm", map[string]any{"client_id": "c-1"}), "")
	w := start(t, d, s.URL(""))
	j := d.WaitJob(t, id, "done", 15*time.Second)
	require.Equal(t, 2, j.Attempt, "delivered on the second attempt")
	require.Len(t, s.received(), 1)
	require.Eventually(t, func() bool { return w.Metrics().Snapshot().Retried == 1 }, 5*time.Second, 10*time.Millisecond,
		"the failed attempt is counted as retried")
}

// A 5xx reply fails the job for good.
func TestPermanentFailureDead(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	s := startSMTP(t, &smtpServer{reply: func(int) error {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}}, nil)
	id := d.Enqueue(t, "mailer.welcome", envelope("crm", map[string]any{"client_id": "c-1"}), "")
	w := start(t, d, s.URL(""))
	j := d.WaitJob(t, id, "dead", 10*time.Second)
	require.Equal(t, 1, j.Attempt, "no retry after a 5xx")
	require.Contains(t, j.LastError, "550")
	require.Contains(t, j.LastError, "no such mailbox")
	require.Eventually(t, func() bool { return w.Metrics().Snapshot().Dead == 1 }, 5*time.Second, 10*time.Millisecond,
		"the job is counted dead")
}

// A server that accepts the connection and never answers times out; the
// attempt is retried, not hung on.
func TestSilentServerTimesOut(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, silent
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	u, err := url.Parse("smtp://" + l.Addr().String())
	require.NoError(t, err)
	m, err := mailer.New(mailer.Config{SMTP: u, From: from, Timeout: 500 * time.Millisecond})
	require.NoError(t, err)
	id := d.Enqueue(t, "mailer.welcome", envelope("crm", map[string]any{"client_id": "c-1"}), "")
	started := time.Now()
	worktest.Start(t, worker.Config{Queue: "mailer", DatabaseURL: d.WorkerURL, PollInterval: time.Minute, Lease: time.Minute}, m.Register)
	deadline := time.Now().Add(10 * time.Second)
	j := d.Job(t, id)
	for j.LastError == "" {
		require.True(t, time.Now().Before(deadline), "the attempt ended")
		time.Sleep(50 * time.Millisecond)
		j = d.Job(t, id)
	}
	require.Less(t, time.Since(started), 5*time.Second, "ended by the timeout, long before the lease")
	require.Equal(t, "pending", j.State, "retried after the backoff")
	require.Equal(t, 1, j.Attempt)
	require.Contains(t, j.LastError, "timeout")
}

// A payload missing what the template needs is dead at once, saying what.
func TestMalformedPayloadDead(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	s := startSMTP(t, &smtpServer{}, nil)
	p := envelope("crm", map[string]any{"deposit_id": "dep-1", "account_id": "a", "amount": "12,50", "currency": "EUR", "method": "card"})
	delete(p, "to_name")
	id := d.Enqueue(t, "mailer.deposit_confirmed", p, "")
	start(t, d, s.URL(""))
	j := d.WaitJob(t, id, "dead", 10*time.Second)
	require.Equal(t, 1, j.Attempt)
	require.Equal(t, `mailer.deposit_confirmed: payload: missing to_name; amount "12,50" is not a decimal`, j.LastError)
	require.Empty(t, s.received(), "nothing was sent")
}

// STARTTLS where the server offers it, AUTH with the URL's credentials.
func TestSTARTTLSAndAuth(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	serverTLS, clientTLS := selfSigned(t)
	s := startSMTP(t, &smtpServer{user: "mailer", pass: "s3cret pass"}, serverTLS)
	id := d.Enqueue(t, "mailer.welcome", envelope("crm", map[string]any{"client_id": "c-1"}), "")
	start(t, d, s.URL(url.UserPassword("mailer", "s3cret pass").String()+"@"), gomail.WithTLSConfig(clientTLS))
	d.WaitJob(t, id, "done", 10*time.Second)
	mails := s.received()
	require.Len(t, mails, 1)
	require.True(t, mails[0].TLS, "the session was upgraded with STARTTLS")
	require.Equal(t, "mailer", mails[0].AuthUser, "authenticated as the URL's user")

	// wrong credentials: the server refuses (this one with a 454, a
	// temporary reply, so the queue retries), nothing is sent
	d2 := worktest.NewDB(t)
	bad := d2.Enqueue(t, "mailer.welcome", envelope("crm", map[string]any{"client_id": "c-2"}), "")
	start(t, d2, s.URL(url.UserPassword("mailer", "wrong").String()+"@"), gomail.WithTLSConfig(clientTLS))
	deadline := time.Now().Add(10 * time.Second)
	for j := d2.Job(t, bad); j.LastError == ""; j = d2.Job(t, bad) {
		require.True(t, time.Now().Before(deadline), "the refused attempt is recorded")
		time.Sleep(50 * time.Millisecond)
	}
	j := d2.Job(t, bad)
	require.Contains(t, j.LastError, "invalid credentials")
	require.NotEqual(t, "done", j.State)
	require.Len(t, s.received(), 1, "nothing more was sent")
}

// The process killed after sending, before recording: the job runs again
// elsewhere and the mail is sent again with the same Message-ID, so the
// receiving side can tell it is the same message.
func TestKilledAfterSendingSameMessageID(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	s := startSMTP(t, &smtpServer{}, nil)
	id := d.Enqueue(t, "mailer.welcome", envelope("crm", map[string]any{"client_id": "c-1"}), "")
	c := worktest.StartChild(t, "mailer", d.Env("WORKER_LEASE=2s", "SMTP_URL="+s.URL(""), "MAIL_FROM="+from)...)
	deadline := time.Now().Add(15 * time.Second)
	for len(s.received()) == 0 {
		require.True(t, time.Now().Before(deadline), "the worker process sent the mail\n%s", c.Output)
		time.Sleep(20 * time.Millisecond)
	}
	c.Signal(t, syscall.SIGKILL)
	c.Wait(t, 5*time.Second)
	require.Equal(t, "running", d.Job(t, id).State, "the killed worker did not record it")

	start(t, d, s.URL(""))
	j := d.WaitJob(t, id, "done", 15*time.Second)
	require.Equal(t, 2, j.Attempt)
	mails := s.received()
	require.Len(t, mails, 2, "sent twice")
	want := fmt.Sprintf("<job-%d@thick.test>", id)
	require.Equal(t, want, parse(t, mails[0].Data).MessageID)
	require.Equal(t, want, parse(t, mails[1].Data).MessageID, "with the same Message-ID")
}

// Several mailers in parallel process 10,000 jobs, each mail received
// exactly once (counted by Message-ID).
func TestTenThousandJobsExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 10,000-job run is skipped")
	}
	t.Parallel()
	const jobs = 10_000
	d := worktest.NewDB(t)
	s := startSMTP(t, &smtpServer{}, nil)
	_, err := d.Admin.Exec(context.Background(), `
		select core.enqueue('mailer.welcome', pg_catalog.jsonb_build_object(
		    'app', 'crm', 'template', 'welcome', 'to', 'client' || n || '@example.test', 'to_name', 'Zoë Müller ' || n,
		    'tenant_name', 'Łukasz Żółć Brokers', 'client_id', 'c-' || n))
		from generate_series(1, $1) as n`, jobs)
	require.NoError(t, err)
	started := time.Now()
	workers := make([]*worker.Worker, 4)
	for i := range workers {
		workers[i] = start(t, d, s.URL(""))
	}
	deadline := time.Now().Add(3 * time.Minute)
	for d.Count(t, "done") < jobs {
		require.True(t, time.Now().Before(deadline), "all jobs done in time (%d done)", d.Count(t, "done"))
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("10,000 mails by 4 workers in %s", time.Since(started).Round(time.Millisecond))

	mails := s.received()
	seen := make(map[string]int, jobs)
	for _, m := range mails {
		seen[messageID(m.Data)]++
	}
	require.Len(t, seen, jobs, "a mail per job")
	for id, n := range seen {
		require.Equal(t, 1, n, "%s received %d times", id, n)
	}
	require.Len(t, mails, jobs, "no mail twice")
	busy := 0
	for _, w := range workers {
		if w.Metrics().Snapshot().Done > 0 {
			busy++
		}
	}
	require.Greater(t, busy, 1, "the work was shared")
	var notDone int
	require.NoError(t, d.Admin.QueryRow(context.Background(), `select count(*) from core.jobs where state <> 'done' or attempt <> 1`).Scan(&notDone))
	require.Zero(t, notDone, "every job done on its first attempt")
}

func messageID(data []byte) string {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	return msg.Header.Get("Message-ID")
}

// selfSigned returns a server TLS config for 127.0.0.1 and a client config
// that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

// SMTP_URL and MAIL_FROM are checked before the worker starts; a password
// never shows in the error.
func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	_, err := mailer.ConfigFromEnv(env(map[string]string{"MAIL_FROM": "a@b.test"}))
	require.ErrorContains(t, err, "SMTP_URL is not set")
	_, err = mailer.ConfigFromEnv(env(map[string]string{"SMTP_URL": "http://user:hunter2@mail.test", "MAIL_FROM": "a@b.test"}))
	require.ErrorContains(t, err, "want smtp://")
	require.NotContains(t, err.Error(), "hunter2")
	for _, raw := range []string{
		"mailuser:Tr0ub4dor&3@smtp.example.com:587",     // the review's: parsed as the scheme "mailuser"
		"mail_user:Tr0ub4dor&3@smtp.example.com",        // unparsable
		"//mailuser:Tr0ub4dor&3@smtp.example.com",       // no scheme
		"smtp://mailuser:12/Tr0ub4dor@smtp.example.com", // a '/' of the password not escaped
		"smtp://mailuser@smtp.example.com/?password=Tr0ub4dor",
	} {
		_, err = mailer.ConfigFromEnv(env(map[string]string{"SMTP_URL": raw, "MAIL_FROM": "a@b.test"}))
		require.ErrorContains(t, err, "want smtp://", raw)
		require.NotContains(t, err.Error(), "Tr0ub4dor", "the password of %q is not shown", raw)
	}
	_, err = mailer.ConfigFromEnv(env(map[string]string{"SMTP_URL": "smtp://mail.test"}))
	require.ErrorContains(t, err, "MAIL_FROM")
	c, err := mailer.ConfigFromEnv(env(map[string]string{"SMTP_URL": "smtps://u:p@mail.test", "MAIL_FROM": "Brokers <a@b.test>"}))
	require.NoError(t, err)
	require.Equal(t, "smtps", c.SMTP.Scheme)
	m, err := mailer.New(c)
	require.NoError(t, err)
	require.Equal(t, "job-42@b.test", m.MessageID(42))
}
